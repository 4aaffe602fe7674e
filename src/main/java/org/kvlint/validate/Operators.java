package org.kvlint.validate;

import java.util.function.Function;
import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.Pointer;

/**
 * C operators on interpreter values. Integers follow 64-bit two's complement (sizes are far
 * below 2^63, so signed comparison is what the code means); GFP masks stay symbolic; pointer
 * arithmetic moves the address (an interior pointer, which the model refuses to free); anything
 * involving an unknown is unknown, named by the expression's text.
 */
final class Operators {
    private Operators() {}

    /** {@code op v} for a unary C operator. */
    static Value unary(String op, Value v, String key) {
        return switch (op) {
            case "!" -> Value.truth(v).map(t -> Value.bool(!t)).orElseGet(() -> new Value.Unknown(key));
            case "-" -> v instanceof Value.Int i ? new Value.Int(-i.value()) : new Value.Unknown(key);
            case "+" -> v;
            case "~" -> switch (v) {
                case Value.Int i -> new Value.Int(~i.value());
                case Value.Gfp g -> new Value.Gfp(g.mask().complement());
                default -> new Value.Unknown(key);
            };
            default -> new Value.Unknown(key);
        };
    }

    /**
     * {@code l op r} for a binary C operator (arithmetic, bitwise, comparison; not && and ||).
     *
     * @param key the expression's canonical text, naming the result when it is unknown
     * @param mask how a value used as a GFP mask reads (an unknown one is the scenario's mask)
     */
    static Value binary(String op, Value l, Value r, String key, Function<Value, GfpMask> mask) {
        if (l instanceof Value.Int a && r instanceof Value.Int b) {
            long x = a.value();
            long y = b.value();
            return switch (op) {
                case "+" -> new Value.Int(x + y);
                case "-" -> new Value.Int(x - y);
                case "*" -> new Value.Int(x * y);
                // a negative dividend here is an unsigned maximum (SIZE_MAX, ULONG_MAX, a saturated
                // size_mul()): 'n < SIZE_MAX / sizeof(*p)' must read as the overflow check it is
                case "/" -> y == 0 ? new Value.Unknown(key)
                        : new Value.Int(x < 0 && y > 0 ? Long.divideUnsigned(x, y) : x / y);
                case "%" -> y == 0 ? new Value.Unknown(key)
                        : new Value.Int(x < 0 && y > 0 ? Long.remainderUnsigned(x, y) : x % y);
                case "<<" -> new Value.Int(y >= 0 && y < 64 ? x << y : 0);
                case ">>" -> new Value.Int(y >= 0 && y < 64 ? x >>> y : 0);
                case "&" -> new Value.Int(x & y);
                case "|" -> new Value.Int(x | y);
                case "^" -> new Value.Int(x ^ y);
                case "==" -> Value.bool(x == y);
                case "!=" -> Value.bool(x != y);
                case "<" -> Value.bool(x < y);
                case "<=" -> Value.bool(x <= y);
                case ">" -> Value.bool(x > y);
                case ">=" -> Value.bool(x >= y);
                default -> new Value.Unknown(key);
            };
        }
        if (l instanceof Value.Gfp || r instanceof Value.Gfp) {
            return gfpArith(op, mask.apply(l), mask.apply(r), key);
        }
        if (l instanceof Value.Ptr p && r instanceof Value.Int i) {
            return switch (op) {
                case "+" -> new Value.Ptr(new Pointer(p.pointer().address() + i.value()));
                case "-" -> new Value.Ptr(new Pointer(p.pointer().address() - i.value()));
                case "==" -> Value.bool(p.pointer().address() == i.value());
                case "!=" -> Value.bool(p.pointer().address() != i.value());
                default -> new Value.Unknown(key);
            };
        }
        if (l instanceof Value.Int i && r instanceof Value.Ptr p) {
            return switch (op) {
                case "==" -> Value.bool(p.pointer().address() == i.value());
                case "!=" -> Value.bool(p.pointer().address() != i.value());
                case "+" -> new Value.Ptr(new Pointer(p.pointer().address() + i.value()));
                default -> new Value.Unknown(key);
            };
        }
        if (l instanceof Value.Ptr a && r instanceof Value.Ptr b) {
            return switch (op) {
                case "==" -> Value.bool(a.pointer().equals(b.pointer()));
                case "!=" -> Value.bool(!a.pointer().equals(b.pointer()));
                default -> new Value.Unknown(key);
            };
        }
        return new Value.Unknown(key);
    }

    /** Masks combine as sets of flags: {@code gfp | __GFP_ZERO}, {@code gfp & ~__GFP_FS}. */
    private static Value gfpArith(String op, GfpMask a, GfpMask b, String key) {
        return switch (op) {
            case "|" -> new Value.Gfp(a.union(b));
            case "&" -> new Value.Gfp(a.intersect(b));
            case "==" -> Value.bool(a.equals(b));
            case "!=" -> Value.bool(!a.equals(b));
            default -> new Value.Unknown(key);
        };
    }
}
