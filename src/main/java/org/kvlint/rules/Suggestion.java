package org.kvlint.rules;

import java.util.List;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.KernelVersion;

/**
 * Which kvmalloc-family helper replaces an open-coded pair, on the target kernel, as words for a
 * message. The table decides the name; the kernel version decides whether it exists.
 */
final class Suggestion {
    private static final KernelVersion V4_12 = new KernelVersion(4, 12, 0);
    private static final KernelVersion V5_17 = new KernelVersion(5, 17, 0);

    private Suggestion() {}

    /** The replacement to name in a message, e.g. "kvzalloc()" or a sentence when none exists. */
    static String replacement(AllocatorApi api, KernelVersion kernel, AllocFact first, AllocFact fallback) {
        if (!kernel.atLeast(V4_12)) {
            return "kvmalloc() once the tree has it (4.12+; this tree is " + kernel + ")";
        }
        ApiFunction firstApi = api.get(first.api());
        ApiFunction kv = firstApi.kvReplacement().flatMap(api::lookup).orElse(api.get("kvmalloc"));
        boolean zero = first.zeroes() || fallback.zeroes();
        if (zero) {
            kv = api.zeroingTwin(kv).orElse(kv);
        }
        String name = kv.name() + "()";
        if (!kernel.atLeast(kv.since())) {
            // e.g. kvcalloc (4.18) on 4.12-4.17, kvcalloc_node (6.10) on 6.1
            ApiFunction base = firstApi.kvReplacement().flatMap(api::lookup).orElse(api.get("kvmalloc"));
            if (base.since().compareTo(kernel) <= 0 && kv != base) {
                name = base.name() + "() with __GFP_ZERO (" + kv.name() + "() needs " + kv.since() + ")";
            } else {
                name = fallbackSpelling(firstApi, zero) + " (" + kv.name() + "() needs " + kv.since() + ")";
            }
        }
        List<String> late = first.mask().map(Gfp::needs517).orElse(List.of());
        if (!late.isEmpty() && !kernel.atLeast(V5_17)) {
            name += ", but kvmalloc() honours " + String.join("/", late) + " only from 5.17: on this tree (" + kernel
                    + ") wrap a GFP_KERNEL call in memalloc_nofs_save()/memalloc_noio_save()";
        }
        return name;
    }

    private static String fallbackSpelling(ApiFunction first, boolean zero) {
        boolean array = first.sizeArgs().size() == 2;
        String base = first.hasNode() ? "kvmalloc_node()" : array ? "kvmalloc_array()" : "kvmalloc()";
        if (first.hasNode() && array) {
            base = "kvmalloc_node(array_size(n, size), ...)";
        }
        return zero ? base + " with __GFP_ZERO" : base;
    }
}
