package org.kvlint.config;

/**
 * A config file that cannot be used: its message reads {@code FILE:LINE: what is wrong}, like a
 * compiler's, so editors jump to it.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param line 1-based; 0 when the line is not known */
    public ConfigException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
