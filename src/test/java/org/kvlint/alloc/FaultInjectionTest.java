package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;
import static org.kvlint.alloc.Run.allocated;
import static org.kvlint.alloc.Run.failed;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault injection (§5.6): deterministic by seed and call site. */
class FaultInjectionTest {

    @Test
    void failKmallocAboveAnOrderFailsEvenTooSmallToFailRequests() {
        Run run = Run.of(ModelConfig.defaults().withFaults(Fault.FailKmalloc.aboveOrder(1)));
        allocated(run.alloc("kmalloc", 8192, GFP_KERNEL)); // slab order 1
        assertEquals(Outcome.FailureReason.INJECTED, failed(run.alloc("kmalloc", 16384, GFP_KERNEL)).reason());
        assertTrue(run.last().faultInjected());
        run.expectLastBugs(Bug.WARN_ALLOC_FAIL);
        assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 16384, GFP_KERNEL)).backend());
        allocated(run.alloc("kmalloc", 16384, "GFP_KERNEL | __GFP_NOFAIL")); // never NOFAIL
    }

    @Test
    void failVmalloc() {
        Run run = Run.of(ModelConfig.defaults().withFaults(new Fault.FailVmalloc(1.0)));
        assertEquals(Outcome.FailureReason.INJECTED, failed(run.alloc("vmalloc", 100)).reason());
        run.expectLastBugs(Bug.WARN_ALLOC_FAIL);
        failed(run.alloc("__vmalloc", 100, "GFP_KERNEL | __GFP_NOWARN"));
        run.expectLastBugs();
        allocated(run.alloc("kvmalloc", 65536, GFP_KERNEL)); // kmalloc served it
        allocated(run.alloc("__vmalloc", 100, "GFP_KERNEL | __GFP_NOFAIL"));
    }

    private static List<Backend> kvBackends(long seed, int sites, long size) {
        Run run = Run.of(ModelConfig.defaults().withSeed(seed).withFaults(new Fault.KvRandomBackend(0.5, false)));
        List<Backend> out = new ArrayList<>();
        for (int i = 0; i < sites; i++) {
            Outcome o = run.call("site-" + i, "kvmalloc", Arg.size(size), Arg.gfp(GFP_KERNEL));
            out.add(allocated(o).backend());
        }
        return out;
    }

    @Test
    void randomBackendServesBothKindsDeterministically() {
        List<Backend> a = kvBackends(42, 64, 65536);
        assertTrue(a.contains(Backend.PAGES) && a.contains(Backend.VMALLOC), a::toString);
        assertEquals(a, kvBackends(42, 64, 65536));
        assertNotEquals(a, kvBackends(43, 64, 65536));
        // only for size > PAGE_SIZE unless allSizes
        assertFalse(kvBackends(42, 64, 4096).contains(Backend.VMALLOC));
    }

    @Test
    void randomBackendForAllSizesIsAStressMode() {
        Run run = Run.of(ModelConfig.defaults().withFaults(new Fault.KvRandomBackend(1.0, true)));
        assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 100, GFP_KERNEL)).backend());
        assertTrue(run.last().faultInjected());
    }

    @Test
    void decisionsAtOneSiteDoNotDependOnOtherSites() {
        ModelConfig c = ModelConfig.defaults().withSeed(7).withFaults(new Fault.KvRandomBackend(0.5, false));
        Run alone = Run.of(c);
        Backend b1 = allocated(alone.call("the-site", "kvmalloc", Arg.size(65536), Arg.gfp(GFP_KERNEL))).backend();
        Run crowded = Run.of(c);
        for (int i = 0; i < 10; i++) {
            crowded.call("other-" + i, "kvmalloc", Arg.size(65536), Arg.gfp(GFP_KERNEL));
        }
        Backend b2 = allocated(crowded.call("the-site", "kvmalloc", Arg.size(65536), Arg.gfp(GFP_KERNEL))).backend();
        assertEquals(b1, b2);
    }

    @Test
    void forceKmallocServesLargeKvmallocFromPages() {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED).withFaults(new Fault.KvForceKmalloc()));
        assertEquals(Backend.PAGES, allocated(run.alloc("kvmalloc", 65536, GFP_KERNEL)).backend());
        assertEquals(Backend.VMALLOC, allocated(run.alloc("kvmalloc", 5L << 20, GFP_KERNEL)).backend()); // > KMALLOC_MAX_SIZE
    }

    @Test
    void oomVictimMayGetNullForSmallRequests() {
        ModelConfig exhausted = ModelConfig.defaults().withMemory(MemoryCondition.EXHAUSTED);
        Run normal = Run.of(exhausted);
        allocated(normal.alloc("kmalloc", 64, GFP_KERNEL));
        assertTrue(normal.last().oomKillerInvoked());
        Run victim = Run.of(exhausted.withFaults(new Fault.OomVictim()));
        failed(victim.alloc("kmalloc", 64, GFP_KERNEL));
        failed(victim.alloc("vmalloc", 64));
        allocated(victim.alloc("__vmalloc", 64, "GFP_KERNEL | __GFP_NOFAIL"));
    }

    @Test
    void pressureIsReproducibleBySeed() {
        ModelConfig c = ModelConfig.defaults().withMemory(new MemoryCondition.Pressure(0.5)).withSeed(99);
        List<Boolean> first = new ArrayList<>();
        List<Boolean> second = new ArrayList<>();
        for (List<Boolean> out : List.of(first, second)) {
            Run run = Run.of(c);
            for (int i = 0; i < 40; i++) {
                out.add(run.call("s" + (i % 5), "kmalloc", Arg.size(65536), Arg.gfp(GFP_KERNEL)) instanceof Outcome.Failed);
            }
        }
        assertEquals(first, second);
        assertTrue(first.contains(true) && first.contains(false), first::toString);
    }
}
