package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_ATOMIC;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;
import static org.kvlint.alloc.Run.allocated;

import org.junit.jupiter.api.Test;

/** Sleeping calls in atomic context and the memalloc_* scopes (§2, §3.2, §5.4). */
class ContextTest {

    @Test
    void blockingKmallocInAtomicContextIsReported() {
        Run run = Run.defaults();
        run.model.setContext(ExecutionContext.ATOMIC);
        allocated(run.alloc("kmalloc", 64, GFP_KERNEL));
        run.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
        allocated(run.alloc("kmalloc", 64, GFP_ATOMIC));
        run.expectLastBugs();
        run.model.setContext(ExecutionContext.HARDIRQ);
        allocated(run.alloc("kzalloc", 64, "GFP_NOWAIT"));
        run.expectLastBugs();
    }

    @Test
    void inAtomicContextABlockingRequestContinuesAsNonBlocking() {
        Run run = Run.of(ModelConfig.defaults().withMemory(MemoryCondition.EXHAUSTED));
        run.model.setContext(ExecutionContext.ATOMIC);
        Run.failed(run.alloc("kmalloc", 64, GFP_KERNEL)); // would have been too small to fail
        assertFalse(run.last().oomKillerInvoked());
    }

    @Test
    void vmallocSleepsWhateverTheFlags() {
        Run run = Run.defaults();
        allocated(run.alloc("__vmalloc", 100, GFP_ATOMIC)); // process context: just unsupported
        run.expectLastBugs(Bug.UNSUPPORTED_GFP);
        assertFalse(run.last().warningPrinted());
        run.model.setContext(ExecutionContext.SOFTIRQ);
        run.alloc("vzalloc", 100);
        run.expectLastBugs(Bug.SLEEP_IN_ATOMIC);
        assertTrue(run.last().warningPrinted());
    }

    @Test
    void memdupUserAlwaysMaySleepAndReturnsErrPtr() {
        Run run = Run.of(ModelConfig.defaults().withFaults(Fault.FailKmalloc.aboveOrder(-1)));
        run.model.setContext(ExecutionContext.ATOMIC);
        Outcome o = run.call("s", "memdup_user", Arg.ptr(new Pointer(0x7fff0000L)), Arg.size(100));
        assertTrue(o.pointer().isErr());
        assertTrue(run.lastBugs().contains(Bug.SLEEP_IN_ATOMIC));
    }

    @Test
    void allocationInNmi() {
        Run run = Run.defaults();
        run.model.setContext(ExecutionContext.NMI);
        run.alloc("kmalloc", 64, GFP_ATOMIC);
        run.expectLastBugs(Bug.ALLOC_IN_NMI);
    }

    @Test
    void nofsScopeStopsTheOomKiller() {
        ModelConfig exhausted = ModelConfig.defaults().withMemory(MemoryCondition.EXHAUSTED);
        Run run = Run.of(exhausted);
        run.model.enterScope(GfpScope.NOFS);
        allocated(run.alloc("kmalloc", 64, GFP_KERNEL));
        assertFalse(run.last().oomKillerInvoked());
        var req = (Event.PageRequest) run.last().events().getFirst();
        assertEquals(PageAllocator.Resolution.LOOPED_WITHOUT_KILLING, req.resolution());
        assertFalse(req.gfp().has(GfpFlag.FS));
        run.model.exitScope(GfpScope.NOFS);
        allocated(run.alloc("kmalloc", 64, GFP_KERNEL));
        assertTrue(run.last().oomKillerInvoked());
        assertThrows(IllegalStateException.class, () -> run.model.exitScope(GfpScope.NOIO));
    }

    @Test
    void before5_17VmallocWithNofsNeedsTheScope() {
        Run run = Run.of(ModelConfig.defaults().withProfile(KernelProfile.V5_15));
        run.alloc("__vmalloc", 100, "GFP_NOFS");
        run.expectLastBugs(Bug.UNSUPPORTED_GFP);
        run.model.enterScope(GfpScope.NOFS);
        run.alloc("vmalloc", 100);
        run.expectLastBugs();
        run.alloc("__vmalloc", 100, "GFP_NOIO");
        run.expectLastBugs(Bug.UNSUPPORTED_GFP); // NOIO needs the noio scope
        run.model.enterScope(GfpScope.NOIO);
        run.alloc("__vmalloc", 100, "GFP_NOIO");
        run.expectLastBugs();
    }
}
