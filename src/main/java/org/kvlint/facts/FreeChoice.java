package org.kvlint.facts;

/**
 * Two frees of one place under exclusive conditions, one {@code kfree()}, one {@code vfree()}:
 * the code chooses the free by what it knows of the memory, which {@code kvfree()} does by
 * itself (see {@link FreeChoices}). Plain data.
 *
 * @param kfree the kfree() call's start byte
 * @param kfreeLoc the kfree() call
 * @param vfree the vfree() call's start byte
 * @param vfreeLoc the vfree() call
 * @param pointer the kfree()'s argument as written (what kvfree() gets)
 * @param place the freed place, canonical ({@code r->slots})
 * @param kind what the choice is made on
 * @param test the condition under which {@code vfree()} runs (for a flag or value pair: its own test)
 * @param other for a pair of flag or value tests, the condition under which {@code kfree()} runs; else null
 * @param shape how the code writes the choice
 * @param statement the if statement or ?: expression that holds both frees ({@code IF_ELSE},
 *     {@code TERNARY}), the first of the two if statements ({@code TWO_IFS}), or the if around
 *     the first free ({@code APART})
 * @param second the second if statement for {@code TWO_IFS}, the statement after the {@code #endif}
 *     for {@code SPLIT_IF}, else null
 * @param configuration the {@code #if} side the choice is made on, in words ("with X not
 *     defined"), for {@code SPLIT_IF}; else ""
 */
public record FreeChoice(int kfree, Loc kfreeLoc, int vfree, Loc vfreeLoc, String pointer, String place, Kind kind,
                         Guard test, Guard other, Shape shape, Loc statement, Loc second, String configuration)
        implements java.io.Serializable {

    /** What the code tests to choose the free. */
    public enum Kind {
        /** {@code is_vmalloc_addr(p)}, on the right side. */
        VMALLOC_TEST,
        /** {@code is_vmalloc_addr(p)} with the frees swapped: vmalloc memory goes to kfree(). */
        INVERTED_VMALLOC_TEST,
        /** a size comparison ({@code size > PAGE_SIZE}). */
        SIZE,
        /** one condition and its negation: a flag, a mode, a predicate. */
        FLAG,
        /** two tests that cannot both hold for one object: two bits of one flags word, two values of one field. */
        FLAG_PAIR,
        /**
         * the NULL test of a second pointer that holds the memory only when it came from vmalloc
         * ({@code if (vvalue) vfree(vvalue); else kfree(kvalue);}); {@code test} is that pointer's
         * non-NULL test.
         */
        HOLDER
    }

    /** How the choice is written. */
    public enum Shape {
        /** {@code if (c) ...vfree(p)...; else ...kfree(p)...;} (either order), the frees directly in the arms. */
        IF_ELSE,
        /** {@code c ? vfree(p) : kfree(p);} */
        TERNARY,
        /** {@code if (f & A) kfree(p); if (f & B) vfree(p);}, one right after the other. */
        TWO_IFS,
        /**
         * {@code #ifndef X / if (c) vfree(p); else / #endif / kfree(p);}: an if/else an {@code #if}
         * block cuts in two after its else (either free in the if); a choice in the configuration
         * the block is compiled in.
         */
        SPLIT_IF,
        /** any other layout (an early exit, frees apart). */
        APART
    }
}
