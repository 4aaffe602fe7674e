package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_ATOMIC;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;
import static org.kvlint.alloc.GfpMask.GFP_NOFS;
import static org.kvlint.alloc.Run.allocated;
import static org.kvlint.alloc.Run.failed;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlint.facts.KernelVersion;

/** Every row of the golden test vectors, allocator-semantics.md §5.8 (6.1, 4 KiB pages, initOnAlloc off). */
class GoldenVectorsTest {

    private static final ModelConfig BASE = ModelConfig.defaults();
    private static final ModelConfig NONE = BASE;
    private static final ModelConfig FRAGMENTED_0 = BASE.withMemory(new MemoryCondition.Fragmented(0));
    private static final ModelConfig FRAGMENTED_1 = BASE.withMemory(new MemoryCondition.Fragmented(1));
    private static final ModelConfig PRESSURE_1 = BASE.withMemory(new MemoryCondition.Pressure(1.0));

    /** "any" plan in §5.8: memory conditions and the fault plans of §5.7. */
    static List<ModelConfig> anyPlan() {
        return List.of(NONE, FRAGMENTED_0, FRAGMENTED_1, PRESSURE_1, BASE.withMemory(MemoryCondition.EXHAUSTED),
                BASE.withFaults(new Fault.KvRandomBackend(0.5, false)), BASE.withFaults(new Fault.KvForceKmalloc()),
                BASE.withFaults(new Fault.FailVmalloc(1.0)), BASE.withFaults(Fault.FailKmalloc.aboveOrder(0)));
    }

    @ParameterizedTest
    @MethodSource("anyPlan")
    @DisplayName("#1 kvmalloc(0, GFP_KERNEL): ZERO_SIZE_PTR; kvfree and kfree OK; vfree MISMATCHED_FREE (WARN)")
    void row01(ModelConfig plan) {
        Run run = Run.of(plan);
        Outcome.Allocated a = allocated(run.alloc("kvmalloc", 0, GFP_KERNEL));
        assertEquals(Pointer.ZERO_SIZE_PTR, a.pointer());
        assertEquals(Backend.ZERO_SIZE, a.backend());
        run.expectLastBugs();
        run.free("kvfree", a);
        run.expectLastBugs();
        run.free("kfree", a);
        run.expectLastBugs();
        run.free("vfree", a);
        run.expectLastBugs(Bug.MISMATCHED_FREE);
        assertEquals(Severity.WARN, run.lastDiagnostic(Bug.MISMATCHED_FREE).severity());
        assertTrue(run.finish().leakFree());
    }

    @Test
    @DisplayName("#2 kvmalloc(4096, GFP_KERNEL) FRAGMENTED(0): SLAB 4096, never-fail, never vmalloc")
    void row02() {
        Run run = Run.of(FRAGMENTED_0);
        Outcome.Allocated a = allocated(run.alloc("kvmalloc", 4096, GFP_KERNEL));
        assertEquals(Backend.SLAB, a.backend());
        assertEquals(4096, a.usable());
        assertFalse(run.last().fellBackToVmalloc());
        var request = (Event.PageRequest) run.last().events().getFirst();
        assertEquals(PageAllocator.Verdict.NEVER, request.verdict());
        run.expectLastBugs();
    }

    @Test
    @DisplayName("16 KiB, fragmented memory: kmalloc retries and kills, fallback never reached; kvmalloc gives up quietly, vmalloc serves")
    void theOpenCodedFallbackAgainstKvmallocInFragmentedMemory() {
        Run before = Run.of(FRAGMENTED_1);
        Outcome.Allocated k = allocated(before.alloc("kmalloc", 16384, GFP_KERNEL));
        assertEquals(Backend.PAGES, k.backend(), "too small to fail: the kmalloc (above 8 KiB, from the page allocator) never returns NULL, so no fallback");
        assertTrue(before.last().oomKillerInvoked(), "with single pages free, only the OOM killer ends the retries");
        Run after = Run.of(FRAGMENTED_1);
        Outcome.Allocated kv = allocated(after.alloc("kvmalloc", 16384, GFP_KERNEL));
        assertEquals(Backend.VMALLOC, kv.backend());
        assertFalse(after.last().oomKillerInvoked());
        assertFalse(after.last().warningPrinted());
        Run compactable = Run.of(BASE.withMemory(MemoryCondition.COMPACTABLE));
        allocated(compactable.alloc("kmalloc", 16384, GFP_KERNEL));
        assertFalse(compactable.last().oomKillerInvoked(), "where compaction makes the block, nobody is killed");
    }

