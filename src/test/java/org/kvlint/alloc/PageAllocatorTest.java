package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.PageAllocator.Resolution.FAILED;
import static org.kvlint.alloc.PageAllocator.Resolution.LOOPED_WITHOUT_KILLING;
import static org.kvlint.alloc.PageAllocator.Resolution.MET;
import static org.kvlint.alloc.PageAllocator.Resolution.OOM_KILLER_INVOKED;
import static org.kvlint.alloc.PageAllocator.Resolution.RECLAIMED;
import static org.kvlint.alloc.PageAllocator.Verdict.ALWAYS;
import static org.kvlint.alloc.PageAllocator.Verdict.MAY;
import static org.kvlint.alloc.PageAllocator.Verdict.NEVER;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The §3.3 model table, row by row. */
class PageAllocatorTest {

    private static PageAllocator.Verdict verdict(int order, String gfp) {
        return PageAllocator.verdict(order, GfpMask.parse(gfp), 11, false);
    }

    @ParameterizedTest(name = "order {0}, {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            // blocking, no modifier: too small to fail up to order 3, may fail above
            "0; GFP_KERNEL; NEVER", "3; GFP_KERNEL; NEVER", "4; GFP_KERNEL; MAY", "10; GFP_KERNEL; MAY",
            "2; GFP_NOFS; NEVER", "2; GFP_NOIO; NEVER", "5; GFP_NOIO; MAY",
            // NORETRY / RETRY_MAYFAIL: may fail at any order
            "0; GFP_KERNEL | __GFP_NORETRY; MAY", "0; GFP_KERNEL | __GFP_RETRY_MAYFAIL; MAY",
            // NOFAIL: never fails, even costly; but not without direct reclaim
            "0; GFP_KERNEL | __GFP_NOFAIL; NEVER", "9; GFP_KERNEL | __GFP_NOFAIL; NEVER",
            "9; GFP_KERNEL | __GFP_NOFAIL | __GFP_NORETRY; NEVER", "0; GFP_ATOMIC | __GFP_NOFAIL; MAY",
            // non-blocking: may fail at any order
            "0; GFP_ATOMIC; MAY", "0; GFP_NOWAIT; MAY", "0; GFP_KERNEL & ~__GFP_DIRECT_RECLAIM; MAY",
            // THISNODE / DMA: no OOM killer, may fail
            "0; GFP_KERNEL | __GFP_THISNODE; MAY", "0; GFP_KERNEL | GFP_DMA; MAY",
            // order >= MAX_ORDER
            "11; GFP_KERNEL | __GFP_NOFAIL; ALWAYS", "11; GFP_ATOMIC; ALWAYS",
    })
    void verdictFollowsTheSlowPath(int order, String gfp, PageAllocator.Verdict expected) {
        assertEquals(expected, verdict(order, gfp));
    }

    @Test
    void anOomVictimMayFailNonCostlyRequestsButNotNofail() {
        assertEquals(MAY, PageAllocator.verdict(0, GfpMask.GFP_KERNEL, 11, true));
        assertEquals(NEVER, PageAllocator.verdict(0, GfpMask.GFP_KERNEL.plus(GfpFlag.NOFAIL), 11, true));
    }

    private static PageAllocator.Result resolve(int order, String gfp, MemoryCondition.Shortage s) {
        GfpMask g = GfpMask.parse(gfp);
        return PageAllocator.resolve(order, g, PageAllocator.verdict(order, g, 11, false), s);
    }

    @ParameterizedTest(name = "order {0}, {1}, {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            "0; GFP_KERNEL; NONE; MET", "5; GFP_ATOMIC; NONE; MET",
            "2; GFP_KERNEL; EXHAUSTION; OOM_KILLER_INVOKED",
            "2; GFP_KERNEL_ACCOUNT; EXHAUSTION; OOM_KILLER_INVOKED",
            "2; GFP_NOFS; EXHAUSTION; LOOPED_WITHOUT_KILLING", "0; GFP_NOIO; EXHAUSTION; LOOPED_WITHOUT_KILLING",
            "2; GFP_KERNEL; COMPACTABLE; RECLAIMED", "2; GFP_KERNEL; FRAGMENTATION; OOM_KILLER_INVOKED",
            "2; GFP_NOFS; FRAGMENTATION; LOOPED_WITHOUT_KILLING", "4; GFP_KERNEL; COMPACTABLE; FAILED",
            "4; GFP_KERNEL; EXHAUSTION; FAILED", "4; GFP_KERNEL; FRAGMENTATION; FAILED",
            "0; GFP_KERNEL | __GFP_NORETRY; EXHAUSTION; FAILED", "0; GFP_KERNEL | __GFP_RETRY_MAYFAIL; EXHAUSTION; FAILED",
            "0; GFP_ATOMIC; FRAGMENTATION; FAILED",
            "6; GFP_KERNEL | __GFP_NOFAIL; EXHAUSTION; LOOPED_WITHOUT_KILLING",
            "1; GFP_KERNEL | __GFP_NOFAIL; EXHAUSTION; OOM_KILLER_INVOKED",
    })
    void resolutionUnderShortage(int order, String gfp, MemoryCondition.Shortage s, PageAllocator.Resolution expected) {
        assertEquals(expected, resolve(order, gfp, s).resolution());
    }

    @Test
    void nofailMisuseWarnsOnlyOnTheFailurePath() {
        assertTrue(resolve(6, "GFP_KERNEL | __GFP_NOFAIL", MemoryCondition.Shortage.EXHAUSTION).nofailWarning());
        assertFalse(resolve(6, "GFP_KERNEL | __GFP_NOFAIL", MemoryCondition.Shortage.NONE).nofailWarning());
        assertTrue(resolve(0, "GFP_ATOMIC | __GFP_NOFAIL", MemoryCondition.Shortage.EXHAUSTION).nofailWarning());
        assertFalse(resolve(1, "GFP_KERNEL | __GFP_NOFAIL", MemoryCondition.Shortage.EXHAUSTION).nofailWarning());
    }

    @Test
    void refusedRequestsNeverSucceed() {
        assertEquals(ALWAYS, verdict(11, "GFP_KERNEL"));
        assertFalse(resolve(11, "GFP_KERNEL", MemoryCondition.Shortage.NONE).succeeded());
    }

    @Test
    void memoryConditionsDecideShortageByOrder() {
        var frag = new MemoryCondition.Fragmented(2);
        assertEquals(MemoryCondition.Shortage.NONE, MemoryCondition.shortage(frag, 1, () -> 0));
        assertEquals(MemoryCondition.Shortage.FRAGMENTATION, MemoryCondition.shortage(frag, 2, () -> 0));
        assertEquals(MemoryCondition.Shortage.COMPACTABLE, MemoryCondition.shortage(new MemoryCondition.Fragmented(2, true), 3, () -> 0));
        assertEquals(MemoryCondition.Shortage.NONE, MemoryCondition.shortage(new MemoryCondition.Fragmented(2, true), 1, () -> 0));
        assertEquals(MemoryCondition.Shortage.NONE, MemoryCondition.shortage(MemoryCondition.PLENTY, 10, () -> 0));
        assertEquals(MemoryCondition.Shortage.EXHAUSTION, MemoryCondition.shortage(MemoryCondition.EXHAUSTED, 0, () -> 0.99));
        assertEquals(MemoryCondition.Shortage.EXHAUSTION, MemoryCondition.shortage(new MemoryCondition.Pressure(0.5), 0, () -> 0.49));
        assertEquals(MemoryCondition.Shortage.NONE, MemoryCondition.shortage(new MemoryCondition.Pressure(0.5), 0, () -> 0.5));
    }

    @Test
    void limitsOnFourKilobytePages() {
        Limits l = ModelConfig.defaults().limits();
        assertEquals(8192, l.kmallocMaxCacheSize());
        assertEquals(4L << 20, l.kmallocMaxSize());
        assertEquals(32768, l.costlySize());
        assertEquals(0, l.order(1));
        assertEquals(0, l.order(4096));
        assertEquals(1, l.order(4097));
        assertEquals(3, l.order(32768));
        assertEquals(4, l.order(32769));
        assertEquals(8, l.bucket(1));
        assertEquals(96, l.bucket(65));
        assertEquals(192, l.bucket(129));
        assertEquals(512, l.bucket(257));
        assertEquals(8192, l.bucket(4097));
        assertEquals(3, l.pagesFor(8193));
        Limits big = ModelConfig.defaults().withPageSize(65536).withMaxOrder(14).limits();
        assertEquals(512L << 20, big.kmallocMaxSize()); // §3.1: 64K pages, MAX_ORDER 14
    }
}
