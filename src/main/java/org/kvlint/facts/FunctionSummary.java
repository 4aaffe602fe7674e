package org.kvlint.facts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.ApiFunction.Family;

/**
 * What one function does with allocator memory, as seen from its callers, before callees are
 * resolved: which allocator families its return value may come from, and which parameters it
 * frees and how. Computed once per function per scan (pass 1), merged tree-wide by
 * {@link WrapperSummaries}.
 *
 * @param name the function's name
 * @param file display path of the file defining it
 * @param isStatic declared {@code static} (visible only in its file, unless in a header)
 * @param returns families of table allocations returned directly ({@code return vmalloc(n);},
 *     {@code p = kmalloc(); if (!p) p = vmalloc(); return p;})
 * @param returnEvidence per family, the first returning allocation ("vmalloc() at line 33")
 * @param returnsOther some return value comes from something else (a parameter, a field, an
 *     unknown call); NULL and ERR_PTR() do not count
 * @param returnsFrom names of non-table functions whose result is returned (resolved later)
 * @param paramFrees per parameter index, every free of it on some path
 * @param outputs per parameter index, what the function leaves in {@code *param} when it returns
 *     ({@code int foo_alloc(void **out) { *out = vmalloc(n); ... }}): an out-parameter, which the
 *     caller's {@code foo_alloc(&p)} stores in {@code p}
 */