    @Test
    @DisplayName("#3 kvmalloc(4097, GFP_KERNEL) NONE: SLAB bucket 8192, kmalloc try had NOWARN+NORETRY")
    void row03() {
        Run run = Run.of(NONE);
        Outcome.Allocated a = allocated(run.alloc("kvmalloc", 4097, GFP_KERNEL));
        assertEquals(Backend.SLAB, a.backend());
        assertEquals(8192, a.usable());
        var request = (Event.PageRequest) run.last().events().getFirst();
        assertTrue(request.gfp().has(GfpFlag.NOWARN) && request.gfp().has(GfpFlag.NORETRY), request.gfp()::toC);
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#4 kvmalloc(4097, GFP_KERNEL) FRAGMENTED(1): VMALLOC, usable 8192, is_vmalloc_addr")
    void row04() {
        Run run = Run.of(FRAGMENTED_1);
        Outcome.Allocated a = allocated(run.alloc("kvmalloc", 4097, GFP_KERNEL));
        assertEquals(Backend.VMALLOC, a.backend());
        assertEquals(8192, a.usable());
        run.expectLastBugs();
        assertEquals(new Outcome.Answer(true), run.call("q", "is_vmalloc_addr", Arg.ptr(a.pointer())));
    }

    @Test
    @DisplayName("#5 kvmalloc(16384, GFP_KERNEL) PRESSURE(1.0): kmalloc try fails, vmalloc (order-0 NEVER) serves")
    void row05() {
        Run run = Run.of(PRESSURE_1);
        Outcome.Allocated a = allocated(run.alloc("kvmalloc", 16384, GFP_KERNEL));
        assertEquals(Backend.VMALLOC, a.backend());
        List<Event.PageRequest> requests = run.last().events().stream()
                .filter(e -> e instanceof Event.PageRequest).map(e -> (Event.PageRequest) e).toList();
        assertEquals(2, requests.size());
        assertEquals(PageAllocator.Resolution.FAILED, requests.get(0).resolution());
        assertEquals(2, requests.get(0).order());
        assertEquals(PageAllocator.Verdict.NEVER, requests.get(1).verdict());
        run.expectLastBugs(); // the kmalloc try was silent
    }

    @Test
    @DisplayName("#6 kmalloc(16384, GFP_KERNEL) PRESSURE(1.0): PAGES order 2, too small to fail")
    void row06() {
        Run run = Run.of(PRESSURE_1);
        Outcome.Allocated a = allocated(run.alloc("kmalloc", 16384, GFP_KERNEL));
        assertEquals(Backend.PAGES, a.backend());
        assertEquals(2, run.model.allocation(a.pointer()).orElseThrow().order());
        assertTrue(run.last().oomKillerInvoked());
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#7 kmalloc(65536, GFP_KERNEL) PRESSURE(1.0): NULL + WARN_ALLOC_FAIL (costly order 4)")
    void row07() {
        Run run = Run.of(PRESSURE_1);
        assertEquals(Outcome.FailureReason.NO_MEMORY, failed(run.alloc("kmalloc", 65536, GFP_KERNEL)).reason());
        run.expectLastBugs(Bug.WARN_ALLOC_FAIL);
        assertFalse(run.last().oomKillerInvoked());
    }

    @Test
    @DisplayName("#8 kmalloc(5 << 20, GFP_KERNEL) NONE: NULL + WARN_OVERSIZE")
    void row08() {
        Run run = Run.of(NONE);
        assertEquals(Outcome.FailureReason.TOO_LARGE, failed(run.alloc("kmalloc", 5L << 20, GFP_KERNEL)).reason());
        run.expectLastBugs(Bug.WARN_OVERSIZE);
    }

    @Test
    @DisplayName("#9 kvmalloc(5 << 20, GFP_KERNEL) NONE: silent kmalloc failure, VMALLOC")
    void row09() {
        Run run = Run.of(NONE);
        assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 5L << 20, GFP_KERNEL)).backend());
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#10 kvmalloc(3L << 30, GFP_KERNEL) NONE: NULL + WARN_OVERSIZE; with __GFP_NOWARN: NULL, silent")
    void row10() {
        Run run = Run.of(NONE);
        assertEquals(Outcome.FailureReason.OVER_INT_MAX, failed(run.alloc("kvmalloc", 3L << 30, GFP_KERNEL)).reason());
        run.expectLastBugs(Bug.WARN_OVERSIZE);
        failed(run.alloc("kvmalloc", 3L << 30, "GFP_KERNEL | __GFP_NOWARN"));
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#11 kvmalloc(65536, GFP_ATOMIC) in atomic context, FRAGMENTED(1): NULL, no vmalloc, no bug")
    void row11() {
        Run run = Run.of(FRAGMENTED_1);
        run.model.setContext(ExecutionContext.ATOMIC);
        assertEquals(Outcome.FailureReason.NON_BLOCKING, failed(run.alloc("kvmalloc", 65536, GFP_ATOMIC)).reason());
        assertFalse(run.last().fellBackToVmalloc());
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#12 same on 5.17: SLEEP_IN_ATOMIC (FATAL)")
    void row12() {
        Run run = Run.of(FRAGMENTED_1.withProfile(KernelProfile.V5_17));
        run.model.setContext(ExecutionContext.ATOMIC);
        run.alloc("kvmalloc", 65536, GFP_ATOMIC);
        assertTrue(run.last().fellBackToVmalloc());
        run.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
        assertEquals(Severity.FATAL, run.lastDiagnostic(Bug.SLEEP_IN_ATOMIC).severity());
    }

    @Test
    @DisplayName("#13 kvmalloc(65536, GFP_NOFS) on 5.10, FRAGMENTED(1): kmalloc only with caller flags, NULL + WARN_ALLOC_FAIL")
    void row13() {
        KernelProfile v510 = KernelProfile.of(KernelVersion.parse("5.10"));
        assertEquals(KernelProfile.GfpKernelRule.KMALLOC_ONLY, v510.kvGfpKernelRule());
        Run run = Run.of(FRAGMENTED_1.withProfile(v510));
        failed(run.alloc("kvmalloc", 65536, GFP_NOFS));
        assertFalse(run.last().fellBackToVmalloc());
        run.expectLastBugs(Bug.WARN_ALLOC_FAIL);
    }

    @Test
    @DisplayName("#14 kvmalloc(65536, GFP_NOFS) on 6.1, FRAGMENTED(1): VMALLOC")
    void row14() {
        Run run = Run.of(FRAGMENTED_1);
        assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 65536, GFP_NOFS)).backend());
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#15 vmalloc(100) in atomic context: SLEEP_IN_ATOMIC (FATAL)")
    void row15() {
        Run run = Run.of(NONE);
        run.model.setContext(ExecutionContext.ATOMIC);
        run.alloc("vmalloc", 100);
        run.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
        assertEquals(Severity.FATAL, run.lastDiagnostic(Bug.SLEEP_IN_ATOMIC).severity());
    }

