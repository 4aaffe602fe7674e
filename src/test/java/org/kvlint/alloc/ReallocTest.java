package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;
import static org.kvlint.alloc.Run.allocated;
import static org.kvlint.alloc.Run.failed;

import org.junit.jupiter.api.Test;

/** krealloc (§5.5.5) and kvrealloc (§5.5.6). */
class ReallocTest {

    private static Outcome krealloc(Run run, Pointer p, long n, String gfp) {
        return run.call("realloc-site", "krealloc", Arg.ptr(p), Arg.size(n), Arg.gfp(gfp));
    }

    @Test
    void kreallocOfNullIsKmalloc() {
        Run run = Run.defaults();
        Outcome.Allocated a = allocated(krealloc(run, Pointer.NULL, 100, "GFP_KERNEL"));
        assertEquals(Backend.SLAB, a.backend());
        assertEquals("krealloc", run.model.allocation(a.pointer()).orElseThrow().api());
    }

    @Test
    void inPlaceWithinTheBucketThenMoved() {
        Run run = Run.defaults();
        Outcome.Allocated p = allocated(run.alloc("kmalloc", 100, GFP_KERNEL)); // bucket 128
        Outcome.Allocated same = allocated(krealloc(run, p.pointer(), 120, "GFP_KERNEL"));
        assertEquals(p.pointer(), same.pointer());
        Outcome.Allocated moved = allocated(krealloc(run, p.pointer(), 1000, "GFP_KERNEL"));
        assertNotEquals(p.pointer(), moved.pointer());
        assertEquals(Allocation.State.FREED, run.model.allocation(p.pointer()).orElseThrow().state());
        run.expectLastBugs();
        run.free("kfree", moved);
        assertTrue(run.finish().leakFree());
    }

