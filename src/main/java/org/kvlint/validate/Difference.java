package org.kvlint.validate;

/**
 * One observable that differs between the runs before and after, and which way.
 *
 * @param field "return value", "priv->buf", "OOM killer", "warnings", "illegal frees", "leaks", "bugs"
 * @param before rendered value before
 * @param after rendered value after
 * @param direction BETTER, WORSE or DOCUMENTED (never EQUAL)
 * @param why for DOCUMENTED: which documented behaviour; otherwise empty
 */
public record Difference(String field, String before, String after, Verdict direction, String why) {

    /** "priv->buf: memory → NULL (worse)". */
    public String render() {
        return field + ": " + before + " → " + after + " (" + direction.name().toLowerCase(java.util.Locale.ROOT)
                + (why.isEmpty() ? "" : ", " + why) + ")";
    }
}
