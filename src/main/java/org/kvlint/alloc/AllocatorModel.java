package org.kvlint.alloc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.alloc.Outcome.FailureReason;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.KernelVersion;

/**
 * The reference allocator model (§5): one instance is one run. Call modelled C functions by name
 * with argument values, mark the execution context, then {@link #finish()} for leaks and the
 * full report.
 *
 * <pre>{@code
 * var model = new AllocatorModel(ModelConfig.defaults().withMemory(MemoryCondition.FRAGMENTED));
 * Outcome o = model.call("kvzalloc", List.of(Arg.size(16384), Arg.gfp(GfpMask.GFP_KERNEL)), "foo.c:12");
 * model.free("kvfree", o.pointer(), "foo.c:40");
 * Report r = model.finish();
 * }</pre>
 *
 * Every row of {@code rules/allocators.yaml} can be called.
 * Not thread-safe; no global state.
 */
public final class AllocatorModel {
    public static final int NUMA_NO_NODE = -1;

    private final ModelState s;
    private final Allocators allocators;
    private final Releases releases;
    private final Reallocs reallocs;
    private final List<CallRecord> calls = new ArrayList<>();
    private Report finished;

    public AllocatorModel(ModelConfig config) {
        this(config, AllocatorApi.standard());
    }

    public AllocatorModel(ModelConfig config, AllocatorApi api) {
        this(modelledApi(api), config);
    }

    /**
     * A model over {@code modelled}, which must be what {@link #modelledApi} returned: the proof
     * builds a model per path, and filtering the table each time was a tenth of its cost.
     */
    public static AllocatorModel ofModelled(ModelConfig config, AllocatorApi modelled) {
        return new AllocatorModel(modelled, config);
    }

    /** The rows of the table the model executes (the page allocator's stay opaque). */
    public static AllocatorApi modelledApi(AllocatorApi api) {
        return api.only(AllocatorModel::modelled);
    }

    private AllocatorModel(AllocatorApi modelled, ModelConfig config) {
        this.s = new ModelState(config, modelled);
        this.allocators = new Allocators(s);
        this.releases = new Releases(s);
        this.reallocs = new Reallocs(s, allocators, releases);
    }

    /** Every function name {@link #call} accepts: the rows of the allocator table but the page allocator's. */
    public static Set<String> modelledFunctions(AllocatorApi api) {
        Set<String> names = new TreeSet<>();
        api.all().stream().filter(AllocatorModel::modelled).forEach(f -> names.add(f.name()));
        return names;
    }

    /** Is this table function part of the model? The page allocator ({@code alloc_pages_exact()}...) is not. */
    public static boolean modelled(ApiFunction f) {
        return f.family() != ApiFunction.Family.PAGE && !f.frees().contains(ApiFunction.Family.PAGE);
    }

    public ModelConfig config() {
        return s.config;
    }

    // ---------------------------------------------------------------- context

    /** Marks where the following calls run (spin_lock → ATOMIC, spin_unlock → PROCESS, ...). */
    public void setContext(ExecutionContext context) {
        s.context = context;
    }

    public ExecutionContext context() {
        return s.context;
    }

    /** {@code memalloc_nofs_save()} / {@code memalloc_noio_save()}. */
    public void enterScope(GfpScope scope) {
        switch (scope) {
            case NOFS -> s.nofsDepth++;
            case NOIO -> s.noioDepth++;
        }
    }

    /** {@code memalloc_nofs_restore()} / {@code memalloc_noio_restore()}. */
    public void exitScope(GfpScope scope) {
        int depth = scope == GfpScope.NOFS ? s.nofsDepth : s.noioDepth;
        if (depth == 0) {
            throw new IllegalStateException("exitScope(" + scope + ") without enterScope");
        }
        switch (scope) {
            case NOFS -> s.nofsDepth--;
            case NOIO -> s.noioDepth--;
        }
    }

    /** {@code rcu_barrier()}: completes every RCU-deferred free. */
    public void rcuBarrier() {
        releases.gracePeriod();
    }

    // ---------------------------------------------------------------- calls