    @Test
    void toZeroFreesAndReturnsZeroSizePtr() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kmalloc", 100, GFP_KERNEL);
        assertEquals(Pointer.ZERO_SIZE_PTR, allocated(krealloc(run, p.pointer(), 0, "GFP_KERNEL")).pointer());
        assertTrue(run.finish().leakFree());
    }

    @Test
    void failureKeepsTheOldMemoryLive() {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.EXHAUSTED));
        Outcome p = run.alloc("kmalloc", 100, GFP_KERNEL);
        failed(krealloc(run, p.pointer(), 100_000, "GFP_KERNEL")); // order 5: costly, may fail
        assertTrue(run.model.allocation(p.pointer()).orElseThrow().isLive());
        assertEquals(1, run.finish().leaks().size());
    }

    @Test
    void onVmallocMemoryIsFatalAndOnKvmallocMemoryLatent() {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED));
        Outcome v = run.alloc("vmalloc", 100);
        failed(krealloc(run, v.pointer(), 200, "GFP_KERNEL"));
        run.expectLastBugs(Bug.KREALLOC_ON_VMALLOC);
        assertTrue(run.model.allocation(v.pointer()).orElseThrow().isLive());
        Outcome kvVmalloc = run.alloc("kvmalloc", 65536, GFP_KERNEL);
        krealloc(run, kvVmalloc.pointer(), 70000, "GFP_KERNEL");
        run.expectLastBugs(Bug.KREALLOC_ON_VMALLOC);
        Outcome kvSlab = run.alloc("kvmalloc", 100, GFP_KERNEL);
        allocated(krealloc(run, kvSlab.pointer(), 50, "GFP_KERNEL"));
        run.expectLastBugs(Bug.LATENT_KREALLOC_ON_VMALLOC);
    }

    @Test
    void kreallocOfFreedMemory() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kmalloc", 100, GFP_KERNEL);
        run.free("kfree", p);
        failed(krealloc(run, p.pointer(), 200, "GFP_KERNEL"));
        run.expectLastBugs(Bug.USE_AFTER_FREE);
    }

    @Test
    void zeroFlagIsIgnoredIn6_1AndHonouredFrom6_12() {
        Run old = Run.defaults();
        Outcome p = old.alloc("kmalloc", 100, GFP_KERNEL);
        assertFalse(allocated(krealloc(old, p.pointer(), 120, "GFP_KERNEL | __GFP_ZERO")).zeroed());
        Run now = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V6_12));
        Outcome q = now.alloc("kmalloc", 100, GFP_KERNEL);
        assertTrue(allocated(krealloc(now, q.pointer(), 120, "GFP_KERNEL | __GFP_ZERO")).zeroed());
        // kzalloc'ed memory grown with __GFP_ZERO stays zero in both
        Outcome z = old.alloc("kzalloc", 100, GFP_KERNEL);
        assertTrue(allocated(krealloc(old, z.pointer(), 1000, "GFP_KERNEL | __GFP_ZERO")).zeroed());
    }

    @Test
    void kreallocArrayOverflowLeavesPAlone() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kmalloc", 100, GFP_KERNEL);
        Outcome o = run.call("s", "krealloc_array", Arg.ptr(p.pointer()), Arg.count(1L << 62), Arg.size(16), Arg.gfp(GFP_KERNEL));
        assertEquals(Outcome.FailureReason.OVERFLOW, failed(o).reason());
        assertTrue(run.model.allocation(p.pointer()).orElseThrow().isLive());
    }

    @Test
    void kvreallocBefore6_12NeverShrinksAndGrowsViaKvmalloc() {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED));
        Outcome p = run.alloc("kvmalloc", 100, GFP_KERNEL);
        Outcome same = run.call("s", "kvrealloc", Arg.ptr(p.pointer()), Arg.size(100), Arg.size(50), Arg.gfp(GFP_KERNEL));
        assertEquals(p.pointer(), same.pointer());
        run.expectLastBugs(Bug.SHRINK_EXPECTED);
        Outcome.Allocated grown = allocated(run.call("s", "kvrealloc", Arg.ptr(p.pointer()), Arg.size(100),
                Arg.size(65536), Arg.gfp(GFP_KERNEL)));
        assertEquals(Backend.VMALLOC, grown.backend());
        run.expectLastBugs();
        run.call("s", "kvrealloc", Arg.ptr(grown.pointer()), Arg.size(70000), Arg.size(80000), Arg.gfp(GFP_KERNEL));
        run.expectLastBugs(Bug.OUT_OF_BOUNDS);
    }

    @Test
    void kvreallocFrom6_12UsesVreallocForVmallocMemory() {
        Run run = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V6_12).withMemory(MemoryCondition.FRAGMENTED));
        Outcome.Allocated v = allocated(run.alloc("kvmalloc", 65536, GFP_KERNEL));
        Outcome.Allocated smaller = allocated(run.call("s", "kvrealloc", Arg.ptr(v.pointer()), Arg.size(60000), Arg.gfp(GFP_KERNEL)));
        assertEquals(v.pointer(), smaller.pointer()); // vrealloc in place
        Outcome.Allocated k = allocated(run.alloc("kvmalloc", 100, GFP_KERNEL));
        Outcome.Allocated moved = allocated(run.call("s", "kvrealloc", Arg.ptr(k.pointer()), Arg.size(65536), Arg.gfp(GFP_KERNEL)));
        assertEquals(Backend.VMALLOC, moved.backend()); // krealloc failed (fragmented), kvmalloc + copy + kfree
        run.expectLastBugs();
        run.free("kvfree", smaller);
        run.free("kvfree", moved);
        assertTrue(run.finish().leakFree());
    }

    @Test
    void kvreallocSignatureMustMatchTheProfile() {
        Run v61 = Run.defaults();
        Outcome p = v61.alloc("kvmalloc", 100, GFP_KERNEL);
        v61.call("s", "kvrealloc", Arg.ptr(p.pointer()), Arg.size(200), Arg.gfp(GFP_KERNEL));
        v61.expectLastBugs(Bug.UNAVAILABLE_API);
        Run v612 = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V6_12));
        Outcome q = v612.alloc("kvmalloc", 100, GFP_KERNEL);
        v612.call("s", "kvrealloc", Arg.ptr(q.pointer()), Arg.size(100), Arg.size(200), Arg.gfp(GFP_KERNEL));
        v612.expectLastBugs(Bug.UNAVAILABLE_API);
    }
}
