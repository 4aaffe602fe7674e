package org.kvlint.alloc;

import static org.kvlint.alloc.Limits.exceeds;

import org.kvlint.alloc.Outcome.FailureReason;

/**
 * The three allocation paths: kmalloc (§5.5.1), vmalloc (§5.5.2) and kvmalloc_node with its
 * per-profile variants (§1.1, §1.2, §5.5.3, §5.5.9). Memory is recorded with the provenance of
 * the top-level call ({@link CallScope#provenance}).
 */
final class Allocators {
    private final ModelState s;

    Allocators(ModelState s) {
        this.s = s;
    }

    /** Which way a kvmalloc goes, after fault injection (§5.6). */
    private enum KvRoute { NORMAL, SKIP_KMALLOC, FORCE_KMALLOC }

    // ---------------------------------------------------------------- kmalloc (§5.5.1)

    Outcome kmalloc(CallScope c, long size, GfpMask gfp, int node) {
        return kmalloc(c, size, gfp, node, false);
    }

    private Outcome kmalloc(CallScope c, long size, GfpMask gfp, int node, boolean forceSuccess) {
        GfpMask g = gfp;
        if (g.has(GfpFlag.HIGHMEM) || g.has(GfpFlag.DMA32)) {
            // GFP_SLAB_BUG_MASK: kmalloc_fix_flags() prints "Unexpected gfp ... Fix your code!" and strips them.
            c.diag(Bug.BAD_GFP_FOR_SLAB, Severity.WARN, true, "unexpected gfp " + g.intersect(GfpMask.of(GfpFlag.HIGHMEM,
                    GfpFlag.DMA32)) + " in " + c.function + "(): kmalloc has no highmem/DMA32 caches, flag stripped");
            g = g.minus(GfpFlag.HIGHMEM, GfpFlag.DMA32);
        }
        if (g.blocking()) {
            s.mightSleep(c, "kmalloc with " + g); // slab_pre_alloc_hook -> might_alloc()
        }
        if (size == 0) {
            return new Outcome.Allocated(Pointer.ZERO_SIZE_PTR, Backend.ZERO_SIZE, true, 0, 0);
        }
        Limits l = s.limits;
        Backend backend;
        long usable;
        int order;
        if (!exceeds(size, l.kmallocMaxCacheSize())) {
            backend = Backend.SLAB;
            usable = l.bucket(size);
            order = l.order(usable); // the slab's minimum order: 0 up to PAGE_SIZE, 1 for the 2*PAGE_SIZE cache
        } else if (!exceeds(size, l.kmallocMaxSize())) {
            backend = Backend.PAGES;
            order = l.order(size);
            usable = (long) s.config.pageSize() << order;
        } else {
            if (!g.has(GfpFlag.NOWARN)) {
                c.diag(Bug.WARN_OVERSIZE, Severity.WARN, true, c.function + "() of " + Long.toUnsignedString(size)
                        + " bytes exceeds KMALLOC_MAX_SIZE (" + l.kmallocMaxSize() + ")");
            }
            return Outcome.nullWith(FailureReason.TOO_LARGE);
        }
        if (forceSuccess) {
            c.event(new Event.FaultInjected(new Fault.KvForceKmalloc(), "kmalloc try of " + size + " bytes forced to succeed"));
        } else {
            var injected = injectedKmallocFailure(c, order, g);
            if (injected.isPresent()) {
                c.event(new Event.FaultInjected(injected.get(), "kmalloc of order " + order + " failed"));
                warnAllocFail(c, g, "page allocation failure: order:" + order + " (injected)");
                return Outcome.nullWith(FailureReason.INJECTED);
            }
            PageAllocator.Result r = pages(c, backend, order, g);
            if (!r.succeeded()) {
                warnAllocFail(c, g, "page allocation failure: order:" + order + ", mode:(" + g + ")");
                return Outcome.nullWith(FailureReason.NO_MEMORY);
            }
        }
        boolean zeroed = g.has(GfpFlag.ZERO) || s.config.initOnAlloc();
        return record(c, backend, order, size, usable, zeroed, g, node);
    }

