package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;

/**
 * Properties of the model against allocator-semantics.md: checked over generated sizes, GFP
 * masks, memory conditions, fault plans and seeds.
 */
class AllocatorModelProperties {

    private static final int TRIES = 200;
    private static final long PAGE = 4096;
    private static final AllocatorApi API = AllocatorApi.standard();

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Long> sizes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(20, Arbitraries.longs().between(1, PAGE)),
                net.jqwik.api.Tuple.of(20, Arbitraries.longs().between(PAGE + 1, 32768)),
                net.jqwik.api.Tuple.of(20, Arbitraries.longs().between(32769, 8L << 20)),
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(Integer.MAX_VALUE - 10L, 1L << 40)));
    }

    @Provide
    Arbitrary<Long> largeSizes() {
        return Arbitraries.longs().between(PAGE + 1, 64L << 20);
    }

    @Provide
    Arbitrary<Long> smallSizes() {
        return Arbitraries.longs().between(0, PAGE);
    }

    private static Arbitrary<GfpMask> masks(List<GfpMask> bases) {
        Arbitrary<GfpMask> base = Arbitraries.of(bases);
        Arbitrary<Set<GfpFlag>> modifiers = Arbitraries.of(GfpFlag.NOWARN, GfpFlag.NORETRY, GfpFlag.RETRY_MAYFAIL,
                GfpFlag.NOFAIL, GfpFlag.ZERO, GfpFlag.ACCOUNT).set().ofMaxSize(3);
        return Combinators.combine(base, modifiers).as((b, mods) -> b.union(new GfpMask(mods)));
    }

    @Provide
    Arbitrary<GfpMask> anyMask() {
        return masks(List.of(GfpMask.GFP_KERNEL, GfpMask.GFP_NOFS, GfpMask.GFP_NOIO, GfpMask.GFP_ATOMIC,
                GfpMask.GFP_NOWAIT, GfpMask.GFP_KERNEL_ACCOUNT, GfpMask.GFP_USER));
    }

    @Provide
    Arbitrary<GfpMask> blockingMask() {
        return masks(List.of(GfpMask.GFP_KERNEL, GfpMask.GFP_NOFS, GfpMask.GFP_NOIO, GfpMask.GFP_KERNEL_ACCOUNT));
    }

    @Provide
    Arbitrary<GfpMask> nonBlockingMask() {
        return masks(List.of(GfpMask.GFP_ATOMIC, GfpMask.GFP_NOWAIT, GfpMask.GFP_KERNEL.minus(GfpFlag.DIRECT_RECLAIM)));
    }

    @Provide
    Arbitrary<GfpMask> rawMask() {
        return Arbitraries.of(GfpFlag.class).set().map(GfpMask::new);
    }

    @Provide
    Arbitrary<MemoryCondition> memory() {
        return Arbitraries.oneOf(Arbitraries.of(MemoryCondition.PLENTY, MemoryCondition.EXHAUSTED),
                Arbitraries.integers().between(0, 5).map(MemoryCondition.Fragmented::new),
                Arbitraries.doubles().between(0, 1).map(MemoryCondition.Pressure::new));
    }

    /** The §5.7 plan list, plus OOM-victim and kmalloc injection. */
    @Provide
    Arbitrary<FaultPlan> faults() {
        return Arbitraries.of(FaultPlan.NONE, FaultPlan.of(new Fault.KvRandomBackend(0.5, false)),
                FaultPlan.of(new Fault.KvForceKmalloc()), FaultPlan.of(new Fault.FailVmalloc(1.0)),
                FaultPlan.of(new Fault.FailVmalloc(0.5)), FaultPlan.of(Fault.FailKmalloc.aboveOrder(0)),
                FaultPlan.of(new Fault.OomVictim()));
    }

    @Provide
    Arbitrary<ModelConfig> configs61() {
        return Combinators.combine(memory(), faults(), Arbitraries.longs(), Arbitraries.of(true, false))
                .as((m, f, seed, init) -> ModelConfig.defaults().withMemory(m).withFaults(f).withSeed(seed)
                        .withInitOnAlloc(init));
    }

    @Provide
    Arbitrary<ModelConfig> configsAnyProfile() {
        return Combinators.combine(configs61(), Arbitraries.of(KernelProfile.class)).as(ModelConfig::withProfile);
    }

    /** Allocators of the model that take (size, gfp) or (n, size, gfp), any family it models (not the page allocator's). */
    @Provide
    Arbitrary<ApiFunction> sizeAndGfpAllocators() {
        return Arbitraries.of(API.all().stream()
                .filter(AllocatorModel::modelled)
                .filter(f -> f.role() == ApiFunction.Role.ALLOC && !f.sizeArgs().isEmpty() && f.sizeArgs().getFirst() == 0)
                .filter(f -> f.since().compareTo(KernelProfile.V6_1.version()) <= 0)
                .toList());
    }

    private static List<Arg> args(ApiFunction f, long size, GfpMask g) {
        int n = Math.max(Math.max(f.gfpArg(), f.nodeArg()), f.sizeArgs().getLast()) + 1;
        List<Arg> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(Arg.size(0));
        }
        args.set(0, Arg.size(f.sizeArgs().size() == 2 ? 1 : size));
        if (f.sizeArgs().size() == 2) {
            args.set(f.sizeArgs().get(1), Arg.size(size));
        }
        if (f.gfpArg() >= 0) {
            args.set(f.gfpArg(), Arg.gfp(g));
        }
        if (f.nodeArg() >= 0) {
            args.set(f.nodeArg(), Arg.node(AllocatorModel.NUMA_NO_NODE));
        }
        return args;
    }

    /** The backend, or null for NULL (a statistics bucket). */
    private static Backend backendOf(Outcome o) {
        return o instanceof Outcome.Allocated a ? a.backend() : null;
    }

    private static Outcome kvmalloc(AllocatorModel m, long size, GfpMask g) {
        return m.call("kvmalloc", List.of(Arg.size(size), Arg.gfp(g)), "p");
    }

    // ---------------------------------------------------------------- properties

    /** §2.4: kvfree() is correct for kmalloc, vmalloc and kvmalloc memory, whatever served it. */
    @Property(tries = TRIES)
    void kvfreeAcceptsMemoryOfEitherBackend(@ForAll("sizeAndGfpAllocators") ApiFunction f, @ForAll("sizes") long size,
                                            @ForAll("blockingMask") GfpMask g, @ForAll("configs61") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = m.call(f.name(), args(f, size, g), "alloc");
        Statistics.label("backend").collect(backendOf(o));
        Statistics.label("backend").coverage(cov -> {
            cov.check(Backend.VMALLOC).count(n -> n > 5);
            cov.check(Backend.SLAB).count(n -> n > 5);
            cov.check(Backend.PAGES).count(n -> n > 0);
        });
        m.free("kvfree", o.pointer(), "free");
        assertTrue(m.trace().last().diagnostics().isEmpty(), () -> m.trace().last().diagnostics().toString());
        Report r = m.finish();
        assertTrue(r.leakFree());
        assertTrue(r.everyReleaseLegal());
    }

    /** §2.4: kfree() of vmalloc-backed memory is always reported as FATAL, whatever API allocated it. */
    @Property(tries = TRIES)
    void kfreeOfVmallocMemoryIsAlwaysReported(@ForAll("sizeAndGfpAllocators") ApiFunction f, @ForAll("sizes") long size,
                                              @ForAll("blockingMask") GfpMask g, @ForAll("configsAnyProfile") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = m.call(f.name(), args(f, size, g), "alloc");
        boolean vmalloced = o instanceof Outcome.Allocated a && a.backend() == Backend.VMALLOC;
        Statistics.label("vmalloc-backed").collect(vmalloced);
        Statistics.label("vmalloc-backed").coverage(cov -> cov.check(true).count(n -> n > 5));
        m.free("kfree", o.pointer(), "free");
        List<Diagnostic> d = m.trace().last().diagnostics();
        if (vmalloced) {
            assertTrue(d.stream().anyMatch(x -> x.bug() == Bug.MISMATCHED_FREE && x.severity() == Severity.FATAL), d::toString);
        }
        // by provenance: kfree of vmalloc- or kv-family memory is never silent
        if (o instanceof Outcome.Allocated a && a.allocationId() != 0 && f.family() != ApiFunction.Family.KMALLOC) {
            assertTrue(d.stream().anyMatch(x -> x.bug().isIllegalRelease()), d::toString);
        }
    }

    /** §1.1: for size > PAGE_SIZE the kmalloc try (NORETRY|NOWARN) never runs the OOM killer and never warns. */
    @Property(tries = TRIES)
    void kvmallocKmallocTryNeverInvokesTheOomKiller(@ForAll("largeSizes") long size, @ForAll("anyMask") GfpMask g,
                                                    @ForAll("configs61") ModelConfig c) {
        GfpMask caller = g.minus(GfpFlag.RETRY_MAYFAIL);
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = kvmalloc(m, size, caller);
        CallRecord call = m.trace().last();
        for (Event e : call.events()) {
            if (e instanceof Event.PageRequest r && r.stage() != Backend.VMALLOC) {
                assertFalse(r.resolution() == PageAllocator.Resolution.OOM_KILLER_INVOKED, call::toString);
                assertFalse(r.resolution() == PageAllocator.Resolution.LOOPED_WITHOUT_KILLING, call::toString);
            }
        }
        if (o instanceof Outcome.Allocated a && a.backend() != Backend.VMALLOC) {
            assertFalse(call.oomKillerInvoked());
        }
        // a printed allocation-failure warning can only come from the vmalloc step
        if (!call.fellBackToVmalloc()) {
            assertTrue(call.diagnostics().stream().noneMatch(d -> d.bug() == Bug.WARN_ALLOC_FAIL), call::toString);
        }
    }

    /**
     * §1.1 row 1: for size <= PAGE_SIZE kvmalloc is exactly kmalloc with the caller's flags, under
     * every plan except the stress mode KvRandomBackend(allSizes=true), which is not in the generator.
     */
    @Property(tries = TRIES)
    void smallKvmallocBehavesExactlyAsKmalloc(@ForAll("smallSizes") long size, @ForAll("anyMask") GfpMask g,
                                               @ForAll("configs61") ModelConfig c,
                                               @ForAll ExecutionContext ctx) {
        GfpMask caller = g.minus(GfpFlag.NORETRY); // kvmalloc adds an INFO for NORETRY, nothing else
        AllocatorModel kv = new AllocatorModel(c);
        AllocatorModel k = new AllocatorModel(c);
        kv.setContext(ctx);
        k.setContext(ctx);
        Outcome a = kv.call("kvmalloc", List.of(Arg.size(size), Arg.gfp(caller)), "same-site");
        Outcome b = k.call("kmalloc", List.of(Arg.size(size), Arg.gfp(caller)), "same-site");
        assertEquals(b, a);
        CallRecord ra = kv.trace().last();
        CallRecord rb = k.trace().last();
        assertEquals(pageRequests(rb), pageRequests(ra));
        assertEquals(rb.diagnostics().stream().map(Diagnostic::bug).toList(),
                ra.diagnostics().stream().map(Diagnostic::bug).toList());
        assertEquals(rb.oomKillerInvoked(), ra.oomKillerInvoked());
        assertEquals(rb.warningPrinted(), ra.warningPrinted());
        assertFalse(ra.fellBackToVmalloc());
    }

    private static List<Event> pageRequests(CallRecord r) {
        return r.events().stream().filter(e -> e instanceof Event.PageRequest || e instanceof Event.FaultInjected).toList();
    }

    /** §1.1 step 4 (6.0+): non-sleeping flags never reach vmalloc, and never sleep. */
    @Property(tries = TRIES)
    void nonSleepingFlagsNeverReachVmalloc(@ForAll("sizes") long size, @ForAll("nonBlockingMask") GfpMask g,
                                           @ForAll("configs61") ModelConfig c) {
        GfpMask caller = g.minus(GfpFlag.NOFAIL);
        AllocatorModel m = new AllocatorModel(c);
        m.setContext(ExecutionContext.ATOMIC);
        Outcome o = kvmalloc(m, size, caller);
        CallRecord call = m.trace().last();
        assertFalse(call.fellBackToVmalloc());
        assertTrue(call.events().stream().noneMatch(e -> e instanceof Event.PageRequest r && r.stage() == Backend.VMALLOC));
        assertFalse(o instanceof Outcome.Allocated a && a.backend() == Backend.VMALLOC);
        assertTrue(call.diagnostics().stream().noneMatch(d -> d.bug() == Bug.SLEEP_IN_ATOMIC), call::toString);
    }

    /** §1.1 step 5 (5.15+): size > INT_MAX returns NULL, with a WARN unless the caller passed __GFP_NOWARN. */
    @Property(tries = TRIES)
    void kvmallocAboveIntMaxReturnsNullAndWarnsUnlessNowarn(
            @ForAll @LongRange(min = Integer.MAX_VALUE + 1L, max = Long.MAX_VALUE) long size,
            @ForAll("blockingMask") GfpMask g, @ForAll("configs61") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = kvmalloc(m, size, g);
        assertInstanceOf(Outcome.Failed.class, o);
        assertTrue(o.pointer().isNull());
        boolean warned = m.trace().last().diagnostics().stream().anyMatch(d -> d.bug() == Bug.WARN_OVERSIZE && d.printed());
        assertEquals(!g.has(GfpFlag.NOWARN), warned, () -> m.trace().last().toString());
        assertEquals(Set.of(), m.trace().last().diagnostics().stream().map(Diagnostic::bug)
                .filter(b -> b != Bug.WARN_OVERSIZE && b != Bug.UNSUPPORTED_GFP).collect(java.util.stream.Collectors.toSet()));
    }

    /** P6: kzalloc, vzalloc, kvzalloc, k/v/kvcalloc and any __GFP_ZERO request return zeroed memory in every backend. */
    @Property(tries = TRIES)
    void zeroingHoldsInEveryBackend(@ForAll("sizeAndGfpAllocators") ApiFunction f, @ForAll("sizes") long size,
                                    @ForAll("anyMask") GfpMask g, @ForAll("configsAnyProfile") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = m.call(f.name(), args(f, size, g), "z");
        boolean asksForZero = f.zero() == ApiFunction.Zeroing.ALWAYS
                || f.zero() == ApiFunction.Zeroing.GFP && f.gfpArg() >= 0 && g.has(GfpFlag.ZERO);
        Statistics.label("zeroing").collect(backendOf(o), asksForZero);
        Statistics.label("zeroing").coverage(cov -> {
            cov.check(Backend.VMALLOC, true).count(n -> n > 0);
            cov.check(Backend.SLAB, true).count(n -> n > 0);
            cov.check(Backend.PAGES, true).count(n -> n > 0);
        });
        if (o instanceof Outcome.Allocated a) {
            if (asksForZero || c.initOnAlloc()) {
                assertTrue(a.zeroed(), () -> f.name() + " " + a);
            } else if (a.backend() != Backend.ZERO_SIZE) {
                assertFalse(a.zeroed(), () -> f.name() + " " + a); // nothing zeroes by accident
            }
        }
    }

    /** §3.3: too-small-to-fail requests never return NULL, whatever the memory condition (no fault injection). */
    @Property(tries = TRIES)
    void tooSmallToFailNeverFails(@ForAll @LongRange(min = 1, max = 32768) long size,
                                  @ForAll("memory") MemoryCondition mem, @ForAll long seed,
                                  @ForAll("blockingMask") GfpMask g) {
        GfpMask caller = g.minus(GfpFlag.NORETRY, GfpFlag.RETRY_MAYFAIL);
        AllocatorModel m = new AllocatorModel(ModelConfig.defaults().withMemory(mem).withSeed(seed));
        Outcome o = m.call("kmalloc", List.of(Arg.size(size), Arg.gfp(caller)), "t");
        assertInstanceOf(Outcome.Allocated.class, o);
        // and the OOM killer runs only for requests that may enter the filesystem
        if (m.trace().last().oomKillerInvoked()) {
            assertTrue(caller.has(GfpFlag.FS));
        }
    }

    /** __GFP_NOFAIL never fails for a blocking kvmalloc from 5.17 on (vmalloc implements it), even with faults. */
    @Property(tries = TRIES)
    void nofailKvmallocNeverFails(@ForAll @LongRange(min = 1, max = Integer.MAX_VALUE) long size,
                                  @ForAll("blockingMask") GfpMask g, @ForAll("configs61") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        assertInstanceOf(Outcome.Allocated.class, kvmalloc(m, size, g.plus(GfpFlag.NOFAIL)));
    }

    /** Reproducibility: the same configuration and calls give the same trace. */
    @Property(tries = 50)
    void runsAreDeterministic(@ForAll("configsAnyProfile") ModelConfig c, @ForAll("sizes") long size,
                              @ForAll("anyMask") GfpMask g) {
        List<Trace> traces = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            AllocatorModel m = new AllocatorModel(c);
            for (int i = 0; i < 8; i++) {
                Outcome o = m.call("kvmalloc", List.of(Arg.size(size >>> i), Arg.gfp(g)), "s" + (i % 3));
                m.free(i % 2 == 0 ? "kvfree" : "kfree", o.pointer(), "f");
            }
            traces.add(m.trace());
        }
        assertEquals(traces.get(0), traces.get(1));
    }

    /** Every modelled outcome is consistent: memory is usable for the request and is_vmalloc_addr matches the backend. */
    @Property(tries = TRIES)
    void allocationsAreConsistent(@ForAll("sizeAndGfpAllocators") ApiFunction f, @ForAll("sizes") long size,
                                  @ForAll("anyMask") GfpMask g, @ForAll("configsAnyProfile") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = m.call(f.name(), args(f, size, g), "c");
        if (o instanceof Outcome.Allocated a && a.allocationId() != 0) {
            Allocation rec = m.allocation(a.pointer()).orElseThrow();
            assertTrue(Long.compareUnsigned(rec.usable(), rec.requested()) >= 0);
            assertEquals(a.backend() == Backend.VMALLOC, m.isVmallocAddr(a.pointer()));
            assertEquals(f.family(), rec.provenance());
            assertEquals(f.name(), rec.api());
            if (f.family() == ApiFunction.Family.KMALLOC) {
                assertTrue(a.backend().isKmalloc());
            }
            if (f.family() == ApiFunction.Family.VMALLOC) {
                assertEquals(Backend.VMALLOC, a.backend());
            }
        } else {
            assertTrue(o.pointer().isNull() || o.pointer().isZeroSizePtr());
        }
    }

    /** GFP masks round-trip through their C text. */
    @Property(tries = TRIES)
    void gfpMaskRoundTripsThroughCText(@ForAll("rawMask") GfpMask m) {
        assertEquals(m, GfpMask.parse(m.toC()));
        assertEquals(m.minus(GfpFlag.FS), GfpMask.parse("(" + m.toC() + ") & ~__GFP_FS"));
    }

    /** Provenance, not backend, decides latent mismatches: kfree of kvmalloc memory never passes silently. */
    @Property(tries = TRIES)
    void kfreeOfKvmallocMemoryIsNeverSilent(@ForAll @LongRange(min = 1, max = 8L << 20) long size,
                                            @ForAll("configs61") ModelConfig c) {
        AllocatorModel m = new AllocatorModel(c);
        Outcome o = kvmalloc(m, size, GfpMask.GFP_KERNEL);
        if (!(o instanceof Outcome.Allocated)) {
            return; // kfree(NULL) is fine
        }
        m.free("kfree", o.pointer(), "f");
        EnumSet<Bug> bugs = EnumSet.noneOf(Bug.class);
        m.trace().last().diagnostics().forEach(d -> bugs.add(d.bug()));
        assertTrue(bugs.contains(Bug.MISMATCHED_FREE) || bugs.contains(Bug.LATENT_MISMATCHED_FREE), bugs::toString);
    }
}
