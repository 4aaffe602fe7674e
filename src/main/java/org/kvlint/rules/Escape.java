package org.kvlint.rules;

/**
 * A way the memory of a fix leaves what the rule can see in its file: a struct field, a global,
 * the return value, an argument. The rule records it as data on the fix ({@link Fix.Escapes});
 * the fix stage answers it from the tree-wide index (every free of that field, every caller and
 * what it does with the result...) or, without a kernel tree, says what it could not check.
 * {@link #text()} is why it blocks the fix while it stays unanswered.
 */
public sealed interface Escape {
    /** 1-based line in the fix's file where the memory leaves. */
    int line();

    /** Why the fix cannot be trusted while this stays unanswered, as the fix's reason says it. */
    String text();

    /**
     * Stored in a struct member whose frees may lie in other files.
     *
     * @param structType the struct's tag, or "" when the base's type is unknown
     * @param member the member's name
     * @param shown how the place reads in the code, e.g. "'->i_hash_cache'"
     */
    record Field(String structType, String member, String shown, int line, String text) implements Escape {}

    /** Stored in a global of another file's reach (not a static of this file). */
    record Global(String name, int line, String text) implements Escape {}

    /** Returned by {@code function}: its callers decide how it is freed. */
    record Returned(String function, int line, String text) implements Escape {}

    /**
     * Passed as argument {@code arg} (0-based) to {@code function}, whose body is elsewhere.
     *
     * @param value how the passed value reads, e.g. "'ctx->bv'"
     */
    record Passed(String function, int arg, String value, int line, String text) implements Escape {}

    /**
     * A way out kvlint does not resolve tree-wide (an initializer, an address taken, a store into
     * something it cannot name, copies too deep to follow, storage owned by another pointer).
     */
    record Unfollowed(int line, String text) implements Escape {}
}
