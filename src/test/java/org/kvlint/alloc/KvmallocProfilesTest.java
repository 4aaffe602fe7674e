package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_ATOMIC;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;
import static org.kvlint.alloc.GfpMask.GFP_NOFS;
import static org.kvlint.alloc.Run.allocated;
import static org.kvlint.alloc.Run.failed;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.KernelVersion;

/** kvmalloc_node() across its history (§1.2, §5.5.9). */
class KvmallocProfilesTest {

    private static final ModelConfig FRAGMENTED = ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED);

    private static Run on(KernelProfile p) {
        return Run.of(FRAGMENTED.withProfile(p));
    }

    /** The flags of the kmalloc try: the first page request of the last call. */
    private static GfpMask kmallocTryFlags(Run run) {
        return run.last().events().stream().filter(e -> e instanceof Event.PageRequest)
                .map(e -> ((Event.PageRequest) e).gfp()).findFirst().orElseThrow();
    }

    @Test
    void profilesByVersion() {
        assertEquals(KernelProfile.V6_1, KernelProfile.of(KernelVersion.parse("6.1.192")));
        assertEquals(KernelProfile.V5_9, KernelProfile.of(KernelVersion.parse("5.10")));
        assertEquals(KernelProfile.V4_13, KernelProfile.of(KernelVersion.parse("4.17")));
        assertEquals(KernelProfile.V5_17, KernelProfile.of(KernelVersion.parse("5.19")));
        assertEquals(KernelProfile.V6_16, KernelProfile.of(KernelVersion.parse("6.20")));
        assertThrows(IllegalArgumentException.class, () -> KernelProfile.of(KernelVersion.parse("4.11")));
    }

    @Test
    void v4_12WarnsOnNonGfpKernelFlagsAndStillFallsBack() {
        Run run = on(KernelProfile.V4_12);
        Outcome o = run.alloc("kvmalloc", 65536, GFP_NOFS);
        assertEquals(Backend.VMALLOC, allocated(o).backend());
        Diagnostic warn = run.last().diagnostics().getFirst();
        assertEquals(Bug.UNSUPPORTED_GFP, warn.bug());
        assertTrue(warn.printed(), "WARN_ON_ONCE is printed");
        // and the fallback's page tables are GFP_KERNEL before 5.17 (deadlock risk)
        assertEquals(2, run.last().diagnostics().stream().filter(d -> d.bug() == Bug.UNSUPPORTED_GFP).count());
    }

    @Test
    void v4_12AtomicFlagsReachVmallocAndSleepInAtomicContext() {
        Run run = on(KernelProfile.V4_12);
        run.model.setContext(ExecutionContext.ATOMIC);
        run.alloc("kvmalloc", 65536, GFP_ATOMIC);
        assertTrue(run.last().fellBackToVmalloc());
        run.expectLastBugs(Bug.UNSUPPORTED_GFP, Bug.SLEEP_IN_ATOMIC);
    }

    @Test
    void v4_12RepeatKeepsNoretryOffOnlyAboveThirtyTwoKilobytes() {
        Run run = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V4_12));
        run.alloc("kvmalloc", 16384, "GFP_KERNEL | __GFP_REPEAT");
        assertTrue(kmallocTryFlags(run).has(GfpFlag.NORETRY));
        run.alloc("kvmalloc", 65536, "GFP_KERNEL | __GFP_REPEAT");
        assertFalse(kmallocTryFlags(run).has(GfpFlag.NORETRY));
        run.alloc("kvmalloc", 65536, GFP_KERNEL);
        assertTrue(kmallocTryFlags(run).has(GfpFlag.NORETRY));
    }

    @Test
    void fromV4_13RetryMayfailReplacesNoretryAtEverySize() {
        for (KernelProfile p : List.of(KernelProfile.V4_13, KernelProfile.V6_1)) {
            Run run = Run.of(ModelConfig.defaults().withProfile(p));
            run.alloc("kvmalloc", 8192, "GFP_KERNEL | __GFP_RETRY_MAYFAIL");
            assertFalse(kmallocTryFlags(run).has(GfpFlag.NORETRY));
            assertTrue(kmallocTryFlags(run).has(GfpFlag.NOWARN));
        }
    }

    @Test
    void v4_18To5_16NonGfpKernelFlagsMeanPlainKmalloc() {
        for (KernelProfile p : List.of(KernelProfile.V4_18, KernelProfile.V5_8, KernelProfile.V5_9, KernelProfile.V5_15)) {
            Run run = on(p);
            // > KMALLOC_MAX_SIZE with GFP_NOFS always fails: no fallback, and the caller's flags warn
            failed(run.alloc("kvmalloc", 5L << 20, GFP_NOFS));
            run.expectLastBugs(Bug.WARN_OVERSIZE);
            // GFP_ATOMIC: kmalloc only, silent only if the caller says so
            failed(run.alloc("kvmalloc", 65536, GFP_ATOMIC));
            assertFalse(run.last().fellBackToVmalloc());
            // GFP_KERNEL still falls back
            assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 65536, GFP_KERNEL)).backend());
        }
    }

    @Test
    void intMaxCheckFrom5_15() {
        Run before = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V5_9));
        assertEquals(Backend.VMALLOC, allocated(before.alloc("kvmalloc", 3L << 30, GFP_KERNEL)).backend());
        Run after = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V5_15));
        assertEquals(Outcome.FailureReason.OVER_INT_MAX, failed(after.alloc("kvmalloc", 3L << 30, GFP_KERNEL)).reason());
        after.expectLastBugs(Bug.WARN_OVERSIZE);
    }

    @Test
    void nofsFallsBackFrom5_17() {
        assertEquals(Backend.VMALLOC, allocated(on(KernelProfile.V5_17).alloc("kvmalloc", 65536, GFP_NOFS)).backend());
        Run run = on(KernelProfile.V5_17);
        run.alloc("kvmalloc", 65536, GFP_NOFS);
        run.expectLastBugs(); // vmalloc honours NOFS via scopes since 5.17
    }

    @Test
    void nofailIsStrippedFromTheKmallocTryFrom5_17() {
        ModelConfig exhausted = ModelConfig.defaults().withMemory(MemoryCondition.EXHAUSTED);
        // 5.15: NOFAIL reaches the kmalloc try: a costly NOFAIL loops (and WARNs) but kmalloc serves it.
        Run old = Run.of(exhausted.withProfile(KernelProfile.V5_15));
        assertEquals(Backend.PAGES, allocated(old.alloc("kvmalloc", 1 << 20, "GFP_KERNEL | __GFP_NOFAIL")).backend());
        old.expectLastBugs(Bug.NOFAIL_MISUSE);
        // 6.1: the try is a NORETRY attempt without NOFAIL; the vmalloc fallback honours NOFAIL.
        Run now = Run.of(exhausted);
        assertEquals(Backend.VMALLOC, allocated(now.alloc("kvmalloc", 1 << 20, "GFP_KERNEL | __GFP_NOFAIL")).backend());
        assertFalse(kmallocTryFlags(now).has(GfpFlag.NOFAIL));
        now.expectLastBugs();
    }

    @Test
    void nonBlockingBailOutFrom6_0() {
        for (KernelProfile p : List.of(KernelProfile.V6_0, KernelProfile.V6_1, KernelProfile.V6_12, KernelProfile.V6_16)) {
            Run run = on(p);
            assertEquals(Outcome.FailureReason.NON_BLOCKING, failed(run.alloc("kvmalloc", 65536, GFP_ATOMIC)).reason());
            run.expectLastBugs();
        }
    }

    @Test
    void v6_16DropsDirectReclaimInsteadOfAddingNoretry() {
        Run run = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V6_16));
        run.alloc("kvmalloc", 16384, GFP_KERNEL);
        GfpMask k = kmallocTryFlags(run);
        assertFalse(k.blocking());
        assertFalse(k.has(GfpFlag.NORETRY));
        run.alloc("kvmalloc", 16384, "GFP_KERNEL | __GFP_RETRY_MAYFAIL");
        assertTrue(kmallocTryFlags(run).blocking());
        // The 6.16 try does not block: served by kmalloc in atomic context it does not sleep; 6.1's try may.
        Run atomicTry = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V6_16));
        atomicTry.model.setContext(ExecutionContext.ATOMIC);
        allocated(atomicTry.alloc("kvmalloc", 16384, GFP_KERNEL));
        atomicTry.expectLastBugs();
        Run atomic61 = Run.defaults();
        atomic61.model.setContext(ExecutionContext.ATOMIC);
        allocated(atomic61.alloc("kvmalloc", 16384, GFP_KERNEL));
        atomic61.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
    }

    @Test
    void rezkiSeriesAllowsNonBlockingVmalloc() {
        Run run = on(KernelProfile.VNEXT_NONBLOCK);
        run.model.setContext(ExecutionContext.ATOMIC);
        assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 65536, GFP_ATOMIC)).backend());
        run.expectLastBugs();
    }

    @Test
    void sizeAtMostPageSizeNeverFallsBackInAnyProfile() {
        for (KernelProfile p : KernelProfile.values()) {
            Run run = Run.of(ModelConfig.defaults().withProfile(p).withMemory(MemoryCondition.EXHAUSTED));
            allocated(run.alloc("kvmalloc", 4096, GFP_KERNEL)); // order 0 GFP_KERNEL: too small to fail
            assertFalse(run.last().fellBackToVmalloc(), p::name);
            assertTrue(run.last().oomKillerInvoked(), p::name);
            failed(run.alloc("kvmalloc", 4096, "GFP_KERNEL | __GFP_NORETRY"));
            assertFalse(run.last().fellBackToVmalloc(), p::name);
        }
    }

    @Test
    void unavailableFunctionsAreReported() {
        Run run = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V4_12));
        run.call("s", "kvcalloc", Arg.count(4), Arg.size(8), Arg.gfp(GFP_KERNEL));
        run.expectLastBugs(Bug.UNAVAILABLE_API);
        Run v418 = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V4_18));
        Outcome p = v418.alloc("kvmalloc", 64, GFP_KERNEL);
        v418.call("s", "kvfree_sensitive", Arg.ptr(p.pointer()), Arg.size(64));
        v418.expectLastBugs(Bug.UNAVAILABLE_API);
        Run v61 = Run.defaults();
        v61.call("s", "kvmalloc_array_node", Arg.count(4), Arg.size(8), Arg.gfp(GFP_KERNEL), Arg.node(0));
        v61.expectLastBugs(Bug.UNAVAILABLE_API);
    }
}
