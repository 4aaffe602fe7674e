package org.kvlint.alloc;

/**
 * One argument of a modelled C call ({@link AllocatorModel#call}). Integers carry C values as a
 * 64-bit pattern ({@code size_t} is read unsigned); GFP masks are symbolic; pointers are model
 * pointers; strings stand for the contents of a {@code const char *} (kstrdup).
 */
public sealed interface Arg {

    record Int(long value) implements Arg {}

    record Flags(GfpMask mask) implements Arg {}

    record Ptr(Pointer pointer) implements Arg {}

    record Text(String value) implements Arg {}

    static Arg size(long bytes) {
        return new Int(bytes);
    }

    static Arg count(long n) {
        return new Int(n);
    }

    static Arg node(int node) {
        return new Int(node);
    }

    static Arg gfp(GfpMask mask) {
        return new Flags(mask);
    }

    /** A mask written in C, e.g. {@code "GFP_KERNEL | __GFP_NOWARN"}. */
    static Arg gfp(String cText) {
        return new Flags(GfpMask.parse(cText));
    }

    static Arg ptr(Pointer p) {
        return new Ptr(p);
    }

    static Arg text(String s) {
        return new Text(s);
    }
}
