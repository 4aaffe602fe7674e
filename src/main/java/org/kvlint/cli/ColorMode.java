package org.kvlint.cli;

/** {@code --color=auto|always|never}: whether the text report is coloured. */
enum ColorMode {
    AUTO, ALWAYS, NEVER;

    /**
     * ALWAYS and NEVER mean what they say; AUTO colours only a terminal, and not when
     * {@code NO_COLOR} is set to anything but the empty string (no-color.org) or {@code TERM} is
     * {@code dumb}.
     *
     * @param terminal the report goes to a terminal (not a pipe, not a file)
     * @param noColor the NO_COLOR variable, or null
     * @param term the TERM variable, or null
     */
    boolean enabled(boolean terminal, String noColor, String term) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
        };
    }

    /** Is this process's standard output a terminal? */
    static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
