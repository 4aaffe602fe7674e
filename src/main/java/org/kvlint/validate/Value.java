package org.kvlint.validate;

import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.Pointer;

/**
 * A C value as the interpreter sees it. Only what allocator behaviour depends on is tracked
 * exactly (integers, GFP masks, pointers the model handed out); everything else is
 * {@link Unknown}, named by where it came from so that the same unknown gets the same decision
 * before and after the rewrite.
 */
sealed interface Value {

    /** An integer (also booleans, and NULL written as 0). */
    record Int(long value) implements Value {}

    /** A GFP mask, kept symbolic. */
    record Gfp(GfpMask mask) implements Value {}

    /** A pointer value in the model's address space: model memory, NULL, ZERO_SIZE_PTR, ERR_PTR. */
    record Ptr(Pointer pointer) implements Value {}

    /** A string literal (kstrdup() sources). */
    record Str(String text) implements Value {}

    /**
     * A value the interpreter does not know: a parameter, a field set elsewhere, the result of an
     * opaque call.
     *
     * @param key canonical C text of its origin ({@code priv->buf}, {@code foo(x)}); decisions
     *     and materialisations are keyed by it
     */
    record Unknown(String key) implements Value {}

    Value NULL = new Ptr(Pointer.NULL);
    Value ZERO = new Int(0);
    Value ONE = new Int(1);

    static Value bool(boolean b) {
        return b ? ONE : ZERO;
    }

    /**
     * C truth: empty when the value is not known.
     *
     * <p>Static, not a default method, on purpose: an interface with default methods is
     * initialised whenever an implementing record is, and this interface's constants create an
     * {@link Int}. Two proof threads initialising {@code Value} and {@code Int} at the same time
     * then wait for each other forever (seen: {@code kvlint check --format json} hung). Keep
     * {@code Value} free of default methods ({@code ClassInitialisationTest} checks).
     */
    static java.util.Optional<Boolean> truth(Value v) {
        return switch (v) {
            case Int i -> java.util.Optional.of(i.value() != 0);
            case Ptr p -> java.util.Optional.of(!p.pointer().isNull());
            case Gfp g -> java.util.Optional.of(!g.mask().flags().isEmpty());
            case Str s -> java.util.Optional.of(true);
            case Unknown u -> java.util.Optional.empty();
        };
    }
}
