package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlint.alloc.GfpMask.GFP_KERNEL;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The end of a run and the observables compared between runs (§5.5.8, §5.7). */
class ReportTest {

    private static Report run(ModelConfig c, Consumer<Run> body) {
        Run r = Run.of(c);
        body.accept(r);
        return r.finish();
    }

    @Test
    void finishReportsLeaksWithTheirSiteAndClosesTheRun() {
        Run run = Run.defaults();
        run.call("leaky.c:10", "kvzalloc", Arg.size(100), Arg.gfp(GFP_KERNEL));
        Report r = run.finish();
        assertEquals(1, r.leaks().size());
        Diagnostic leak = r.of(Bug.LEAK).getFirst();
        assertEquals("leaky.c:10", leak.site());
        assertEquals("memory from kvzalloc() at 'leaky.c:10' is never freed", leak.message());
        assertSame(r, run.finish());
        assertThrows(IllegalStateException.class, () -> run.alloc("kmalloc", 1, GFP_KERNEL));
    }

    @Test
    void identicalRunsGiveEqualTracesAndObservations() {
        ModelConfig c = ModelConfig.defaults().withMemory(new MemoryCondition.Pressure(0.5)).withSeed(5)
                .withFaults(new Fault.KvRandomBackend(0.5, false));
        Consumer<Run> body = r -> {
            for (int i = 0; i < 20; i++) {
                Outcome o = r.call("s" + i, "kvmalloc", Arg.size(4096L << (i % 6)), Arg.gfp(GFP_KERNEL));
                r.free("kvfree", o);
            }
        };
        Report a = run(c, body);
        Report b = run(c, body);
        assertEquals(a.trace(), b.trace());
        assertEquals(a.observation(), b.observation());
    }

    @Test
    void observationSeparatesAFixedFreeFromABrokenOne() {
        ModelConfig c = ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED);
        Report broken = run(c, r -> r.free("kfree", r.alloc("kvmalloc", 65536, GFP_KERNEL)));
        Report fixed = run(c, r -> r.free("kvfree", r.alloc("kvmalloc", 65536, GFP_KERNEL)));
        assertFalse(broken.everyReleaseLegal());
        assertTrue(broken.hasFatal());
        assertTrue(fixed.everyReleaseLegal());
        assertNotEquals(broken.observation(), fixed.observation());
        assertEquals(new Observation(false, false, true, true, java.util.Set.of()), fixed.observation());
    }

    @Test
    void warningPrintedAndOomKillerAreObservable() {
        Report r = run(ModelConfig.defaults().withMemory(MemoryCondition.EXHAUSTED), run -> {
            run.free("kfree", run.alloc("kmalloc", 64, GFP_KERNEL));
            run.alloc("kmalloc", 1 << 20, GFP_KERNEL);
        });
        assertTrue(r.oomKillerInvoked());
        assertTrue(r.warningPrinted());
        assertTrue(r.leakFree());
    }
}