    // ---------------------------------------------------------------- vmalloc (§5.5.2)

    Outcome vmalloc(CallScope c, long size, GfpMask g, int node) {
        if (g.has(GfpFlag.NORETRY)) {
            c.diag(Bug.UNSUPPORTED_GFP, Severity.INFO, false,
                    "__GFP_NORETRY is not supported by " + c.function + "() (only its page allocations see it)");
        }
        return vmallocStep(c, size, g, node);
    }

    private Outcome vmallocStep(CallScope c, long size, GfpMask g, int node) {
        KernelProfile p = s.profile;
        boolean nonBlockingSupported = p.vmallocSupportsNonBlocking() && !g.blocking();
        if (!nonBlockingSupported) {
            s.mightSleep(c, "vmalloc"); // alloc_vmap_area() -> might_sleep(), whatever the flags
        }
        if (!g.blocking() && !nonBlockingSupported && s.context.maySleep()) {
            // In atomic context SLEEP_IN_ATOMIC already says it; in process context it just sleeps anyway.
            c.diag(Bug.UNSUPPORTED_GFP, Severity.WARN, false, "vmalloc does not support non-blocking " + g
                    + " in " + c.function + "(): it may sleep regardless");
        }
        if (!p.vmallocHonoursNofsNoioNofail() && g.blocking()) {
            boolean fsCovered = g.has(GfpFlag.FS) || s.nofsDepth > 0 || s.noioDepth > 0;
            boolean ioCovered = g.has(GfpFlag.IO) || s.noioDepth > 0;
            if (!fsCovered || !ioCovered) {
                c.diag(Bug.UNSUPPORTED_GFP, Severity.WARN, false, "before 5.17 vmalloc allocates page tables with "
                        + "GFP_KERNEL, so " + g + " in " + c.function + "() can recurse into the filesystem/IO "
                        + "(use memalloc_nofs_save())");
            }
            if (g.has(GfpFlag.NOFAIL)) {
                c.diag(Bug.UNSUPPORTED_GFP, Severity.INFO, false, "vmalloc does not support __GFP_NOFAIL before 5.17");
            }
        }
        if (size == 0) {
            if (p.vmallocWarnsOnZeroSize()) {
                c.diag(Bug.WARN_ZERO_SIZE, Severity.WARN, true, c.function + "() of 0 bytes returns NULL");
            }
            return Outcome.nullWith(FailureReason.ZERO_SIZE);
        }
        long pages = s.limits.pagesFor(size);
        if (Long.compareUnsigned(pages, s.config.totalRamPages()) > 0) {
            warnAllocFail(c, g, "vmalloc error: size " + Long.toUnsignedString(size) + ", exceeds total pages");
            return Outcome.nullWith(FailureReason.TOO_LARGE);
        }
        if (!g.has(GfpFlag.NOFAIL)) {
            var injected = s.config.faults().find(Fault.FailVmalloc.class)
                    .filter(f -> s.dice.roll("failVmalloc", c.site) < f.probability());
            if (injected.isPresent()) {
                c.event(new Event.FaultInjected(injected.get(), "vmalloc of " + size + " bytes failed"));
                warnAllocFail(c, g, "vmalloc error: size " + size + " (injected)");
                return Outcome.nullWith(FailureReason.INJECTED);
            }
        }
        // vmalloc's pages are order-0 requests with the caller's flags (__GFP_HIGHMEM added, irrelevant here).
        PageAllocator.Result r = pages(c, Backend.VMALLOC, 0, g);
        if (!r.succeeded()) {
            warnAllocFail(c, g, "vmalloc error: size " + size + ", failed to allocate pages");
            return Outcome.nullWith(FailureReason.NO_MEMORY);
        }
        long usable = pages * s.config.pageSize();
        boolean zeroed = g.has(GfpFlag.ZERO) || s.config.initOnAlloc();
        return record(c, Backend.VMALLOC, 0, size, usable, zeroed, g, node);
    }

