package org.kvlint.cli;

/** kvlint's exit statuses. */
public enum ExitStatus {
    /** nothing found. */
    CLEAN(0),
    /** at least one finding. */
    FINDINGS(1),
    /** bad usage or a fatal error. */
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
}
