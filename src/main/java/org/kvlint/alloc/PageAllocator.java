package org.kvlint.alloc;

/**
 * The page allocator's failure rules (§3.3, §5.4): pure functions. {@link #verdict} says whether a
 * request may fail at all; {@link #resolve} says what happens when the memory condition cannot
 * meet it from the free lists.
 */
public final class PageAllocator {

    private PageAllocator() {
    }

    /** May the allocator return NULL for this request (§5.4 pageAllocMayFail)? */
    public enum Verdict {
        /** "Too small to fail" or __GFP_NOFAIL: retries, reclaims, kills, loops — never NULL. */
        NEVER,
        /** May return NULL when memory is short. */
        MAY,
        /** Always NULL: order >= MAX_ORDER. */
        ALWAYS
    }

    /** How a request ended. */
    public enum Resolution {
        /** Served from the free lists. */
        MET,
        /** Unmet at first; compaction produced the block. */
        RECLAIMED,
        /** Unmet; the OOM killer ran, then the retry succeeded (GFP_KERNEL, order <= 3). */
        OOM_KILLER_INVOKED,
        /** Unmet; retried without killing until it succeeded (GFP_NOFS/GFP_NOIO, costly __GFP_NOFAIL). */
        LOOPED_WITHOUT_KILLING,
        /** Unmet and allowed to fail: NULL. */
        FAILED,
        /** order >= MAX_ORDER: NULL without trying. */
        REFUSED;

        public boolean succeeded() {
            return this == MET || this == RECLAIMED || this == OOM_KILLER_INVOKED || this == LOOPED_WITHOUT_KILLING;
        }
    }

    /**
     * @param nofailWarning the __GFP_NOFAIL misuse WARN fired (non-blocking NOFAIL reaching the
     *     failure path, or a costly NOFAIL request that had to loop)
     */
    public record Result(Verdict verdict, Resolution resolution, boolean nofailWarning) {
        public boolean succeeded() {
            return resolution.succeeded();
        }
    }

    /** §5.4 pageAllocMayFail, in the order the slow path tests things (§3.3). */
    public static Verdict verdict(int order, GfpMask g, int maxOrder, boolean oomVictim) {
        if (order >= maxOrder) {
            return Verdict.ALWAYS;
        }
        if (g.has(GfpFlag.NOFAIL)) {
            // §3.3 step 10: NOFAIL loops forever, but only if it may reclaim (else WARN and fail).
            return g.blocking() ? Verdict.NEVER : Verdict.MAY;
        }
        if (!g.blocking() || g.has(GfpFlag.NORETRY) || g.has(GfpFlag.RETRY_MAYFAIL)) {
            return Verdict.MAY;
        }
        if (order > Limits.COSTLY_ORDER) {
            return Verdict.MAY; // §3.3 step 7: costly orders fail without the OOM killer
        }
        if (oomVictim || g.has(GfpFlag.THISNODE) || g.has(GfpFlag.DMA)) {
            return Verdict.MAY; // §3.3 steps 9 and 11: no OOM killer for these, or reserves used up
        }
        return Verdict.NEVER;
    }

    /** What a request with this verdict does under this shortage. */
    public static Result resolve(int order, GfpMask g, Verdict v, MemoryCondition.Shortage shortage) {
        if (v == Verdict.ALWAYS) {
            return new Result(v, Resolution.REFUSED, false);
        }
        if (shortage == MemoryCondition.Shortage.NONE) {
            return new Result(v, Resolution.MET, false);
        }
        if (v == Verdict.MAY) {
            // A non-blocking NOFAIL request reaches "WARN_ON_ONCE_GFP(!can_direct_reclaim)" and fails.
            return new Result(v, Resolution.FAILED, g.has(GfpFlag.NOFAIL));
        }
        if (shortage == MemoryCondition.Shortage.COMPACTABLE) {
            return new Result(v, Resolution.RECLAIMED, false);
        }
        // Fragmentation compaction cannot undo ends like exhaustion: should_compact_retry() gives
        // up, and a non-costly request goes on to the OOM killer with single pages still free.
        boolean costly = order > Limits.COSTLY_ORDER;
        boolean costlyNofail = costly && g.has(GfpFlag.NOFAIL);
        // §3.3 step 9: out_of_memory() kills only for non-costly requests that may enter the FS;
        // for !__GFP_FS it reports progress without killing, so the caller loops.
        boolean kills = !costly && g.has(GfpFlag.FS);
        return new Result(v, kills ? Resolution.OOM_KILLER_INVOKED : Resolution.LOOPED_WITHOUT_KILLING, costlyNofail);
    }
}
