package org.kvlint.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.kvlint.alloc.AllocatorModel;
import org.kvlint.alloc.Arg;
import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.Pointer;
import org.kvlint.facts.ApiFunction;

/**
 * Turns the values of an allocator call's C arguments into the model's {@link Arg}s, by the
 * roles the allocator table gives each argument (size factors, GFP mask, node). An unknown size
 * takes what makes the allocation the scenario's size; an unknown mask, the scenario's mask.
 *
 * @param size the scenario's size
 * @param mask how a value used as a GFP mask reads
 */
record ModelArgs(long size, Function<Value, GfpMask> mask) {

    /** The arguments of an allocation call, in C order. */
    List<Arg> alloc(ApiFunction f, List<Value> vals) {
        int arity = Math.max(vals.size(), Math.max(Math.max(f.gfpArg(), f.nodeArg()),
                f.sizeArgs().stream().mapToInt(Integer::intValue).max().orElse(-1)) + 1);
        long[] sizes = sizes(f, vals);
        List<Arg> out = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            Value v = i < vals.size() ? vals.get(i) : Value.ZERO;
            int sizeIndex = f.sizeArgs().indexOf(i);
            if (sizeIndex >= 0) {
                out.add(Arg.size(sizes[sizeIndex]));
            } else if (i == f.gfpArg()) {
                out.add(Arg.gfp(mask.apply(v)));
            } else if (i == f.nodeArg()) {
                out.add(Arg.node(v instanceof Value.Int n ? (int) n.value() : AllocatorModel.NUMA_NO_NODE));
            } else if (i == 0 && f.sizeArgs().isEmpty()) {
                out.add(switch (v) { // kstrdup & co: the source string
                    case Value.Str s -> Arg.text(s.text().length() >= 2 ? s.text().substring(1, s.text().length() - 1) : "");
                    case Value.Ptr p when p.pointer().isNull() -> Arg.ptr(Pointer.NULL);
                    case Value.Int x when x.value() == 0 -> Arg.ptr(Pointer.NULL);
                    default -> Arg.text("an unknown string");
                });
            } else if (i == 1 && f.name().equals("kstrndup")) {
                out.add(Arg.size(v instanceof Value.Int x ? x.value() : size));
            } else {
                out.add(Arg.count(0)); // kmemdup's source and the like: not modelled
            }
        }
        return out;
    }

    /**
     * The size arguments as integers. An unknown one takes what makes the product the scenario's
     * size (the first unknown; further unknowns take 1): "n takes size / elem".
     */
    long[] sizes(ApiFunction f, List<Value> vals) {
        List<Integer> idx = f.sizeArgs();
        long[] out = new long[idx.size()];
        long known = 1;
        int firstUnknown = -1;
        for (int k = 0; k < idx.size(); k++) {
            Value v = idx.get(k) < vals.size() ? vals.get(idx.get(k)) : Value.ZERO;
            if (v instanceof Value.Int i) {
                out[k] = i.value();
                known *= i.value();
            } else if (firstUnknown < 0) {
                firstUnknown = k;
            } else {
                out[k] = 1;
            }
        }
        if (firstUnknown >= 0) {
            long s = size;
            out[firstUnknown] = known <= 0 ? s : (s + known - 1) / known;
        }
        return out;
    }

    /** The arguments of a krealloc/kvrealloc call whose pointer (argument 0) is {@code p}. */
    List<Arg> realloc(ApiFunction f, List<Value> vals, Pointer p) {
        List<Arg> out = new ArrayList<>();
        out.add(Arg.ptr(p));
        if (f.family() == ApiFunction.Family.KV && vals.size() == 3) {
            out.add(Arg.size(vals.get(1) instanceof Value.Int i ? i.value() : size));
            out.add(Arg.gfp(mask.apply(vals.get(2))));
            return out;
        }
        long[] sizes = sizes(f, vals);
        int arity = Math.max(vals.size(), f.gfpArg() + 1);
        for (int i = 1; i < arity; i++) {
            Value v = i < vals.size() ? vals.get(i) : Value.ZERO;
            int sizeIndex = f.sizeArgs().indexOf(i);
            if (sizeIndex >= 0) {
                out.add(Arg.size(sizes[sizeIndex]));
            } else if (i == f.gfpArg()) {
                out.add(Arg.gfp(mask.apply(v)));
            } else {
                out.add(Arg.size(v instanceof Value.Int x ? x.value() : size)); // kvrealloc's oldsize
            }
        }
        return out;
    }

    /** The arguments of a free whose pointer (argument 0) is {@code p}. */
    List<Arg> free(ApiFunction f, List<Value> vals, Pointer p) {
        List<Arg> out = new ArrayList<>();
        out.add(Arg.ptr(p));
        for (int i = 1; i < vals.size(); i++) {
            // kvfree_sensitive's length; kfree_rcu's rcu_head member name (any value: it only selects the 2-argument form)
            out.add(Arg.size(vals.get(i) instanceof Value.Int x ? x.value() : f.name().equals("kvfree_sensitive")
                    ? size : 0));
        }
        return out;
    }
}
