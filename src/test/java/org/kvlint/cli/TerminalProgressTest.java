package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The progress line at a terminal (issue 11, point 6): nothing in the command's first second, then
 * at most ten lines a second, the scan's and then the proofs', each cleared when it ends; the time
 * shown is the command's.
 */
class TerminalProgressTest {
    private long now;
    private final StringWriter out = new StringWriter();
    private final TerminalProgress progress = new TerminalProgress(new PrintWriter(out, true), () -> now);

    private String shown() {
        String s = out.toString();
        out.getBuffer().setLength(0);
        return s;
    }

    /** What {@code step} writes when the command has run {@code nanos}. */
    private String at(long nanos, Runnable step) {
        now = nanos;
        step.run();
        return shown();
    }

    @Test
    void theScanThenItsProofsAreShownAfterTheFirstSecond() {
        assertEquals("", at(900_000_000L, () -> progress.update(3, 10, 0)), "a command of less than a second shows nothing");
        assertEquals("\rkvlint: 3/10 files, 1 finding, 1.5 s\u001b[K", at(1_500_000_000L, () -> progress.update(3, 10, 1)));
        assertEquals("", at(1_550_000_000L, () -> progress.update(4, 10, 2)), "at most ten lines a second");
        assertEquals("\rkvlint: 10/10 files, 2 findings, 1.7 s\u001b[K",
                at(1_700_000_000L, () -> progress.update(10, 10, 2)));
        assertEquals("\r\u001b[K", at(1_700_000_000L, progress::finish));
        assertEquals("", at(1_700_000_000L, progress::finish), "cleared once");
        assertEquals("\rkvlint: proving fixes, 2/5 files, 2.0 s\u001b[K", at(2_000_000_000L, () -> progress.proving(2, 5)));
        assertEquals("\r\u001b[K", at(2_000_000_000L, progress::finish));
    }

    @Test
    void aNoteClearsTheLineFirst() {
        at(2_000_000_000L, () -> progress.update(1, 2, 0));
        assertEquals("\r\u001b[Kkvlint: note: something" + System.lineSeparator(),
                at(2_000_000_000L, () -> progress.note("kvlint: note: something")));
    }
}