    /**
     * Runs one modelled C call.
     *
     * @param function the C name, e.g. {@code kvmalloc_array}
     * @param args argument values in C order ({@link Arg})
     * @param site the caller's label for this call site, carried by the memory it allocates
     * @throws IllegalArgumentException for an unknown function, missing arguments or arguments of
     *     the wrong kind (nothing is recorded then)
     */
    public Outcome call(String function, List<Arg> args, String site) {
        ensureOpen();
        String where = site == null || site.isBlank() ? "?" : site;
        ApiFunction f = s.api.lookup(function).orElseThrow(() ->
                new IllegalArgumentException("not a modelled allocator function: " + function + "()"));
        CallScope c = new CallScope(function, where, f.family());
        Outcome o = switch (f.role()) {
            case ALLOC -> alloc(c, f, args);
            case REALLOC -> realloc(c, f, args);
            case FREE -> {
                require(f.name(), args, Quirks.takesLength(f) ? 2 : 1);
                Pointer p = pointer(f.name(), args, 0);
                long length = Quirks.takesLength(f) ? integer(f.name(), args, 1) : 0;
                available(c, f.since());
                yield releases.free(c, f, p, length, args.size());
            }
            case QUERY -> query(c, f, args);
        };
        calls.add(new CallRecord(calls.size(), function, args, where, s.context, o, c.events, c.diagnostics));
        return o;
    }

    /** A one-argument free: {@code free("kvfree", p, site)}. */
    public Outcome free(String function, Pointer p, String site) {
        return call(function, List.of(Arg.ptr(p)), site);
    }

    /**
     * Records memory that the code under test received from outside the run (a caller's buffer,
     * a struct field set by another function) as live, without running an allocator: no page
     * requests, no events, no diagnostics, no trace entry. The validator uses it to give a
     * pointer of unknown origin a provenance when a free or {@code is_vmalloc_addr()} needs one.
     * Adopted memory still counts as a leak in {@link #finish()} when nobody frees it; callers
     * that own it elsewhere filter it out by id.
     *
     * @param api the allocator that produced it, e.g. {@code "kvmalloc"}: its family is the provenance
     * @param backend what served it (not {@link Backend#ZERO_SIZE})
     * @param size bytes requested
     * @param site the label carried by the memory
     */
    public Allocation adopt(String api, Backend backend, long size, String site) {
        ensureOpen();
        ApiFunction f = s.api.lookup(api).filter(ApiFunction::isAllocation).orElseThrow(() ->
                new IllegalArgumentException("not a modelled allocation function: " + api + "()"));
        Limits l = s.limits;
        int order;
        long usable;
        switch (backend) {
            case SLAB -> {
                usable = l.bucket(Math.max(1, Math.min(size, l.kmallocMaxCacheSize())));
                order = l.order(usable);
            }
            case PAGES -> {
                order = l.order(size);
                usable = (long) s.config.pageSize() << order;
            }
            case VMALLOC -> {
                order = 0;
                usable = l.pagesFor(size) * s.config.pageSize();
            }
            default -> throw new IllegalArgumentException("cannot adopt " + backend + " memory");
        }
        return s.heap.add(f.family(), api, site == null || site.isBlank() ? "?" : site, backend, order, size, usable,
                false, GfpMask.GFP_KERNEL, NUMA_NO_NODE);
    }

    /** {@code is_vmalloc_addr(p)}, without recording a call. */
    public boolean isVmallocAddr(Pointer p) {
        return Heap.isVmallocAddr(p);
    }

    /** The allocation that starts at {@code p}, live or freed. */
    public Optional<Allocation> allocation(Pointer p) {
        return s.heap.at(p);
    }

    public Optional<Allocation> allocation(long id) {
        return s.heap.byId(id);
    }

    public List<Allocation> liveAllocations() {
        return s.heap.withState(Allocation.State.LIVE);
    }

    public Trace trace() {
        return new Trace(calls);
    }

    /**
     * Ends the run: an implicit RCU grace period, then one LEAK per live allocation (§5.5.8).
     * Idempotent; the model accepts no calls afterwards.
     */
    public Report finish() {
        if (finished != null) {
            return finished;
        }
        releases.gracePeriod();
        List<Allocation> leaks = s.heap.withState(Allocation.State.LIVE);
        List<Diagnostic> all = new ArrayList<>(trace().diagnostics());
        for (Allocation a : leaks) {
            all.add(new Diagnostic(Bug.LEAK, Severity.WARN, false, "memory from " + a.origin() + " is never freed",
                    a.site(), a.id()));
        }
        finished = new Report(s.config, trace(), leaks, all);
        return finished;
    }

    // ---------------------------------------------------------------- dispatch by table row

