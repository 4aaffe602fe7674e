package org.kvlint.cli;

import java.util.List;
import org.kvlint.source.Diagnostic;
import picocli.CommandLine.Option;

/** {@code --strict}: kvlint's own failures on part of the input change the exit status. */
public final class StrictOption {
    @Option(names = "--strict",
            description = "Exit with status 3 when kvlint itself failed on part of the input (an internal error, a "
                    + "stack or memory overflow, an exhausted work budget; each is reported as one diagnostic and the "
                    + "rest of the scan goes on). Without it such problems are reported but do not change the status.")
    boolean strict;

    /** {@code code}, or 3 when strict and some diagnostic is internal (usage and fatal errors stay 2). */
    int status(int code, List<Diagnostic> diagnostics) {
        if (strict && code != ExitStatus.ERROR.code() && diagnostics.stream().anyMatch(Diagnostic::internal)) {
            return ExitStatus.INTERNAL.code();
        }
        return code;
    }
}
