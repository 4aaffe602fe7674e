package org.kvlint.cli;

import java.io.PrintWriter;
import org.kvlint.engine.Progress;

/**
 * Progress of a long scan on stderr, for a person at a terminal: after the first second, one
 * line rewritten in place at most ten times a second ("kvlint: 12034/55405 files, 3 findings,
 * 1.4 s"), then while the fixes are proven ("kvlint: proving fixes, 7/22 files, 8.3 s": the time
 * is the command's), cleared at the end of each. Nothing when stderr is not a terminal, with
 * --quiet, or in CI.
 */
final class TerminalProgress implements Progress {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final java.util.function.LongSupplier clock;
    private final long start;
    private long shown;
    private boolean dirty;

    /** @param clock nanoseconds, as {@link System#nanoTime} counts them */
    TerminalProgress(PrintWriter err, java.util.function.LongSupplier clock) {
        this.err = err;
        this.clock = clock;
        this.start = clock.getAsLong();
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
        return new TerminalProgress(err, System::nanoTime);
    }

    @Override
    public synchronized void update(int done, int total, int findings) {
        if (due()) {
            show(String.format(java.util.Locale.ROOT, "%d/%d files, %d finding%s", done, total, findings,
                    findings == 1 ? "" : "s"));
        }
    }

    @Override
    public synchronized void proving(int done, int total) {
        if (due()) {
            show(String.format(java.util.Locale.ROOT, "proving fixes, %d/%d files", done, total));
        }
    }

    /**
     * Is a line due: the command is a second old and the last line is 0.1 s old? (Asked for every
     * file of a scan, so nothing is formatted before it says yes.)
     */
    private boolean due() {
        long now = clock.getAsLong();
        if (now - start < DELAY_NANOS || now - shown < EVERY_NANOS) {
            return false;
        }
        shown = now;
        return true;
    }

    private void show(String what) {
        dirty = true;
        err.printf(java.util.Locale.ROOT, "\rkvlint: %s, %.1f s\u001b[K", what, (shown - start) / 1e9);
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