    private Outcome alloc(CallScope c, ApiFunction f, List<Arg> args) {
        boolean fromString = f.sizeArgs().isEmpty();
        int arity = Math.max(maxIndex(f), fromString ? (Quirks.hasMaxLength(f) ? 1 : 0) : -1) + 1;
        require(f.name(), args, arity);
        GfpMask g = gfp(f, args);
        if (f.zero() == ApiFunction.Zeroing.ALWAYS) {
            g = g.plus(GfpFlag.ZERO);
        }
        int node = f.hasNode() ? (int) integer(f.name(), args, f.nodeArg()) : NUMA_NO_NODE;
        Optional<Long> decoded = fromString ? stringSize(f, args) : size(f.name(), args, f.sizeArgs());
        available(c, f.since());
        if (decoded.isEmpty()) {
            // kstrdup(NULL) returns NULL; check_mul_overflow() makes kmalloc_array & co return NULL, silently
            return Outcome.nullWith(fromString ? FailureReason.NULL_SOURCE : FailureReason.OVERFLOW);
        }
        long size = decoded.get();
        nmiCheck(c, f.name());
        boolean userCopy = Quirks.copiesFromUser(f);
        if (userCopy) {
            s.mightSleep(c, "copy_from_user()");
        }
        Outcome o = switch (f.family()) {
            case KMALLOC -> allocators.kmalloc(c, size, g, node);
            case VMALLOC -> allocators.vmalloc(c, size, g, node);
            case KV -> allocators.kvmalloc(c, size, g, node);
            case PAGE -> throw new IllegalArgumentException("the page allocator is not modelled: " + f.name() + "()");
        };
        if (userCopy && o instanceof Outcome.Failed failed) {
            return new Outcome.Failed(Pointer.errPtr(Pointer.ENOMEM), failed.reason());
        }
        if (f.zero() == ApiFunction.Zeroing.NEVER && f.gfpArg() >= 0 && o instanceof Outcome.Allocated a
                && a.allocationId() != 0 && a.zeroed()) {
            // kmemdup/kstrdup/kvmemdup: whatever the mask, the contents are a copy.
            s.heap.byId(a.allocationId()).ifPresent(rec -> s.heap.replace(rec.resized(rec.requested(), false)));
            return new Outcome.Allocated(a.pointer(), a.backend(), false, a.usable(), a.allocationId());
        }
        return o;
    }

    private Outcome realloc(CallScope c, ApiFunction f, List<Arg> args) {
        if (f.family() == ApiFunction.Family.KV) {
            return kvrealloc(c, f, args);
        }
        require(f.name(), args, maxIndex(f) + 1);
        Pointer p = pointer(f.name(), args, 0);
        GfpMask g = gfp(f, args);
        Optional<Long> size = size(f.name(), args, f.sizeArgs());
        available(c, f.since());
        if (size.isEmpty()) {
            return Outcome.nullWith(FailureReason.OVERFLOW); // krealloc_array: p untouched
        }
        nmiCheck(c, f.name());
        return reallocs.krealloc(c, p, size.get(), g);
    }

    /**
     * kvrealloc: the table row describes the 5.15–6.11 signature {@code (p, oldsize, newsize, gfp)};
     * 6.12 changed it to {@code (p, size, gfp)}. The argument count picks the semantics, and a
     * signature that does not exist in the profile is reported as UNAVAILABLE_API.
     */
    private Outcome kvrealloc(CallScope c, ApiFunction f, List<Arg> args) {
        boolean newSignature = args.size() == 3;
        require(f.name(), args, newSignature ? 3 : maxIndex(f) + 1);
        Pointer p = pointer(f.name(), args, 0);
        available(c, f.since());
        if (newSignature != s.profile.reallocSince612()) {
            c.diag(Bug.UNAVAILABLE_API, Severity.FATAL, false, newSignature
                    ? "kvrealloc(p, size, gfp) exists only from 6.12; profile " + s.profile + " has kvrealloc(p, oldsize, newsize, gfp)"
                    : "kvrealloc(p, oldsize, newsize, gfp) became kvrealloc(p, size, gfp) in 6.12; profile " + s.profile);
        }
        nmiCheck(c, f.name());
        if (newSignature) {
            long size = integer(f.name(), args, 1);
            GfpMask g = flags(f.name(), args, 2);
            return reallocs.kvreallocNew(c, p, size, g);
        }
        long oldSize = integer(f.name(), args, 1);
        long newSize = size(f.name(), args, f.sizeArgs()).orElseThrow();
        return reallocs.kvreallocOld(c, p, oldSize, newSize, gfp(f, args));
    }