public record FunctionSummary(String name, String file, boolean isStatic, Set<Family> returns,
                              Map<Family, String> returnEvidence, boolean returnsOther, Set<String> returnsFrom,
                              Map<Integer, List<ParamFree>> paramFrees, Map<Integer, Output> outputs) {

    /**
     * What a function stores through one pointer parameter, before callees are resolved; the
     * same parts as its return value.
     *
     * @param families families of table allocations stored there
     * @param evidence per family, the first such allocation ("vmalloc() at line 33")
     * @param other something else may be stored there (NULL and ERR_PTR() do not count)
     * @param from names of non-table functions whose result is stored there
     * @param onlyIfNull every allocation stored there runs only when {@code *param} is NULL
     *     ({@code if (!*buf) *buf = vmalloc(n);}, kernel_read_file()): a caller passing its own
     *     buffer gets it back
     */
    public record Output(Set<Family> families, Map<Family, String> evidence, boolean other, Set<String> from,
                         boolean onlyIfNull) {
        public Output {
            families = families.isEmpty() ? EnumSet.noneOf(Family.class) : EnumSet.copyOf(families);
            evidence = Ordered.byEnum(Family.class, evidence);
            from = Ordered.set(from);
        }
    }

    /**
     * A free of a parameter inside the function.
     *
     * @param api the table free function ({@code kfree}, {@code vfree}...), or null when the parameter
     *     is passed on to {@code callee}
     * @param callee the called non-table function the parameter is passed to, or null
     * @param calleeArg which argument of {@code callee}
     * @param vmallocSide +1 when the free only runs if {@code is_vmalloc_addr(param)} holds, -1 when
     *     only if it does not, 0 otherwise
     * @param line 1-based line of the call
     */
    public record ParamFree(String api, String callee, int calleeArg, int vmallocSide, int line) {}

    public FunctionSummary {
        returns = returns.isEmpty() ? EnumSet.noneOf(Family.class) : EnumSet.copyOf(returns);
        // fixed orders: the index resolves callees and parameters in the order it meets them
        returnEvidence = Ordered.byEnum(Family.class, returnEvidence);
        returnsFrom = Ordered.set(returnsFrom);
        paramFrees = Ordered.map(paramFrees);
        outputs = Ordered.map(outputs);
    }

    /** A summary without out-parameters. */
    public FunctionSummary(String name, String file, boolean isStatic, Set<Family> returns,
                           Map<Family, String> returnEvidence, boolean returnsOther, Set<String> returnsFrom,
                           Map<Integer, List<ParamFree>> paramFrees) {
        this(name, file, isStatic, returns, returnEvidence, returnsOther, returnsFrom, paramFrees, Map.of());
    }

    /** The header-defined static inline helpers are visible wherever the header is included. */
    public boolean inHeader() {
        return file.endsWith(".h");
    }

    /** Builds the summary of a named function from its flow; empty for unnamed regions. */
    static Optional<FunctionSummary> of(FunctionFlow flow, String file) {
        if (flow.name().isEmpty()) {
            return Optional.empty();
        }
        List<Origin> returned = new java.util.ArrayList<>();
        flow.returns().values().forEach(returned::addAll);
        Output ret = output(returned, null);
        Map<Integer, Output> outputs = new java.util.TreeMap<>();
        for (FunctionFlow.Store st : flow.exits()) {
            // *out = p: what the caller's foo(&p) finds in p
            if (st.place() instanceof Place.Global g && g.text().startsWith("*")) {
                int i = flow.params().indexOf(g.text().substring(1));
                Output o = i >= 0 ? output(st.origins(), g.text()) : null;
                if (o != null && (!o.families().isEmpty() || !o.from().isEmpty())) {
                    outputs.put(i, o);
                }
            }
        }
        Map<Integer, List<ParamFree>> frees = new LinkedHashMap<>();
        List<String> params = flow.params();
        for (FunctionFlow.Use u : flow.uses().values()) {
            int line = u.call().startRow() + 1;
            if (u.table() != null) {
                if (!u.table().api().isFree()) {
                    continue;
                }
                param(u.arg(0)).filter(p -> onlyTestsItself(u, p.name())).ifPresent(p -> frees
                        .computeIfAbsent(p.index(), k -> new ArrayList<>())
                        .add(new ParamFree(u.table().api().name(), null, -1, side(u, p.name()), line)));
            } else if (!u.callee().equals(flow.name().get())) {
                for (int j = 0; j < u.args().size(); j++) {
                    int arg = j;
                    param(u.arg(j)).filter(p -> onlyTestsItself(u, p.name())).ifPresent(p -> frees
                            .computeIfAbsent(p.index(), k -> new ArrayList<>())
                            .add(new ParamFree(null, u.callee(), arg, side(u, p.name()), line)));
                }
            }
        }
        frees.replaceAll((k, v) -> List.copyOf(v));
        return Optional.of(new FunctionSummary(flow.name().get(), file, flow.isStatic(), ret.families(),
                ret.evidence(), ret.other(), ret.from(), frees, outputs));
    }

    /**
     * Families, evidence and callee names of a set of values.
     *
     * @param nullTested for an out-parameter, its text ({@code *buf}): whether every allocation
     *     and call among the values ran under a test that it was NULL; null for a return value
     */
    private static Output output(java.util.Collection<Origin> values, String nullTested) {
        boolean onlyIfNull = nullTested != null;
        for (Origin o : values) {
            List<Guard> guards = o instanceof Origin.Alloc a ? a.guards() : o instanceof Origin.Call c ? c.guards() : null;
            if (guards != null && guards.stream().noneMatch(g -> g.text().equals(nullTested) && !g.positive())) {
                onlyIfNull = false;
            }
        }
        Set<Family> families = EnumSet.noneOf(Family.class);
        Map<Family, String> evidence = new EnumMap<>(Family.class);
        boolean other = false;
        Set<String> from = new LinkedHashSet<>();
        for (Origin o : values) {
            switch (o) {
                case Origin.Alloc a -> {
                    Family f = a.family();
                    families.add(f);
                    evidence.putIfAbsent(f, a.api() + "() at line " + a.line());
                }
                case Origin.Call c -> from.add(c.callee());
                case Origin.Null n -> { }
                default -> other = true;
            }
        }
        return new Output(families, evidence, other, from, onlyIfNull && !families.isEmpty());
    }

    /** The parameter a value certainly is (NULL aside): a free of something else on some path does not count. */
    private static Optional<Origin.Param> param(Set<Origin> values) {
        Origin.Param found = null;
        for (Origin o : values) {
            if (o instanceof Origin.Param p && (found == null || found.equals(p))) {
                found = p;
            } else if (!(o instanceof Origin.Null)) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * A free that runs only under a condition about something else (a flag, a mode) does not
     * make the function a free of its parameter; conditions on the parameter itself
     * ({@code if (!p) return;}, {@code refcount_dec_and_test(&p->ref)}, {@code is_vmalloc_addr(p)}) do not matter.
     */
    private static boolean onlyTestsItself(FunctionFlow.Use u, String param) {
        for (Guard g : u.guards()) {
            if (!Guard.mentions(g.text(), param)) {
                return false;
            }
        }
        return true;
    }

    private static int side(FunctionFlow.Use u, String param) {
        for (Guard g : u.guards()) {
            if (g.testsVmalloc(param, true)) {
                return 1;
            }
            if (g.testsVmalloc(param, false)) {
                return -1;
            }
        }
        return 0;
    }
}
