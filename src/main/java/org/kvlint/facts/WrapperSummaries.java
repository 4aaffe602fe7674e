package org.kvlint.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.facts.ApiFunction.Family;

/**
 * Function summaries merged over the whole scan: which functions return memory that may come
 * from vmalloc (or kmalloc), and which free a parameter like {@code kfree()}, {@code vfree()} or
 * {@code kvfree()} (including an open-coded {@code is_vmalloc_addr() ? vfree : kfree}).
 *
 * <p>Names resolve like the linker and the preprocessor would: a {@code static} function only
 * in its own file (same-named static helpers of different files never mix); a non-static one, or a
 * {@code static inline} helper of a header, everywhere. A name defined non-statically in several
 * files with different behaviour is ambiguous and ignored. Calls are resolved transitively
 * (wrappers of wrappers), cycles cut. Immutable once built; per file, {@link #forFile} overlays the
 * file's own functions as parsed in the current pass.
 */
public final class WrapperSummaries {
    /** No summaries at all (a rule context built without a scan). */
    public static final WrapperSummaries EMPTY = new WrapperSummaries(List.of(), AllocatorApi.standard(),
            KernelVersion.DEFAULT);

    /** How a function frees one of its parameters. */
    public enum FreeKind {
        /** only kmalloc memory is freed correctly (kfree, kfree_sensitive, ...). */
        KFREE_LIKE("kfree()", EnumSet.of(Family.KMALLOC)),
        /** only vmalloc memory (vfree, vfree_atomic). */
        VFREE_LIKE("vfree()", EnumSet.of(Family.VMALLOC)),
        /** every kind (kvfree, or is_vmalloc_addr() choosing vfree/kfree). */
        KVFREE_LIKE("kvfree()", EnumSet.allOf(Family.class));

        private final String words;
        private final Set<Family> correct;

        FreeKind(String words, Set<Family> correct) {
            this.words = words;
            this.correct = correct;
        }

        /** The table function it behaves like, e.g. "kfree()". */
        public String words() {
            return words;
        }

        public boolean freesCorrectly(Family f) {
            return correct.contains(f);
        }
    }

    /**
     * What a function's return value may be.
     *
     * @param function its name
     * @param file where it is defined
     * @param families allocator families it may return
     * @param other it may also return something else (a parameter, a field, an unknown call)
     * @param evidence per family, how: "vmalloc() at line 33", or "foo_alloc() at line 12" for a callee
     */
    public record Returns(String function, String file, Set<Family> families, boolean other,
                          Map<Family, String> evidence, boolean onlyIfNull) {
        public Returns {
            families = families.isEmpty() ? EnumSet.noneOf(Family.class) : EnumSet.copyOf(families);
            evidence = Ordered.byEnum(Family.class, evidence);
        }

        /** A return value (or an output that allocates whatever the caller passed). */
        public Returns(String function, String file, Set<Family> families, boolean other, Map<Family, String> evidence) {
            this(function, file, families, other, evidence, false);
        }

        /** Every component, in a fixed order: what the cache compares. */
        public String canonical() {
            StringBuilder b = new StringBuilder(function).append('\u0000').append(file).append('\u0000')
                    .append(families).append('\u0000').append(other).append('\u0000').append(onlyIfNull);
            for (Family f : Family.values()) {
                if (evidence.containsKey(f)) {
                    b.append('\u0000').append(f).append('=').append(evidence.get(f));
                }
            }
            return b.toString();
        }

        /** May the memory come from vmalloc (directly or through kvmalloc)? */
        public boolean mayBeVmalloc() {
            return families.contains(Family.VMALLOC) || families.contains(Family.KV);
        }
    }

    /**
     * How a function frees one parameter.
     *
     * @param function its name
     * @param file where it is defined
     * @param kind like which table free
     * @param evidence the free inside it, e.g. "kfree() at line 40"
     */
    public record Frees(String function, String file, FreeKind kind, String evidence) {
        /** Every component, in a fixed order: what the cache compares. */
        public String canonical() {
            return function + '\u0000' + file + '\u0000' + kind + '\u0000' + evidence;
        }
    }