    // ---------------------------------------------------------------- kvmalloc_node (§1, §5.5.3, §5.5.9)

    Outcome kvmalloc(CallScope c, long size, GfpMask g, int node) {
        KernelProfile p = s.profile;
        if (g.has(GfpFlag.NORETRY)) {
            c.diag(Bug.UNSUPPORTED_GFP, Severity.INFO, false, "__GFP_NORETRY is not supported by " + c.function + "()");
        }
        boolean gfpKernelCompatible = g.containsAll(GfpMask.GFP_KERNEL);
        switch (p.kvGfpKernelRule()) {
            case WARN_AND_CONTINUE -> {
                if (!gfpKernelCompatible) {
                    c.diag(Bug.UNSUPPORTED_GFP, Severity.WARN, true, c.function + "() with " + g
                            + " is not GFP_KERNEL-compatible: WARN_ON_ONCE, then the vmalloc fallback allocates with GFP_KERNEL");
                }
            }
            case KMALLOC_ONLY -> {
                if (!gfpKernelCompatible) {
                    // 4.18-5.16: "return kmalloc_node(size, flags, node)": caller's flags, no NOWARN/NORETRY, no fallback.
                    return kmalloc(c, size, g, node, false);
                }
            }
            case NONE -> { }
        }
        boolean large = exceeds(size, s.config.pageSize());
        GfpMask kmallocFlags = large ? kmallocTryFlags(size, g) : g;
        KvRoute route = route(c, size, large);
        if (route != KvRoute.SKIP_KMALLOC) {
            // Forcing only picks the backend of a large request; a small kvmalloc stays plain kmalloc (§1.1 row 1).
            boolean force = route == KvRoute.FORCE_KMALLOC && large && !exceeds(size, s.limits.kmallocMaxSize());
            Outcome r = kmalloc(c, size, kmallocFlags, node, force);
            // "It doesn't really make sense to fallback to vmalloc for sub page requests"
            if (r instanceof Outcome.Allocated || !large) {
                return r;
            }
        }
        if (p.kvBlockingBailOut() && !g.blocking()) {
            return Outcome.nullWith(FailureReason.NON_BLOCKING); // 6.0+: "not supported by vmalloc"
        }
        if (p.kvIntMaxCheck() && exceeds(size, Limits.INT_MAX)) {
            if (!g.has(GfpFlag.NOWARN)) { // the caller's flags, not kmallocFlags (§1.1 step 5)
                c.diag(Bug.WARN_OVERSIZE, Severity.WARN, true, c.function + "() of " + Long.toUnsignedString(size)
                        + " bytes exceeds INT_MAX: WARN_ON_ONCE, NULL");
            }
            return Outcome.nullWith(FailureReason.OVER_INT_MAX);
        }
        c.event(new Event.VmallocFallback(size, g));
        return vmallocStep(c, size, g, node); // the caller's original flags (§1.1 step 6)
    }

    /** The kmalloc try's flags for size > PAGE_SIZE (§1.1 step 2; 4.12 and 6.16 variants from §5.5.9). */
    GfpMask kmallocTryFlags(long size, GfpMask g) {
        KernelProfile p = s.profile;
        GfpMask k = g.plus(GfpFlag.NOWARN);
        if (p.kvDropsDirectReclaim()) {
            if (!g.has(GfpFlag.RETRY_MAYFAIL)) {
                k = k.minus(GfpFlag.DIRECT_RECLAIM);
            }
        } else if (p.kvRepeatSpecialCase()) {
            if (!g.has(GfpFlag.REPEAT) || !exceeds(size, s.limits.costlySize())) {
                k = k.plus(GfpFlag.NORETRY);
            }
        } else if (!g.has(GfpFlag.RETRY_MAYFAIL)) {
            k = k.plus(GfpFlag.NORETRY);
        }
        if (p.kvStripsNofail()) {
            k = k.minus(GfpFlag.NOFAIL); // "nofail semantic is implemented by the vmalloc fallback"
        }
        return k;
    }