    @Test
    @DisplayName("#16 p = vmalloc(100); kfree(p): MISMATCHED_FREE (FATAL)")
    void row16() {
        Run run = Run.of(NONE);
        Outcome p = run.alloc("vmalloc", 100);
        run.free("kfree", p);
        run.expectLastBugs(Bug.MISMATCHED_FREE);
        assertEquals(Severity.FATAL, run.lastDiagnostic(Bug.MISMATCHED_FREE).severity());
        assertTrue(run.lastDiagnostic(Bug.MISMATCHED_FREE).message().contains("vmalloc() at 'vmalloc-site'"));
    }

    @Test
    @DisplayName("#17 p = kmalloc(100); vfree(p): MISMATCHED_FREE (WARN), p still live, LEAK at the end")
    void row17() {
        Run run = Run.of(NONE);
        Outcome p = run.alloc("kmalloc", 100, GFP_KERNEL);
        run.free("vfree", p);
        run.expectLastBugs(Bug.MISMATCHED_FREE);
        Diagnostic d = run.lastDiagnostic(Bug.MISMATCHED_FREE);
        assertEquals(Severity.WARN, d.severity());
        assertTrue(d.printed());
        assertTrue(run.model.allocation(p.pointer()).orElseThrow().isLive());
        Report r = run.finish();
        assertEquals(1, r.of(Bug.LEAK).size());
        assertEquals("kmalloc-site", r.of(Bug.LEAK).getFirst().site());
    }

    @Test
    @DisplayName("#18 p = kvmalloc(100); kfree(p): LATENT_MISMATCHED_FREE, backend SLAB")
    void row18() {
        Run run = Run.of(NONE);
        Outcome.Allocated p = allocated(run.alloc("kvmalloc", 100, GFP_KERNEL));
        assertEquals(Backend.SLAB, p.backend());
        run.free("kfree", p);
        run.expectLastBugs(Bug.LATENT_MISMATCHED_FREE);
        assertTrue(run.finish().leakFree());
    }

    @ParameterizedTest
    @MethodSource("anyPlan")
    @DisplayName("#19 p = kvmalloc(1 << 20); kvfree(p); kvfree(p): DOUBLE_FREE")
    void row19(ModelConfig plan) {
        Run run = Run.of(plan);
        Outcome p = run.alloc("kvmalloc", 1 << 20, GFP_KERNEL);
        run.free("kvfree", p);
        run.expectLastBugs();
        run.free("kvfree", p);
        run.expectLastBugs(Bug.DOUBLE_FREE);
    }