    private final AllocatorApi api;
    private final KernelVersion kernel;
    // filled once by the constructor, then only read (and shared by recording views)
    private final Map<String, List<FunctionSummary>> globals;
    private final Map<Key, FunctionSummary> statics;
    private final Map<FunctionSummary, Returns> returns;
    private final Map<FunctionSummary, Map<Integer, Frees>> frees;
    private final Map<FunctionSummary, Map<Integer, Returns>> outputs;
    private final Set<String> tainting;
    private final Set<String> interesting;
    private final Set<String> interestingVisible;
    /** Told every question a {@link View} answers, or null. */
    private final Recorder recorder;

    /**
     * Hears every question a rule asks through a {@link View} and the answer it gets, in a
     * canonical text form ("" for no answer): the engine keeps them with a file's findings, and
     * analyses the file again only when the tree-wide summaries would answer differently.
     */
    @FunctionalInterface
    public interface Recorder {
        void asked(String query, String name, int arg, String answer);
    }

    private WrapperSummaries(WrapperSummaries shared, Recorder recorder) {
        this.api = shared.api;
        this.kernel = shared.kernel;
        this.globals = shared.globals;
        this.statics = shared.statics;
        this.returns = shared.returns;
        this.frees = shared.frees;
        this.outputs = shared.outputs;
        this.tainting = shared.tainting;
        this.interesting = shared.interesting;
        this.interestingVisible = shared.interestingVisible;
        this.recorder = recorder;
    }

    /** The same summaries, whose views tell {@code recorder} what they are asked. */
    public WrapperSummaries recording(Recorder recorder) {
        return new WrapperSummaries(this, recorder);
    }

    private WrapperSummaries(Collection<FunctionSummary> all, AllocatorApi api, KernelVersion kernel) {
        this.api = api;
        this.kernel = kernel;
        this.recorder = null;
        this.globals = new HashMap<>();
        this.statics = new HashMap<>();
        this.returns = new IdentityHashMap<>();
        this.frees = new IdentityHashMap<>();
        this.outputs = new IdentityHashMap<>();
        for (FunctionSummary s : all) {
            if (s.isStatic() && !s.inHeader()) {
                statics.putIfAbsent(new Key(s.file(), s.name()), s);
            } else {
                globals.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
            }
        }
        Resolver r = new Resolver(this::definitions);
        // rebuilt after every level of a scan, over every summary so far: most summaries free no
        // parameter and write no out-parameter, and get the shared empty map without a copy
        for (FunctionSummary s : all) {
            returns.put(s, r.returns(s));
            Map<Integer, Frees> m = s.paramFrees().isEmpty() ? Map.of() : new HashMap<>();
            for (Integer i : s.paramFrees().keySet()) {
                r.frees(s, i).ifPresent(f -> m.put(i, f));
            }
            frees.put(s, m.isEmpty() ? Map.of() : Map.copyOf(m));
            if (s.outputs().isEmpty()) {
                outputs.put(s, Map.of());
                continue;
            }
            Map<Integer, Returns> o = new HashMap<>();
            for (Integer i : s.outputs().keySet()) {
                o.put(i, r.output(s, i));
            }
            outputs.put(s, Map.copyOf(o));
        }
        Set<String> names = new TreeSet<>();
        for (FunctionSummary s : all) {
            if ((!s.isStatic() || s.inHeader()) && api.lookup(s.name()).isEmpty()
                    && (returns.get(s).mayBeVmalloc() || outputs.get(s).values().stream().anyMatch(Returns::mayBeVmalloc))) {
                names.add(s.name());
            }
        }
        this.tainting = Set.copyOf(names);
        Set<String> any = new TreeSet<>();
        Set<String> visible = new TreeSet<>();
        for (FunctionSummary s : all) {
            boolean picky = frees.get(s).values().stream().anyMatch(f -> f.kind() != FreeKind.KVFREE_LIKE);
            // a definition of a table function (mm/vmalloc.c's vmalloc()) is no helper: its callers
            // are chosen for calling the table already, and naming it again only re-analysed them
            if (api.lookup(s.name()).isEmpty() && (returns.get(s).mayBeVmalloc() || picky
                    || outputs.get(s).values().stream().anyMatch(Returns::mayBeVmalloc))) {
                any.add(s.name());
                if (!s.isStatic() || s.inHeader()) {
                    visible.add(s.name());
                }
            }
        }
        this.interesting = Set.copyOf(any);
        this.interestingVisible = Set.copyOf(visible);
    }

    /** Merges the summaries of every file of a scan. */
    public static WrapperSummaries build(Collection<FunctionSummary> all, AllocatorApi api, KernelVersion kernel) {
        return new WrapperSummaries(all, api, kernel);
    }

