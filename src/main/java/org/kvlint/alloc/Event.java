package org.kvlint.alloc;

/** Something that happened inside one call: the observable trace of a run (§5.7). */
public sealed interface Event {

    /**
     * One request to the page allocator (a slab refill, kmalloc_large, or vmalloc's pages).
     *
     * @param stage the backend the pages are for
     * @param gfp the effective mask (after scopes and, in atomic context, without direct reclaim)
     */
    record PageRequest(Backend stage, int order, GfpMask gfp, PageAllocator.Verdict verdict,
                       PageAllocator.Resolution resolution) implements Event {}

    record Allocated(Allocation allocation) implements Event {}

    /** @param deferred freed later (vfree from IRQ, RCU) */
    record Freed(long allocationId, String function, boolean deferred) implements Event {}

    /** kvmalloc's kmalloc try failed (or was skipped) and it calls vmalloc with the caller's flags. */
    record VmallocFallback(long size, GfpMask gfp) implements Event {}

    /** A fault-injection rule changed what happened. */
    record FaultInjected(Fault fault, String effect) implements Event {}
}
