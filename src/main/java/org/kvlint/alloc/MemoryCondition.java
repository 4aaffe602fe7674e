package org.kvlint.alloc;

/**
 * The state of physical memory during a run: decides whether a page-allocator request can be met
 * straight from the free lists. A request that cannot be met then follows §3.3: a request the
 * allocator may fail ({@link PageAllocator.Verdict#MAY}) returns NULL; a "too small to fail" one
 * ({@link PageAllocator.Verdict#NEVER}) still succeeds: after compaction where compaction can make
 * the block, otherwise only after the OOM killer ran (GFP_KERNEL) or after looping until someone
 * frees memory (GFP_NOFS/GFP_NOIO).
 */
public sealed interface MemoryCondition {

    MemoryCondition PLENTY = new Plenty();
    /**
     * {@code Fragmented(1)}: no multi-page block can be had, not even by compaction, so every
     * kvmalloc > PAGE_SIZE falls back, and a "too small to fail" kmalloc of 2..8 pages retries and
     * invokes the OOM killer although single pages are free: the situation kvmalloc() was made for.
     */
    MemoryCondition FRAGMENTED = new Fragmented(1);
    /** {@code Fragmented(1, true)}: multi-page requests miss the fast path, but compaction makes the block. */
    MemoryCondition COMPACTABLE = new Fragmented(1, true);
    MemoryCondition EXHAUSTED = new Exhausted();

    /** What stands between a request of this order and success. */
    enum Shortage {
        NONE,
        /** No free block of the order, but compaction can make one. */
        COMPACTABLE,
        /** No free block of the order and compaction cannot make one; smaller blocks are free. */
        FRAGMENTATION,
        /** No free memory at all. */
        EXHAUSTION
    }

    /** Every request is met from the free lists. */
    record Plenty() implements MemoryCondition {}

    /**
     * Enough free memory, but no free block of order {@code >= minFailingOrder}: requests of those
     * orders are unmet; smaller ones are met. With {@code compactionHelps}, compaction makes the
     * block, so a NEVER-fail request succeeds after it; without (the "high-order contiguous
     * requests cannot be met"), it goes on to the OOM killer or loops, as under exhaustion.
     * {@code minFailingOrder = 0} makes even order-0 requests miss the fast path (§5.8 #2).
     */
    record Fragmented(int minFailingOrder, boolean compactionHelps) implements MemoryCondition {
        public Fragmented {
            if (minFailingOrder < 0) {
                throw new IllegalArgumentException("minFailingOrder < 0");
            }
        }

        /** Fragmentation compaction cannot undo. */
        public Fragmented(int minFailingOrder) {
            this(minFailingOrder, false);
        }
    }

    /**
     * No free memory and nothing cheap to reclaim: every request is unmet. NEVER-fail requests
     * succeed only by killing (GFP_KERNEL: OOM killer) or by looping until someone else frees
     * (GFP_NOFS/GFP_NOIO, costly __GFP_NOFAIL) — §3.3 steps 9–10. Same as {@code Pressure(1.0)}.
     */
    record Exhausted() implements MemoryCondition {}

    /** Each request is unmet with probability {@code probability} (seeded): §5.6 PRESSURE(p). */
    record Pressure(double probability) implements MemoryCondition {
        public Pressure {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability not in [0, 1]: " + probability);
            }
        }
    }

    /**
     * The shortage for one request under {@code memory}; {@code roll} is a uniform draw in [0, 1),
     * used only by Pressure. Static rather than a default method: see {@code Value.truth} (an
     * interface with constants of its own records must not have default methods, or two threads
     * initialising it and a record at once deadlock).
     */
    static Shortage shortage(MemoryCondition memory, int order, java.util.function.DoubleSupplier roll) {
        return switch (memory) {
            case Plenty _ -> Shortage.NONE;
            case Fragmented f -> order < f.minFailingOrder() ? Shortage.NONE
                    : f.compactionHelps() ? Shortage.COMPACTABLE : Shortage.FRAGMENTATION;
            case Exhausted _ -> Shortage.EXHAUSTION;
            case Pressure p -> roll.getAsDouble() < p.probability() ? Shortage.EXHAUSTION : Shortage.NONE;
        };
    }
}