    /**
     * Names of functions visible outside their file whose return value may be vmalloc memory:
     * a file that calls one of them needs analysing even without any allocator name in it.
     */
    public Set<String> taintingNames() {
        return tainting;
    }

    /**
     * Names of every function (static ones included, from any file) that may return vmalloc
     * memory or frees a parameter like kfree() or vfree(): a top-level item calling one of them
     * is worth analysing. (Helpers returning kmalloc memory only are not: they matter only where
     * a vfree() already makes the item interesting, or inside their own file.)
     */
    public Set<String> interestingNames() {
        return interesting;
    }

    /**
     * The {@link #interestingNames()} other files can call: a {@code static} function of a
     * {@code .c} file is no helper of another file that calls its own function of that name
     * (the file's own helpers are found while it is analysed).
     */
    public Set<String> interestingVisibleNames() {
        return interestingVisible;
    }

    /**
     * The functions among {@code local} that matter to callers, given names already known to
     * matter: they may return vmalloc memory or free a parameter with a table free other than
     * kvfree(), or pass on to / return from a function that matters.
     */
    public static Set<String> interesting(Collection<FunctionSummary> local, Set<String> known) {
        return interesting(local, known, true);
    }

    /**
     * @param frees also count functions that free a parameter (else only those returning
     *     allocator memory, directly or through a known function)
     */
    public static Set<String> interesting(Collection<FunctionSummary> local, Set<String> known, boolean frees) {
        Set<String> out = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (FunctionSummary s : local) {
                if (out.contains(s.name())) {
                    continue;
                }
                boolean yes = s.returns().contains(Family.VMALLOC) || s.returns().contains(Family.KV);
                for (String c : s.returnsFrom()) {
                    yes |= known.contains(c) || out.contains(c);
                }
                for (FunctionSummary.Output o : s.outputs().values()) {
                    yes |= o.families().contains(Family.VMALLOC) || o.families().contains(Family.KV);
                    for (String c : o.from()) {
                        yes |= known.contains(c) || out.contains(c);
                    }
                }
                if (frees) {
                    for (List<FunctionSummary.ParamFree> l : s.paramFrees().values()) {
                        for (FunctionSummary.ParamFree f : l) {
                            yes |= f.api() != null ? !freesEverything(f.api())
                                    : known.contains(f.callee()) || out.contains(f.callee());
                        }
                    }
                }
                if (yes) {
                    out.add(s.name());
                    grew = true;
                }
            }
        }
        return out;
    }

    /** kvfree() and friends: a helper built on them frees anything correctly, so its callers never matter. */
    private static boolean freesEverything(String api) {
        return AllocatorApi.standard().lookup(api)
                .map(f -> f.freesCorrectly(Family.KMALLOC) && f.freesCorrectly(Family.VMALLOC)).orElse(false);
    }

    /** Every summary's resolved return (for tests and reports). */
    public Optional<Returns> returns(String name, String fromFile) {
        return unique(definitions(name, fromFile), s -> returns.get(s));
    }

    /** What {@code name} (seen from {@code fromFile}) leaves in {@code *arg} (an out-parameter). */
    public Optional<Returns> outputs(String name, String fromFile, int arg) {
        return unique(definitions(name, fromFile), s -> outputs.getOrDefault(s, Map.of()).get(arg));
    }

    /** How {@code name} (seen from {@code fromFile}) frees its argument {@code arg}. */
    public Optional<Frees> frees(String name, String fromFile, int arg) {
        return unique(definitions(name, fromFile), s -> frees.getOrDefault(s, Map.of()).get(arg));
    }

    private List<FunctionSummary> definitions(String name, String fromFile) {
        FunctionSummary s = statics.get(new Key(fromFile, name));
        if (s != null) {
            return List.of(s);
        }
        return globals.getOrDefault(name, List.of());
    }

    /** The one answer all visible definitions agree on, if any. */
    private static <T> Optional<T> unique(List<FunctionSummary> defs, java.util.function.Function<FunctionSummary, T> f) {
        T first = null;
        for (int i = 0; i < defs.size(); i++) {
            T v = f.apply(defs.get(i));
            if (v == null) {
                return Optional.empty();
            }
            if (i == 0) {
                first = v;
            } else if (!sameBehaviour(first, v)) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(first);
    }

    private static boolean sameBehaviour(Object a, Object b) {
        if (a instanceof Returns x && b instanceof Returns y) {
            return x.families().equals(y.families()) && x.other() == y.other();
        }
        if (a instanceof Frees x && b instanceof Frees y) {
            return x.kind() == y.kind();
        }
        return Objects.equals(a, b);
    }

    /** A static function's file and name (a record: no string joined per lookup while the index is built). */
    private record Key(String file, String name) {}

    /** A parameter of a function being resolved: its file, name and index, as a cycle is cut. */
    private record Param(String file, String name, int arg) {}

    /**
     * The summaries as seen from one file, with that file's own functions (as parsed in this
     * pass, possibly more of them than in pass 1) taking precedence.
     */
    public View forFile(String file, List<FunctionSummary> local) {
        return new View(file, local);
    }

    /** Summaries from one file's point of view. Not thread-safe; one per file and rule run. */
    public final class View {
        private final String file;
        private final Map<String, FunctionSummary> local = new HashMap<>();
        private final Resolver resolver;

        private View(String file, List<FunctionSummary> own) {
            this.file = file;
            for (FunctionSummary s : own) {
                local.putIfAbsent(s.name(), s);
            }
            this.resolver = new Resolver((name, from) -> {
                FunctionSummary s = from.equals(file) ? local.get(name) : null;
                return s != null ? List.of(s) : definitions(name, from);
            });
        }

        public Optional<Returns> returns(String name) {
            Optional<Returns> r = lookUpReturns(name);
            if (recorder != null) {
                recorder.asked("returns", name, -1, r.map(Returns::canonical).orElse(""));
            }
            return r;
        }

        /** What {@code name} leaves in {@code *arg}: the memory a caller's {@code name(&p)} finds in {@code p}. */
        public Optional<Returns> outputs(String name, int arg) {
            Optional<Returns> r = lookUpOutputs(name, arg);
            if (recorder != null) {
                recorder.asked("outputs", name, arg, r.map(Returns::canonical).orElse(""));
            }
            return r;
        }

        public Optional<Frees> frees(String name, int arg) {
            Optional<Frees> f = lookUpFrees(name, arg);
            if (recorder != null) {
                recorder.asked("frees", name, arg, f.map(Frees::canonical).orElse(""));
            }
            return f;
        }

        /** The canonical answer to a question as a {@link Recorder} hears it, without telling one. */
        public String answer(String query, String name, int arg) {
            return switch (query) {
                case "returns" -> lookUpReturns(name).map(Returns::canonical).orElse("");
                case "outputs" -> lookUpOutputs(name, arg).map(Returns::canonical).orElse("");
                default -> lookUpFrees(name, arg).map(Frees::canonical).orElse("");
            };
        }

        private Optional<Returns> lookUpOutputs(String name, int arg) {
            FunctionSummary s = local.get(name);
            if (s != null) {
                return s.outputs().containsKey(arg) ? Optional.of(resolver.output(s, arg)) : Optional.empty();
            }
            return WrapperSummaries.this.outputs(name, file, arg);
        }

        private Optional<Returns> lookUpReturns(String name) {
            FunctionSummary s = local.get(name);
            return s != null ? Optional.of(resolver.returns(s)) : WrapperSummaries.this.returns(name, file);
        }

        private Optional<Frees> lookUpFrees(String name, int arg) {
            FunctionSummary s = local.get(name);
            return s != null ? resolver.frees(s, arg) : WrapperSummaries.this.frees(name, file, arg);
        }
    }

    /** Transitive resolution with memo and cycle cut-off. */
    private final class Resolver {
        private final java.util.function.BiFunction<String, String, List<FunctionSummary>> lookup;
        private final Map<FunctionSummary, Returns> returnMemo = new IdentityHashMap<>();
        private final Map<FunctionSummary, Map<Integer, Optional<Frees>>> freeMemo = new IdentityHashMap<>();
        private final Set<FunctionSummary> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Param> freesInProgress = new HashSet<>();

        Resolver(java.util.function.BiFunction<String, String, List<FunctionSummary>> lookup) {
            this.lookup = lookup;
        }

        Returns returns(FunctionSummary s) {
            Returns memo = returnMemo.get(s);
            if (memo != null) {
                return memo;
            }
            Returns out = resolve(s, s.returns(), s.returnEvidence(), s.returnsOther(), s.returnsFrom());
            returnMemo.put(s, out);
            return out;
        }

        /** What {@code s} leaves in {@code *arg}, callees resolved (their return values). */
        Returns output(FunctionSummary s, int arg) {
            FunctionSummary.Output o = s.outputs().get(arg);
            if (o == null) {
                return new Returns(s.name(), s.file(), EnumSet.noneOf(Family.class), true, Map.of());
            }
            Returns r = resolve(s, o.families(), o.evidence(), o.other(), o.from());
            return new Returns(r.function(), r.file(), r.families(), r.other(), r.evidence(), o.onlyIfNull());
        }

        private Returns resolve(FunctionSummary s, Set<Family> direct, Map<Family, String> directEvidence,
                                boolean directOther, Set<String> from) {
            Set<Family> fams = EnumSet.noneOf(Family.class);
            fams.addAll(direct);
            Map<Family, String> evidence = new EnumMap<>(Family.class);
            evidence.putAll(directEvidence);
            boolean other = directOther;
            if (!inProgress.add(s)) {
                return new Returns(s.name(), s.file(), fams, true, evidence);
            }
            try {
                for (String callee : from) {
                    List<FunctionSummary> defs = lookup.apply(callee, s.file());
                    Optional<Returns> r = unique(defs, this::returns);
                    if (r.isEmpty()) {
                        other = true;
                        continue;
                    }
                    fams.addAll(r.get().families());
                    other |= r.get().other();
                    for (Family f : r.get().families()) {
                        evidence.putIfAbsent(f, callee + "() (" + r.get().evidence().getOrDefault(f, "?") + ")");
                    }
                }
            } finally {
                inProgress.remove(s);
            }
            return new Returns(s.name(), s.file(), fams, other, evidence);
        }

        Optional<Frees> frees(FunctionSummary s, int arg) {
            Map<Integer, Optional<Frees>> m = freeMemo.computeIfAbsent(s, k -> new HashMap<>());
            Optional<Frees> memo = m.get(arg);
            if (memo != null) {
                return memo;
            }
            Param progressKey = new Param(s.file(), s.name(), arg);
            if (!freesInProgress.add(progressKey)) {
                return Optional.empty();
            }
            Optional<Frees> out;
            try {
                out = compute(s, arg);
            } finally {
                freesInProgress.remove(progressKey);
            }
            m.put(arg, out);
            return out;
        }

        private Optional<Frees> compute(FunctionSummary s, int arg) {
            boolean kmallocOk = true;
            boolean vmallocOk = true;
            boolean any = false;
            String evidence = null;
            for (FunctionSummary.ParamFree e : s.paramFrees().getOrDefault(arg, List.of())) {
                Set<Family> correct;
                String what;
                if (e.api() != null) {
                    Optional<ApiFunction> f = api.lookup(e.api());
                    if (f.isEmpty() || !f.get().isFree()) {
                        continue;
                    }
                    correct = EnumSet.noneOf(Family.class);
                    for (Family fam : Family.values()) {
                        if (f.get().freesCorrectly(fam, kernel)) {
                            correct.add(fam);
                        }
                    }
                    what = e.api() + "() at line " + e.line();
                } else {
                    Optional<Frees> inner = unique(lookup.apply(e.callee(), s.file()),
                            d -> frees(d, e.calleeArg()).orElse(null));
                    if (inner.isEmpty()) {
                        continue;
                    }
                    correct = EnumSet.noneOf(Family.class);
                    for (Family fam : Family.values()) {
                        if (inner.get().kind().freesCorrectly(fam)) {
                            correct.add(fam);
                        }
                    }
                    what = e.callee() + "() at line " + e.line();
                }
                any = true;
                if (evidence == null) {
                    evidence = what;
                }
                if (e.vmallocSide() <= 0 && !correct.contains(Family.KMALLOC)) {
                    kmallocOk = false;
                }
                if (e.vmallocSide() >= 0 && !correct.contains(Family.VMALLOC)) {
                    vmallocOk = false;
                }
            }
            if (!any) {
                return Optional.empty();
            }
            FreeKind kind;
            if (kmallocOk && vmallocOk) {
                kind = FreeKind.KVFREE_LIKE;
            } else if (kmallocOk) {
                kind = FreeKind.KFREE_LIKE;
            } else if (vmallocOk) {
                kind = FreeKind.VFREE_LIKE;
            } else {
                return Optional.empty(); // chosen by something we cannot see (a flag, a size)
            }
            return Optional.of(new Frees(s.name(), s.file(), kind, evidence));
        }
    }
}
