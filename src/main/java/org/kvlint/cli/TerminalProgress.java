package org.kvlint.cli;

import java.io.PrintWriter;
import org.kvlint.engine.Progress;

/**
 * Progress of a long scan on stderr, for a person at a terminal: after the first second, one
 * line rewritten in place at most ten times a second ("kvlint: 12034/55405 files, 3 findings,
 * 1.4 s"), cleared at the end. Nothing when stderr is not a terminal, with --quiet, or in CI.
 */
final class TerminalProgress implements Progress {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long shown;
    private boolean dirty;

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    /**
     * Progress for this process's stderr: the launcher tells whether it is a terminal
     * ({@code -Dkvlint.stderr.tty=true}, from {@code [ -t 2 ]}); the notes still go to {@code err}.
     */
    static Progress forStderr(PrintWriter err, boolean quiet) {
        boolean tty = Boolean.getBoolean("kvlint.stderr.tty");
        String ci = System.getenv("CI");
        if (quiet || !tty || ci != null && !ci.isEmpty() && !ci.equals("false")) {
            return Progress.notesOnly(err::println);
        }
        return new TerminalProgress(err);
    }

    @Override
    public synchronized void update(int done, int total, int findings) {
        long now = System.nanoTime();
        if (now - start < DELAY_NANOS || now - shown < EVERY_NANOS) {
            return;
        }
        shown = now;
        dirty = true;
        err.printf("\rkvlint: %d/%d files, %d finding%s, %.1f s\u001b[K", done, total, findings,
                findings == 1 ? "" : "s", (now - start) / 1e9);
        err.flush();
    }

    @Override
    public synchronized void finish() {
        if (dirty) {
            err.print("\r\u001b[K");
            err.flush();
            dirty = false;
        }
    }

    @Override
    public synchronized void note(String line) {
        finish();
        err.println(line);
    }
}
