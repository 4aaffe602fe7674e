package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;
import static org.kvlint.alloc.Run.allocated;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §2.4: which free is legal for which memory, by provenance and by backend; §5.5.4 states and contexts. */
class FreeRulesTest {

    /** Allocates one kind of memory: kmalloc, vmalloc, kv-slab (kvmalloc served by kmalloc), kv-vmalloc. */
    private static Outcome.Allocated allocate(Run run, String kind) {
        return allocated(switch (kind) {
            case "kmalloc" -> run.alloc("kmalloc", 100, GFP_KERNEL);
            case "vmalloc" -> run.alloc("vmalloc", 100);
            case "kv-slab" -> run.alloc("kvmalloc", 100, GFP_KERNEL);
            case "kv-vmalloc" -> run.alloc("kvmalloc", 65536, GFP_KERNEL);
            default -> throw new IllegalArgumentException(kind);
        });
    }

    @ParameterizedTest(name = "{0} memory freed with {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "kmalloc; kfree; ; false", "kmalloc; kfree_sensitive; ; false", "kmalloc; kzfree; ; false",
            "kmalloc; vfree; MISMATCHED_FREE; true", "kmalloc; kvfree; ; false", "kmalloc; kvfree_sensitive; ; false",
            "vmalloc; kfree; MISMATCHED_FREE; false", "vmalloc; kfree_sensitive; MISMATCHED_FREE; false",
            "vmalloc; vfree; ; false", "vmalloc; vfree_atomic; ; false", "vmalloc; kvfree; ; false",
            "vmalloc; kvfree_sensitive; ; false",
            "kv-slab; kfree; LATENT_MISMATCHED_FREE; false", "kv-slab; kfree_sensitive; LATENT_MISMATCHED_FREE; false",
            "kv-slab; vfree; MISMATCHED_FREE; true", "kv-slab; kvfree; ; false", "kv-slab; kvfree_sensitive; ; false",
            "kv-vmalloc; kfree; MISMATCHED_FREE; false", "kv-vmalloc; vfree; LATENT_MISMATCHED_FREE; false",
            "kv-vmalloc; vfree_atomic; LATENT_MISMATCHED_FREE; false", "kv-vmalloc; kvfree; ; false",
            "kv-vmalloc; kvfree_sensitive; ; false",
    })
    void legalityMatrix(String kind, String free, Bug expected, boolean leaks) {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED));
        Outcome.Allocated p = allocate(run, kind);
        if (free.equals("kvfree_sensitive")) {
            run.call("free-site", free, Arg.ptr(p.pointer()), Arg.size(100));
        } else {
            run.free(free, p);
        }
        Set<Bug> want = expected == null ? EnumSet.noneOf(Bug.class) : EnumSet.of(expected);
        assertEquals(want, run.lastBugs(), () -> run.last().diagnostics().toString());
        if (expected == Bug.MISMATCHED_FREE) {
            // kfree of vmalloc memory corrupts (FATAL); vfree of kmalloc memory WARNs and leaks
            assertEquals(leaks ? Severity.WARN : Severity.FATAL, run.lastDiagnostic(expected).severity());
        }
        assertEquals(leaks, !run.finish().leakFree());
    }

    @Test
    void nullIsANoOpForEveryFree() {
        Run run = Run.defaults();
        for (String f : new String[] {"kfree", "kfree_sensitive", "vfree", "vfree_atomic", "kvfree"}) {
            run.free(f, Pointer.NULL);
            run.expectLastBugs();
        }
        run.call("s", "kvfree_sensitive", Arg.ptr(Pointer.NULL), Arg.size(10));
        run.expectLastBugs();
        run.call("s", "kfree_rcu", Arg.ptr(Pointer.NULL), Arg.count(8));
        run.expectLastBugs();
    }

    @Test
    void freeOfUnknownAndInteriorPointers() {
        Run run = Run.defaults();
        run.free("kfree", new Pointer(0xffff888012345678L));
        run.expectLastBugs(Bug.INVALID_FREE);
        assertEquals(Severity.FATAL, run.lastDiagnostic(Bug.INVALID_FREE).severity());
        Outcome.Allocated v = allocated(run.alloc("vmalloc", 10000));
        run.free("vfree", new Pointer(v.pointer().address() + 64));
        run.expectLastBugs(Bug.INVALID_FREE);
        assertEquals(Severity.WARN, run.lastDiagnostic(Bug.INVALID_FREE).severity()); // vfree WARNs and returns
        assertTrue(run.lastDiagnostic(Bug.INVALID_FREE).message().contains("vmalloc() at 'vmalloc-site'"));
    }

    @Test
    void doubleFreeNamesTheFirstFree() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kmalloc", 32, GFP_KERNEL);
        run.free("kfree", p);
        run.free("kvfree", p);
        run.expectLastBugs(Bug.DOUBLE_FREE);
        assertTrue(run.lastDiagnostic(Bug.DOUBLE_FREE).message().contains("kfree() at 'kfree-free-site'"));
    }

    @Test
    void kvfreeSensitiveBeyondTheAllocation() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kvmalloc", 100, GFP_KERNEL); // bucket 128
        run.call("s", "kvfree_sensitive", Arg.ptr(p.pointer()), Arg.size(129));
        run.expectLastBugs(Bug.OUT_OF_BOUNDS);
    }

    @Test
    void vfreeSleepsInAtomicContextButIsDeferredFromInterrupts() {
        Run run = Run.defaults();
        Outcome a = run.alloc("vmalloc", 100);
        Outcome b = run.alloc("vmalloc", 100);
        Outcome c = run.alloc("vmalloc", 100);
        run.model.setContext(ExecutionContext.ATOMIC);
        run.free("vfree", a);
        run.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
        run.free("vfree_atomic", b);
        run.expectLastBugs();
        run.model.setContext(ExecutionContext.HARDIRQ);
        run.free("vfree", c);
        run.expectLastBugs();
        assertTrue(((Event.Freed) run.last().events().getLast()).deferred());
        run.model.setContext(ExecutionContext.NMI);
        run.free("kfree", Pointer.NULL);
        run.expectLastBugs(Bug.FREE_IN_NMI);
    }

    @Test
    void kfreeNeverSleeps() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kmalloc", 100, GFP_KERNEL);
        run.model.setContext(ExecutionContext.ATOMIC);
        run.free("kfree", p);
        run.expectLastBugs();
    }

    @Test
    void rcuFreesCompleteAtTheGracePeriod() {
        Run run = Run.defaults();
        Outcome p = run.alloc("kvmalloc", 100, GFP_KERNEL);
        run.call("s", "kvfree_rcu", Arg.ptr(p.pointer()), Arg.count(8));
        assertEquals(Allocation.State.RCU_PENDING, run.model.allocation(p.pointer()).orElseThrow().state());
        run.call("s2", "kvfree_rcu", Arg.ptr(p.pointer()), Arg.count(8));
        run.expectLastBugs(Bug.DOUBLE_FREE);
        run.model.rcuBarrier();
        assertEquals(Allocation.State.FREED, run.model.allocation(p.pointer()).orElseThrow().state());
        // head-less form may sleep
        Outcome q = run.alloc("kvmalloc", 100, GFP_KERNEL);
        run.model.setContext(ExecutionContext.ATOMIC);
        run.call("s3", "kvfree_rcu", Arg.ptr(q.pointer()));
        run.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
        assertTrue(run.finish().leakFree());
    }

    @Test
    void kfreeRcuBefore5_9IsAKfree() {
        Run run = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V5_8));
        Outcome p = run.alloc("kvmalloc", 100, GFP_KERNEL);
        run.call("s", "kfree_rcu", Arg.ptr(p.pointer()), Arg.count(8));
        run.expectLastBugs(Bug.LATENT_MISMATCHED_FREE);
        run.call("s", "kvfree_rcu", Arg.ptr(run.alloc("kvmalloc", 100, GFP_KERNEL).pointer()), Arg.count(8));
        run.expectLastBugs(Bug.UNAVAILABLE_API);
    }

    @Test
    void isVmallocAddrAnswersByAddress() {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED));
        Outcome.Allocated v = allocate(run, "kv-vmalloc");
        Outcome.Allocated k = allocate(run, "kv-slab");
        assertTrue(run.model.isVmallocAddr(v.pointer()));
        assertTrue(run.model.isVmallocAddr(new Pointer(v.pointer().address() + 100)));
        assertFalse(run.model.isVmallocAddr(k.pointer()));
        assertFalse(run.model.isVmallocAddr(Pointer.NULL));
        assertFalse(run.model.isVmallocAddr(Pointer.ZERO_SIZE_PTR));
        assertEquals(0, run.call("q", "is_vmalloc_addr", Arg.ptr(k.pointer())).value());
    }

    @Test
    void kstrdupConstNeedsKfreeConst() {
        Run run = Run.defaults();
        Outcome s1 = run.call("s", "kstrdup_const", Arg.text("name"), Arg.gfp(GFP_KERNEL));
        run.free("kfree", s1);
        run.expectLastBugs(Bug.LATENT_MISMATCHED_FREE);
        assertTrue(run.lastDiagnostic(Bug.LATENT_MISMATCHED_FREE).message().contains("kfree_const()"));
        Outcome s2 = run.call("s", "kstrdup_const", Arg.text("name"), Arg.gfp(GFP_KERNEL));
        run.free("kfree_const", s2);
        run.expectLastBugs();
        Outcome plain = run.alloc("kmalloc", 10, GFP_KERNEL);
        run.free("kfree_const", plain); // kfree_const() is kfree() for memory outside .rodata
        run.expectLastBugs();
        assertTrue(run.finish().leakFree());
    }
}
