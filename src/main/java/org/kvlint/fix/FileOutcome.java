package org.kvlint.fix;

import java.util.Arrays;
import java.util.List;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.InputFile;

/**
 * One file after a fix run.
 *
 * @param before the bytes exactly as read (what the fixes' offsets index)
 * @param after the bytes with the applied fixes; equal to {@code before} when nothing applied
 * @param decisions one per selected finding, in the order they were considered
 */
public record FileOutcome(InputFile file, byte[] before, byte[] after, List<Decision> decisions,
                          List<Diagnostic> diagnostics) {
    public FileOutcome {
        decisions = List.copyOf(decisions);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean changed() {
        return !Arrays.equals(before, after);
    }

    public List<Decision.Applied> applied() {
        return decisions.stream().filter(d -> d instanceof Decision.Applied).map(d -> (Decision.Applied) d).toList();
    }

    public List<Decision.Skipped> skipped() {
        return decisions.stream().filter(d -> d instanceof Decision.Skipped).map(d -> (Decision.Skipped) d).toList();
    }
}