    /** Fault.FailKmalloc: like failslab/fail_page_alloc, it never fails a blocking __GFP_NOFAIL request. */
    private java.util.Optional<Fault.FailKmalloc> injectedKmallocFailure(CallScope c, int order, GfpMask g) {
        if (g.has(GfpFlag.NOFAIL) && g.blocking()) {
            return java.util.Optional.empty();
        }
        return s.config.faults().find(Fault.FailKmalloc.class)
                .filter(f -> order >= f.minOrder())
                .filter(f -> s.dice.roll("failKmalloc", c.site) < f.probability());
    }

    private KvRoute route(CallScope c, long size, boolean large) {
        var random = s.config.faults().find(Fault.KvRandomBackend.class)
                .filter(f -> large || f.allSizes())
                .filter(f -> s.dice.roll("kvRandomBackend", c.site) < f.probability());
        if (random.isPresent()) {
            c.event(new Event.FaultInjected(random.get(), "kmalloc try of " + size + " bytes skipped"));
            return KvRoute.SKIP_KMALLOC;
        }
        return s.config.faults().has(Fault.KvForceKmalloc.class) ? KvRoute.FORCE_KMALLOC : KvRoute.NORMAL;
    }

    // ---------------------------------------------------------------- shared

    /** One page-allocator request under the run's memory condition. */
    private PageAllocator.Result pages(CallScope c, Backend stage, int order, GfpMask g) {
        GfpMask eff = s.effective(g);
        if (!s.context.maySleep()) {
            eff = eff.minus(GfpFlag.DIRECT_RECLAIM); // §5.4: after SLEEP_IN_ATOMIC, continue as non-blocking
        }
        PageAllocator.Verdict v = PageAllocator.verdict(order, eff, s.config.maxOrder(), s.oomVictim());
        MemoryCondition.Shortage shortage = v == PageAllocator.Verdict.ALWAYS ? MemoryCondition.Shortage.NONE
                : MemoryCondition.shortage(s.config.memory(), order, () -> s.dice.roll("memory", c.site));
        PageAllocator.Result r = PageAllocator.resolve(order, eff, v, shortage);
        c.event(new Event.PageRequest(stage, order, eff, v, r.resolution()));
        if (r.resolution() == PageAllocator.Resolution.REFUSED && !eff.has(GfpFlag.NOWARN)) {
            c.diag(Bug.WARN_OVERSIZE, Severity.WARN, true, "order " + order + " >= MAX_ORDER in " + c.function + "()");
        }
        if (r.nofailWarning()) {
            c.diag(Bug.NOFAIL_MISUSE, Severity.WARN, true, eff.blocking()
                    ? "__GFP_NOFAIL for costly order " + order + " in " + c.function + "()"
                    : "__GFP_NOFAIL without direct reclaim in " + c.function + "() fails anyway");
        }
        return r;
    }

    private static void warnAllocFail(CallScope c, GfpMask g, String what) {
        if (!g.has(GfpFlag.NOWARN)) {
            c.diag(Bug.WARN_ALLOC_FAIL, Severity.WARN, true, c.function + "(): " + what);
        }
    }

    private Outcome record(CallScope c, Backend backend, int order, long size, long usable, boolean zeroed,
                           GfpMask g, int node) {
        Allocation a = s.heap.add(c.provenance, c.function, c.site, backend, order, size, usable, zeroed, g, node);
        c.event(new Event.Allocated(a));
        return new Outcome.Allocated(a.pointer(), backend, zeroed, usable, a.id());
    }
}
