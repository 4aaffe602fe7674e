package org.kvlint.validate;

import java.util.List;
import java.util.function.Function;
import org.kvlint.alloc.Limits;
import org.kvlint.alloc.Pointer;

/**
 * The size and error-pointer helpers of the kernel ({@code include/linux/overflow.h},
 * {@code math.h}, {@code err.h}) on known values. {@code array_size()} & co saturate at
 * SIZE_MAX on overflow, as the kernel's do, so the allocation that follows fails.
 */
final class Arithmetic {
    private Arithmetic() {}

    private static final long SIZE_MAX = -1L;
    private static final Limits LIMITS = new Limits(4096, 11);
    private static final Value UNKNOWN = new Value.Unknown("?");

    /**
     * @param v argument values (for struct_size/flex_array_size the first two are placeholders)
     * @param texts the arguments' canonical C text
     * @param sizeOf {@code sizeof} of an operand's text
     */
    static Value apply(String name, List<Value> v, List<String> texts, Function<String, Value> sizeOf) {
        switch (name) {
            case "ERR_PTR" -> {
                return v.size() == 1 && v.getFirst() instanceof Value.Int i ? new Value.Ptr(new Pointer(i.value())) : UNKNOWN;
            }
            case "ERR_CAST" -> {
                return v.size() == 1 ? v.getFirst() : UNKNOWN;
            }
            case "PTR_ERR", "IS_ERR", "IS_ERR_OR_NULL", "ZERO_OR_NULL_PTR", "PTR_ERR_OR_ZERO" -> {
                if (v.size() != 1) {
                    return UNKNOWN;
                }
                Pointer p = switch (v.getFirst()) {
                    case Value.Ptr x -> x.pointer();
                    case Value.Int x -> new Pointer(x.value());
                    default -> null;
                };
                if (p == null) {
                    return UNKNOWN;
                }
                return switch (name) {
                    case "PTR_ERR" -> new Value.Int(p.address());
                    case "IS_ERR" -> Value.bool(p.isErr());
                    case "IS_ERR_OR_NULL" -> Value.bool(p.isErr() || p.isNull());
                    case "ZERO_OR_NULL_PTR" -> Value.bool(p.isZeroOrNull());
                    default -> new Value.Int(p.isErr() ? p.address() : 0);
                };
            }
            case "struct_size", "flex_array_size" -> {
                if (v.size() != 3 || !(v.get(2) instanceof Value.Int n)) {
                    return UNKNOWN;
                }
                Value elem = sizeOf.apply(texts.get(0) + "->" + texts.get(1));
                if (!(elem instanceof Value.Int e)) {
                    return UNKNOWN;
                }
                long elems = mul(n.value(), e.value());
                if (name.equals("flex_array_size")) {
                    return new Value.Int(elems);
                }
                Value base = sizeOf.apply("*" + texts.get(0));
                return base instanceof Value.Int b ? new Value.Int(add(elems, b.value())) : UNKNOWN;
            }
            default -> {
            }
        }
        long[] x = new long[v.size()];
        for (int i = 0; i < x.length; i++) {
            if (!(v.get(i) instanceof Value.Int n)) {
                if (name.matches("min_t|max_t|clamp_t") && i == 0) {
                    continue; // the type argument
                }
                return UNKNOWN;
            }
            x[i] = n.value();
        }
        return switch (name) {
            case "array_size", "size_mul" -> x.length == 2 ? new Value.Int(mul(x[0], x[1])) : UNKNOWN;
            case "array3_size" -> x.length == 3 ? new Value.Int(mul(mul(x[0], x[1]), x[2])) : UNKNOWN;
            case "size_add" -> x.length == 2 ? new Value.Int(add(x[0], x[1])) : UNKNOWN;
            case "size_sub" -> x.length == 2 ? new Value.Int(x[0] == SIZE_MAX || x[1] == SIZE_MAX
                    || Long.compareUnsigned(x[0], x[1]) < 0 ? SIZE_MAX : x[0] - x[1]) : UNKNOWN;
            case "min" -> x.length == 2 ? new Value.Int(Math.min(x[0], x[1])) : UNKNOWN;
            case "max" -> x.length == 2 ? new Value.Int(Math.max(x[0], x[1])) : UNKNOWN;
            case "min_t" -> x.length == 3 ? new Value.Int(Math.min(x[1], x[2])) : UNKNOWN;
            case "max_t" -> x.length == 3 ? new Value.Int(Math.max(x[1], x[2])) : UNKNOWN;
            case "clamp", "clamp_val" -> x.length == 3 ? new Value.Int(Math.min(Math.max(x[0], x[1]), x[2])) : UNKNOWN;
            case "clamp_t" -> x.length == 4 ? new Value.Int(Math.min(Math.max(x[1], x[2]), x[3])) : UNKNOWN;
            case "DIV_ROUND_UP" -> x.length == 2 && x[1] != 0 ? new Value.Int((x[0] + x[1] - 1) / x[1]) : UNKNOWN;
            case "roundup", "round_up", "ALIGN" -> x.length == 2 && x[1] != 0
                    ? new Value.Int((x[0] + x[1] - 1) / x[1] * x[1]) : UNKNOWN;
            case "round_down", "rounddown" -> x.length == 2 && x[1] != 0 ? new Value.Int(x[0] / x[1] * x[1]) : UNKNOWN;
            case "PAGE_ALIGN" -> x.length == 1 ? new Value.Int((x[0] + 4095) & ~4095L) : UNKNOWN;
            case "get_order" -> x.length == 1 && x[0] > 0 && x[0] < (1L << 62) ? new Value.Int(LIMITS.order(x[0])) : UNKNOWN;
            case "BIT", "BIT_ULL" -> x.length == 1 && x[0] >= 0 && x[0] < 64 ? new Value.Int(1L << x[0]) : UNKNOWN;
            case "is_power_of_2" -> x.length == 1 ? Value.bool(x[0] != 0 && Long.bitCount(x[0]) == 1) : UNKNOWN;
            case "roundup_pow_of_two" -> x.length == 1 && x[0] > 0
                    ? new Value.Int(x[0] == 1 ? 1 : Long.highestOneBit(x[0] - 1) << 1) : UNKNOWN;
            case "ilog2" -> x.length == 1 && x[0] > 0 ? new Value.Int(63 - Long.numberOfLeadingZeros(x[0])) : UNKNOWN;
            case "order_base_2" -> x.length == 1 && x[0] > 0
                    ? new Value.Int(x[0] == 1 ? 0 : 64 - Long.numberOfLeadingZeros(x[0] - 1)) : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    /** size_t multiplication that saturates at SIZE_MAX (check_mul_overflow). */
    static long mul(long a, long b) {
        return Math.unsignedMultiplyHigh(a, b) != 0 ? SIZE_MAX : a * b;
    }

    static long add(long a, long b) {
        long r = a + b;
        return Long.compareUnsigned(r, a) < 0 ? SIZE_MAX : r;
    }
}
