package org.kvlint.cli;

/** kvlint's exit statuses. */
public enum ExitStatus {
    /** nothing found. */
    CLEAN(0),
    /** at least one finding. */
    FINDINGS(1),
    /** bad usage or a fatal error. */
    ERROR(2);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
