package org.kvlint.validate;

/**
 * What a caller finds in one observable place at the end of a run: the return value, or an
 * out-parameter / field the function stored into.
 *
 * @param value the integer for INT and ERR_PTR cells
 * @param zeroed for MEMORY: every byte was zero when handed out (or memset to zero after)
 * @param text for UNKNOWN: the origin's C text; for GFP: the mask
 */
public record Cell(Kind kind, long value, boolean zeroed, String text) {

    public enum Kind {
        /** NULL pointer. */
        NULL,
        /** Memory the model handed out, still live. */
        MEMORY,
        /** A pointer to memory already freed (dangling). */
        FREED,
        /** {@code ERR_PTR(-errno)}, or ZERO_SIZE_PTR (value 16). */
        ERR_PTR,
        INT,
        GFP,
        /** A value the interpreter does not know (a parameter passed through, an opaque call's result). */
        UNKNOWN
    }

    static final Cell NULL = new Cell(Kind.NULL, 0, false, "");

    static Cell memory(boolean zeroed) {
        return new Cell(Kind.MEMORY, 0, zeroed, "");
    }

    static Cell integer(long v) {
        return new Cell(Kind.INT, v, false, "");
    }

    /** Does this cell say "the allocation failed" to a caller (NULL, ERR_PTR, a negative errno)? */
    boolean failure() {
        return kind == Kind.NULL || kind == Kind.ERR_PTR || kind == Kind.INT && value < 0;
    }

    /** Does this cell say "it worked" (memory, or 0 for an int-returning function)? */
    boolean success() {
        return kind == Kind.MEMORY || kind == Kind.INT && value == 0;
    }

    /** "zeroed memory", "NULL", "-12 (-ENOMEM)", "ERR_PTR(-12)". */
    public String render() {
        return switch (kind) {
            case NULL -> "NULL";
            case MEMORY -> zeroed ? "zeroed memory" : "memory";
            case FREED -> "freed memory";
            case ERR_PTR -> value == 16 ? "ZERO_SIZE_PTR" : "ERR_PTR(" + value + ")";
            case INT -> value == -12 ? "-ENOMEM" : Long.toString(value);
            case GFP -> text;
            case UNKNOWN -> "unknown (" + text + ")";
        };
    }
}