    @Test
    @DisplayName("#20 kvfree of kvmalloc(1 << 20) in atomic context: SLEEP_IN_ATOMIC; KV_FORCE_KMALLOC: context-dependent latent bug")
    void row20() {
        Run vm = Run.of(FRAGMENTED_1);
        Outcome p = vm.alloc("kvmalloc", 1 << 20, GFP_KERNEL);
        assertEquals(Backend.VMALLOC, allocated(p).backend());
        vm.model.setContext(ExecutionContext.ATOMIC);
        vm.free("kvfree", p);
        vm.expectLastBugs(Bug.SLEEP_IN_ATOMIC);

        Run km = Run.of(FRAGMENTED_1.withFaults(new Fault.KvForceKmalloc()));
        Outcome q = km.alloc("kvmalloc", 1 << 20, GFP_KERNEL);
        assertEquals(Backend.PAGES, allocated(q).backend());
        km.model.setContext(ExecutionContext.ATOMIC);
        km.free("kvfree", q);
        km.expectLastBugs(Bug.LATENT_SLEEP_IN_ATOMIC);
        assertFalse(km.lastDiagnostic(Bug.LATENT_SLEEP_IN_ATOMIC).printed());
    }

    @Test
    @DisplayName("#21 p = kvzalloc(n); kfree_rcu(p, rh): OK on 5.9+, MISMATCHED_FREE before when vmalloc-backed")
    void row21() {
        for (KernelProfile profile : KernelProfile.values()) {
            Run run = Run.of(FRAGMENTED_1.withProfile(profile));
            Outcome p = run.alloc("kvzalloc", 65536, GFP_KERNEL);
            assertEquals(Backend.VMALLOC, allocated(p).backend());
            run.call("rcu-site", "kfree_rcu", Arg.ptr(p.pointer()), Arg.count(16));
            if (profile.version().atLeast(KernelVersion.parse("5.9"))) {
                run.expectLastBugs();
            } else {
                run.expectLastBugs(Bug.MISMATCHED_FREE);
            }
            Report r = run.finish();
            assertTrue(r.leakFree(), profile::name);
        }
    }

    @Test
    @DisplayName("#22 kvmalloc(64, GFP_KERNEL | __GFP_HIGHMEM): BAD_GFP_FOR_SLAB (WARN), stripped, SLAB")
    void row22() {
        Run run = Run.of(NONE);
        Outcome.Allocated a = allocated(run.alloc("kvmalloc", 64, "GFP_KERNEL | __GFP_HIGHMEM"));
        assertEquals(Backend.SLAB, a.backend());
        run.expectLastBugs(Bug.BAD_GFP_FOR_SLAB);
        assertEquals(Severity.WARN, run.lastDiagnostic(Bug.BAD_GFP_FOR_SLAB).severity());
        assertFalse(run.model.allocation(a.pointer()).orElseThrow().gfp().has(GfpFlag.HIGHMEM));
    }

    @Test
    @DisplayName("#23 kvmalloc_array(1L << 62, 8, GFP_KERNEL): NULL (overflow), no diagnostic")
    void row23() {
        Run run = Run.of(NONE);
        Outcome o = run.call("s", "kvmalloc_array", Arg.count(1L << 62), Arg.size(8), Arg.gfp(GFP_KERNEL));
        assertEquals(Outcome.FailureReason.OVERFLOW, failed(o).reason());
        run.expectLastBugs();
    }

    @Test
    @DisplayName("#24 kvmalloc(1 << 20, GFP_KERNEL | __GFP_NOFAIL) with VMALLOC_FAIL(1.0): succeeds (no injection for NOFAIL)")
    void row24() {
        Run run = Run.of(NONE.withFaults(new Fault.FailVmalloc(1.0)));
        allocated(run.alloc("kvmalloc", 1 << 20, "GFP_KERNEL | __GFP_NOFAIL"));
        // Force the vmalloc branch too: the kmalloc try (NOFAIL stripped) fails, vmalloc must not.
        Run forced = Run.of(FRAGMENTED_1.withFaults(new Fault.FailVmalloc(1.0)));
        assertEquals(Backend.VMALLOC, allocated(forced.alloc("kvmalloc", 1 << 20, "GFP_KERNEL | __GFP_NOFAIL")).backend());
        assertFalse(forced.last().faultInjected());
        forced.expectLastBugs();
    }
}