    private Outcome query(CallScope c, ApiFunction f, List<Arg> args) {
        if (!f.name().equals("is_vmalloc_addr")) {
            throw new IllegalArgumentException("no model for the query " + f.name() + "()");
        }
        require(f.name(), args, 1);
        Pointer p = pointer(f.name(), args, 0);
        available(c, f.since());
        return new Outcome.Answer(Heap.isVmallocAddr(p));
    }

    private void nmiCheck(CallScope c, String fn) {
        if (s.context == ExecutionContext.NMI) {
            c.diag(Bug.ALLOC_IN_NMI, Severity.FATAL, true, fn + "() in NMI context");
        }
    }

    /** The function is newer than the profile's kernel: the code would not build there. */
    private void available(CallScope c, KernelVersion since) {
        KernelVersion have = s.profile.version();
        if (since.compareTo(have) > 0) {
            c.diag(Bug.UNAVAILABLE_API, Severity.FATAL, false, c.function + "() does not exist before " + since
                    + " (profile " + s.profile + ")");
        }
    }

    // ---------------------------------------------------------------- argument decoding

    private static int maxIndex(ApiFunction f) {
        int max = Math.max(f.gfpArg(), f.nodeArg());
        for (int i : f.sizeArgs()) {
            max = Math.max(max, i);
        }
        return f.role() == ApiFunction.Role.REALLOC ? Math.max(max, 0) : max;
    }

    private static void require(String fn, List<Arg> args, int count) {
        if (args.size() < count) {
            throw new IllegalArgumentException(fn + "() takes at least " + count + " argument(s), got " + args.size());
        }
    }

    /** The product of the size arguments as a size_t, or empty when it overflows. */
    private static Optional<Long> size(String fn, List<Arg> args, List<Integer> indexes) {
        long product = 1;
        for (int i : indexes) {
            long factor = integer(fn, args, i);
            if (Math.unsignedMultiplyHigh(product, factor) != 0) {
                return Optional.empty();
            }
            product *= factor;
        }
        return Optional.of(product);
    }

    /** kstrdup/kstrndup: strlen + 1 (capped by kstrndup's max); empty for a NULL source. */
    private static Optional<Long> stringSize(ApiFunction f, List<Arg> args) {
        long len = switch (args.get(0)) {
            case Arg.Text t -> t.value().getBytes(StandardCharsets.UTF_8).length;
            case Arg.Ptr(Pointer p) when p.isNull() -> -1;
            case Arg.Int(long v) when v == 0 -> -1;
            default -> throw new IllegalArgumentException(f.name() + "(): pass the source string as Arg.text(...) or NULL");
        };
        if (len < 0) {
            return Optional.empty();
        }
        if (Quirks.hasMaxLength(f)) {
            long max = integer(f.name(), args, 1);
            if (Long.compareUnsigned(max, len) < 0) {
                len = max;
            }
        }
        return Optional.of(len + 1);
    }

    private static GfpMask gfp(ApiFunction f, List<Arg> args) {
        if (f.gfpArg() >= 0) {
            return flags(f.name(), args, f.gfpArg());
        }
        return f.impliedGfp() != null ? GfpMask.parse(f.impliedGfp()) : GfpMask.GFP_KERNEL;
    }

    private static GfpMask flags(String fn, List<Arg> args, int i) {
        return switch (args.get(i)) {
            case Arg.Flags(GfpMask m) -> m;
            case Arg.Int(long v) when v == 0 -> GfpMask.NONE;
            default -> throw new IllegalArgumentException(fn + "(): argument " + i + " must be a GFP mask, got " + args.get(i));
        };
    }

    private static long integer(String fn, List<Arg> args, int i) {
        if (args.get(i) instanceof Arg.Int(long v)) {
            return v;
        }
        throw new IllegalArgumentException(fn + "(): argument " + i + " must be an integer, got " + args.get(i));
    }

    private static Pointer pointer(String fn, List<Arg> args, int i) {
        return switch (args.get(i)) {
            case Arg.Ptr(Pointer p) -> p;
            case Arg.Int(long v) -> new Pointer(v);
            default -> throw new IllegalArgumentException(fn + "(): argument " + i + " must be a pointer, got " + args.get(i));
        };
    }

    private void ensureOpen() {
        if (finished != null) {
            throw new IllegalStateException("the run is finished");
        }
    }
}
