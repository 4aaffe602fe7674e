package org.kvlint.alloc;

/**
 * One fault-injection rule (§5.6). Faults are deterministic given the run's seed and the call-site
 * label (see {@link Dice}). Like the kernel's failslab/fail_page_alloc, injected failures never hit
 * a blocking {@code __GFP_NOFAIL} request.
 */
public sealed interface Fault {

    /**
     * kmalloc requests (slab refill or kmalloc_large) of page order {@code >= minOrder} fail with
     * {@code probability}, even "too small to fail" ones (kernel fault injection does that too, so
     * such a run is marked injected in its events).
     */
    record FailKmalloc(int minOrder, double probability) implements Fault {
        public FailKmalloc {
            checkProbability(probability);
        }

        /** Every kmalloc whose order is above {@code order} fails. */
        public static FailKmalloc aboveOrder(int order) {
            return new FailKmalloc(order + 1, 1.0);
        }
    }

    /** The vmalloc step fails with {@code probability} (never for __GFP_NOFAIL). */
    record FailVmalloc(double probability) implements Fault {
        public FailVmalloc {
            checkProbability(probability);
        }
    }

    /**
     * kvmalloc skips its kmalloc try with {@code probability} and takes the fallback path, as if
     * kmalloc had failed, to expose callers that assume kmalloc memory (DMA, kfree, krealloc).
     * {@code allSizes=false}: only for size > PAGE_SIZE (the kernel can do that under pressure);
     * {@code allSizes=true}: also for small sizes (stress only; mainline never does it).
     */
    record KvRandomBackend(double probability, boolean allSizes) implements Fault {
        public KvRandomBackend {
            checkProbability(probability);
        }
    }

    /**
     * kvmalloc's kmalloc try always succeeds for PAGE_SIZE < size <= KMALLOC_MAX_SIZE: exposes
     * callers that assume vmalloc memory. Smaller requests are plain kmalloc and stay unaffected.
     */
    record KvForceKmalloc() implements Fault {}

    /**
     * The calling task is an OOM victim (fatal signal pending): non-costly blocking requests may
     * fail (§3.3 step 11), and so may vmalloc without __GFP_NOFAIL.
     */
    record OomVictim() implements Fault {}

    private static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability not in [0, 1]: " + p);
        }
    }
}
