package org.kvlint.cli;

import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Level;

/**
 * kvlint's exit statuses, the same for every command (each command's help says what "findings"
 * means for it).
 */
public enum ExitStatus {
    /** nothing found, or nothing at or above {@code --fail-on}, or {@code --exit-zero}. */
    CLEAN(0),
    /** at least one finding at or above {@code --fail-on} (default: warning; notes alone exit 0). */
    FINDINGS(1),
    /**
     * bad usage (unknown option or rule, bad {@code --kernel-version}, a config file that cannot be
     * used), nothing scannable (no C file under the paths), a report that could not be written, or
     * a fatal error.
     */
    ERROR(2),
    /**
     * with {@code --strict} only: kvlint itself failed on part of the input (reported as an
     * internal diagnostic; the rest was analysed and reported).
     */
    INTERNAL(3);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The status of a scan's reported findings: FINDINGS when one is at {@code failOn} or worse
     * (unused suppressions, when listed, count as warnings), else CLEAN; always CLEAN with
     * {@code exitZero}. Suppressed findings never count.
     */
    public static ExitStatus of(ScanResult reported, Level failOn, boolean exitZero) {
        if (exitZero) {
            return CLEAN;
        }
        boolean fails = reported.findings().stream().anyMatch(f -> atLeast(f.level(), failOn))
                || !reported.unusedSuppressions().isEmpty() && atLeast(Level.WARNING, failOn);
        return fails ? FINDINGS : CLEAN;
    }

    /** Is {@code level} as bad as {@code threshold} or worse? (ERROR is the worst.) */
    static boolean atLeast(Level level, Level threshold) {
        return level.ordinal() <= threshold.ordinal();
    }

    /** No C file was found under the paths: nothing could be checked, which is an error, not a clean tree. */
    public static boolean nothingScannable(ScanResult scan) {
        return scan.stats().filesScanned() == 0;
    }
}
