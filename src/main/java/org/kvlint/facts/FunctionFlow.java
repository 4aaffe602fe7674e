package org.kvlint.facts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.MacroBodies;
import org.kvlint.syntax.SyntaxNode;

/**
 * The value flow of one function (or one top-level region standing for a function): for every
 * place that can hold a pointer (local, global, struct field by type and name, array element, the
 * return value), which allocations may reach it on which paths, and under which condition.
 *
 * <p>An abstract interpretation over the syntax. The state maps each tracked place to a
 * {@link Value}: a set of {@link Origin}s (an allocation site, a call, a parameter, NULL, ...),
 * each with the {@link Cond} under which it got there. A condition is a conjunction of
 * {@link Atom}s: branch {@link Guard}s (a size comparison, a flag test, a predicate call, an
 * {@code #if} side) and {@link Atom.Result}s ("the allocation at line 12 returned NULL"). A NULL
 * test of a place holding one allocation adds that allocation's result to the path, so the
 * fallback in {@code p = kmalloc(); if (!p) p = vmalloc();} or after {@code if (p) return p;}
 * carries "kmalloc returned NULL". Joins union the origins and add to each the atoms by which its
 * side differed from the other; the path after a join keeps the atoms both sides had (and, weakly,
 * the allocation results either side saw). Where several allocations reach one place at a join,
 * a store, the returns or the exits, a {@link Meeting} records them with their conditions: the
 * rules read fallbacks and threshold choices from those.
 *
 * <p>The walk follows sequences, {@code if}/{@code else}, {@code ?:} (also GNU {@code a ?: b}),
 * {@code &&}/{@code ||}, loops, {@code switch}, {@code goto} and labels, {@code return}, and both
 * sides of {@code #if}/{@code #ifdef}/{@code #else} as alternatives, including an {@code if}/{@code else}
 * that an {@code #ifdef} cuts in two. Anything else is walked as a sequence of its children.
 *
 * <p>Cost is linear in the function's size: states are persistent maps shared between branches
 * (a branch costs nothing, a join visits only what differs), conditions keep at most
 * {@link Cond#MAX_ATOMS} atoms and values at most {@link #MAX_ORIGINS} origins (beyond that they
 * widen), loops are iterated at most twice and only the outer {@link #ITERATED_LOOP_DEPTH} levels,
 * and the body is walked again at most once for backward gotos. Every step is counted against a
 * {@link Budget}; exhausting it throws {@link Budget.Exhausted}.
 */
public final class FunctionFlow {
    /** Origins kept per place; beyond, the rest become one unknown origin. */
    public static final int MAX_ORIGINS = 16;
    /** Loops nested deeper are walked once, their back edge joined into the exit. */
    private static final int ITERATED_LOOP_DEPTH = 3;
    /** Walks of a loop body at most (the second from the first one's back edge). */
    private static final int LOOP_ROUNDS = 2;
    /** Walks of the body at most (the second when a backward goto changed a label's state). */
    private static final int LABEL_ROUNDS = 2;
    /** Meetings recorded per function at most: a base, and one per few nodes beyond it. */
    private static final int MEETINGS_BASE = 2048;
    private static final int NODES_PER_MEETING = 8;

    /**
     * One origin of a value and the condition under which it is there.
     *
     * @param origin where the value comes from
     * @param cond the path condition under which it reached the place
     */
    public record Reached(Origin origin, Cond cond) implements java.io.Serializable {}

    /**
     * A call's arguments, as the values they may hold.
     *
     * @param call the call_expression
     * @param callee the called name
     * @param table the allocator-table row when the callee is in the table, else null
     * @param args per argument, the origins its value may have
     * @param guards branch conditions around the call
     * @param reached per argument, the origins with their conditions
     * @param path the path condition at the call
     */
    public record Use(SyntaxNode call, String callee, CallSite table, List<Set<Origin>> args, List<Guard> guards,
                      List<List<Reached>> reached, Cond path) {
        public Set<Origin> arg(int i) {
            return i < args.size() ? args.get(i) : Set.of();
        }

        public List<Reached> reachedArg(int i) {
            return i < reached.size() ? reached.get(i) : List.of();
        }
    }

    /**
     * What a place that outlives the function (struct field, file-scope variable) holds when
     * the function returns.
     *
     * @param store the function (the unit) that leaves it there
     * @param place where
     * @param origins what it may hold
     */
    public record Store(SyntaxNode store, Place place, Set<Origin> origins) {}

    /**
     * Several calls (at least one of them an allocator-table allocation) whose results reach one
     * place at one point: the raw material of fallbacks and threshold choices.
     *
     * @param place the place, or null for the function's return value
     * @param at where they met: the join (an if statement, a conditional expression, a label,
     *     a switch), the store of a conditional value, or the function (its returns, its exits)
     * @param reached every origin of the place's value there, with its condition
     * @param memsetAfter a {@code memset(place, 0, size)} of all of it right after the statement
     *     where they met (zeroing whichever arrived), or null
     */
    public record Meeting(Place place, Loc at, List<Reached> reached, Loc memsetAfter) implements java.io.Serializable {
        public boolean isReturn() {
            return place == null;
        }

        /** The place as written, or "the returned memory". */
        public String describe() {
            return place == null ? "the returned memory" : "'" + place.text() + "'";
        }
    }

    private final SyntaxNode unit;
    private final Scope scope;
    private final String name;
    private final boolean isStatic;
    private final List<String> params;
    private final Map<SyntaxNode, CallSite> tableCalls;
    private final Map<SyntaxNode, AllocSite> allocSites;
    private final Set<String> unstable = new HashSet<>();
    /** The last statement of a ({ ... }) macro body: its value is what the macro yields, like a return. */
    private final SyntaxNode macroValue;
    /** Non-table callees whose arguments matter (wrappers); null: every callee. */
    private final Set<String> callees;
    /** The names of the functions this unit calls, when asked ({@link #calleeNames}). */
    private Set<String> calleeNames;
    /** Place keys whose values some use can observe; stores to other keys are not tracked. */
    private final Set<String> relevant = new HashSet<>();
    /** For a key, the tracked keys below it ({@code s} → {@code s->buf}, {@code s->a.b}): a store to it forgets them. */
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<SyntaxNode, Guard> guardCache = new IdentityHashMap<>();
    private final Map<SyntaxNode, Optional<Place>> placeCache = new IdentityHashMap<>();
    private final java.util.function.LongFunction<Budget> budgetFor;
    /** Sized once the first walk has counted the nodes. */
    private Budget budget = new Budget(Long.MAX_VALUE);

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> keyOf = new ArrayList<>();
    private final List<Place> placeOfId = new ArrayList<>();

    private final Map<SyntaxNode, UseAcc> uses = new LinkedHashMap<>();
    /** Calls whose results became origins, by start byte (for the syntax-bound lookups of the old rules). */
    private final Map<Integer, SyntaxNode> callNodes = new HashMap<>();
    private final Map<SyntaxNode, Value> returns = new LinkedHashMap<>();
    private final List<PersistentMap<Value>> exitStates = new ArrayList<>();
    private final Map<String, State> labels = new HashMap<>();
    private final Set<String> labelsSeen = new HashSet<>();
    private boolean backwardGoto;
    private final List<Meeting> meetings = new ArrayList<>();
    private long maxMeetings = MEETINGS_BASE;
    private final Set<String> meetingKeys = new HashSet<>();
    private final ArrayDeque<Jumps> jumps = new ArrayDeque<>();
    private int loopDepth;

    private final List<CallSite> allocationCalls = new ArrayList<>();
    private final List<FunctionFacts.BackendUse> backendUses = new ArrayList<>();
    private final List<FunctionFacts.Explanation> explanations = new ArrayList<>();
    private FunctionFacts facts;

    private List<Store> exitStores = List.of();
    private Map<SyntaxNode, Use> useView = Map.of();
    private Map<SyntaxNode, Set<Origin>> returnView = Map.of();

    private FunctionFlow(SyntaxNode unit, Scope scope, Map<SyntaxNode, CallSite> tableCalls,
                         Map<SyntaxNode, AllocSite> allocSites, Set<String> callees,
                         java.util.function.LongFunction<Budget> budgetFor) {
        this.callees = callees;
        this.unit = unit;
        this.scope = scope;
        this.tableCalls = tableCalls;
        this.allocSites = allocSites;
        this.budgetFor = budgetFor;
        Optional<SyntaxNode> declarator = functionDeclarator(unit);
        this.name = declarator.flatMap(d -> d.child("declarator")).filter(d -> d.is("identifier"))
                .map(SyntaxNode::text).orElse(null);
        // a macro body (MacroBodies): the macro's parameters; visible in its file only, or
        // wherever its header is included (FunctionSummary.inHeader)
        this.params = MacroBodies.parameters(unit)
                .orElseGet(() -> declarator.map(FunctionFlow::parameterNames).orElse(List.of()));
        this.isStatic = declaredStatic(unit);
        this.macroValue = MacroBodies.valueStatement(unit).orElse(null);
    }

    /**
     * Analyses one function-like unit (see {@link #units}) under a work budget (linear in its
     * size, see {@link Budget#forNodes}).
     *
     * @param callees names of non-table functions whose arguments are worth recording (helpers
     *     that may free them), or null for every function; calls that pass a parameter on are
     *     recorded anyway (for the function's summary)
     * @param budgetFor the budget of a function of so many syntax nodes
     * @throws Budget.Exhausted when the analysis needs more steps than the function's size allows
     */
    static FunctionFlow analyse(SyntaxNode unit, Scope scope, Map<SyntaxNode, CallSite> tableCalls,
                                Map<SyntaxNode, AllocSite> allocSites, Set<String> callees,
                                java.util.function.LongFunction<Budget> budgetFor) {
        FunctionFlow f = new FunctionFlow(unit, scope, tableCalls, allocSites, callees, budgetFor);
        f.run();
        return f;
    }

    /** A unit whose analysis failed ({@code problem} says why): no uses, returns, stores or meetings. */
    static FunctionFlow empty(SyntaxNode unit, Scope scope, String problem) {
        FunctionFlow f = new FunctionFlow(unit, scope, Map.of(), Map.of(), Set.of(), Budget::forNodes);
        f.facts = new FunctionFacts(f.name == null ? "" : f.name, Loc.of(unit), f.isStatic, f.params, List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), problem);
        return f;
    }

    /** The names of the function-like units, for callers that pass {@code callees}. */
    static Optional<String> nameOf(SyntaxNode unit) {
        return functionDeclarator(unit).flatMap(d -> d.child("declarator")).filter(d -> d.is("identifier"))
                .map(SyntaxNode::text);
    }

    public SyntaxNode unit() {
        return unit;
    }

    /** Is {@code callee} one of the {@link #callees}? (The flow's one question about them.) */
    private boolean wanted(String callee) {
        return callees.contains(callee);
    }

    /**
     * The names of every function called in the unit: {@link #wanted} is asked of these only, so
     * the flow run again under callees that answer the same for each would be the same
     * ({@link FlowMemo}). Computed on first use.
     */
    Set<String> calleeNames() {
        if (calleeNames == null) {
            Set<String> names = new HashSet<>();
            unit.walk(n -> {
                if (n.is("call_expression")) {
                    CSyntax.calleeName(n).ifPresent(names::add);
                }
            });
            calleeNames = names;
        }
        return calleeNames;
    }

    public Scope scope() {
        return scope;
    }

    /** The function's name, when its declarator parsed. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public boolean isStatic() {
        return isStatic;
    }

    /** Parameter names in order ("" for an unnamed one). */
    public List<String> params() {
        return params;
    }

    /** Recorded calls (frees, reallocs, helpers) by call node, in first-visit order. */
    public Map<SyntaxNode, Use> uses() {
        return useView;
    }

    /** The origins each {@code return} statement may return. */
    public Map<SyntaxNode, Set<Origin>> returns() {
        return returnView;
    }

    /**
     * What the function leaves in struct fields and file-scope variables it writes, on every
     * way out ({@code return} or the end of the body): a value freed before the exit is gone.
     * This is what another function later finds there.
     */
    public List<Store> exits() {
        return exitStores;
    }

    /** Where several allocations reach one place, in the order they were found. */
    public List<Meeting> meetings() {
        return meetings;
    }

    /** The call node of an origin's site (an allocation or another call of this function), if known. */
    public Optional<SyntaxNode> callNode(int site) {
        return Optional.ofNullable(callNodes.get(site));
    }

    /** Steps the analysis took. */
    public long steps() {
        return budget.used();
    }

    // ---------------------------------------------------------------- units

    /**
     * The function-like units of a file: every outermost function definition, and every other
     * top-level region (typically an ERROR node standing for a function whose header did not
     * parse) that contains calls but no function definition.
     */
    static List<SyntaxNode> units(SyntaxNode root) {
        List<SyntaxNode> out = new ArrayList<>();
        ArrayDeque<SyntaxNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            SyntaxNode n = todo.pop();
            for (SyntaxNode c : n.children()) {
                if (c.is("function_definition")) {
                    out.add(c);
                } else if (c.is("translation_unit") || CSyntax.isPreprocBlock(c) || c.is("linkage_specification")
                        || c.is("declaration_list")) {
                    todo.push(c);
                } else if (!c.children().isEmpty()) {
                    // another item (an ERROR region standing for a mangled function, a declaration):
                    // one look at its subtree, stopping at the first function definition
                    int what = contents(c);
                    if (what == HAS_FUNCTION) {
                        todo.push(c);
                    } else if (what == HAS_CALL) {
                        out.add(c);
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(SyntaxNode::startByte));
        return out;
    }

    private static final int HAS_NOTHING = 0;
    private static final int HAS_CALL = 1;
    private static final int HAS_FUNCTION = 2;

    /** Does the subtree hold a function definition (checked first), else a call? */
    private static int contents(SyntaxNode item) {
        int found = HAS_NOTHING;
        ArrayDeque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(item);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.pop();
            if (n.is("function_definition")) {
                return HAS_FUNCTION;
            }
            if (n.is("call_expression")) {
                found = HAS_CALL;
            }
            for (SyntaxNode c : n.children()) {
                stack.push(c);
            }
        }
        return found;
    }

    static Optional<SyntaxNode> functionDeclarator(SyntaxNode unit) {
        if (unit.is("function_definition")) {
            Optional<SyntaxNode> d = unit.child("declarator");
            while (d.isPresent() && !d.get().is("function_declarator")) {
                d = d.get().child("declarator");
            }
            return d;
        }
        // a mangled function: the first function declarator before the first block
        int bodyStart = unit.descendants("compound_statement").stream().mapToInt(SyntaxNode::startByte).min()
                .orElse(Integer.MAX_VALUE);
        return unit.descendants("function_declarator").stream().filter(d -> d.endByte() <= bodyStart).findFirst();
    }

    private static List<String> parameterNames(SyntaxNode declarator) {
        List<String> names = new ArrayList<>();
        declarator.child("parameters").ifPresent(ps -> {
            for (SyntaxNode p : ps.namedChildren()) {
                if (p.is("parameter_declaration")) {
                    names.add(p.child("declarator").flatMap(CSyntax::declaredName).map(SyntaxNode::text).orElse(""));
                } else if (p.is("variadic_parameter")) {
                    names.add("");
                }
            }
        });
        if (names.size() == 1 && names.getFirst().isEmpty()) {
            return List.of(); // (void)
        }
        return List.copyOf(names);
    }

    /** Is the unit visible in its file only: a macro body, or a {@code static} function ({@link #isStatic(SyntaxNode)})? */
    static boolean declaredStatic(SyntaxNode unit) {
        return MacroBodies.isMacroUnit(unit) || isStatic(unit);
    }

    /**
     * {@code static} on the definition, or on the bogus declaration tree-sitter splits off when
     * an attribute macro ({@code static __always_inline void __init f(void)}) confuses it.
     */
    private static boolean isStatic(SyntaxNode unit) {
        if (hasStatic(unit)) {
            return true;
        }
        Optional<SyntaxNode> prev = unit.prevNamedSibling();
        return prev.isPresent() && prev.get().is("declaration") && hasMissing(prev.get()) && hasStatic(prev.get());
    }

    private static boolean hasStatic(SyntaxNode n) {
        for (SyntaxNode c : n.children()) {
            if (c.is("storage_class_specifier") && c.text().equals("static")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMissing(SyntaxNode n) {
        boolean[] m = {false};
        n.walk(x -> m[0] |= x.isMissing());
        return m[0];
    }

    // ---------------------------------------------------------------- values and states

    /** What a place may hold: origins, each with the condition under which it got there. Immutable. */
    static final class Value {
        static final Value UNKNOWN = new Value(new Origin[] {Origin.UNKNOWN}, new Cond[] {Cond.TRUE});
        static final Value NULL = new Value(new Origin[] {Origin.NULL}, new Cond[] {Cond.TRUE});

        final Origin[] origins;
        final Cond[] conds;

        private Value(Origin[] origins, Cond[] conds) {
            this.origins = origins;
            this.conds = conds;
        }

        static Value of(Origin o, Cond c) {
            return new Value(new Origin[] {o}, new Cond[] {c});
        }

        static Value of(List<Origin> os, List<Cond> cs) {
            if (os.size() > MAX_ORIGINS) {
                // widen: keep the first ones, the rest becomes one unknown origin
                List<Origin> o2 = new ArrayList<>(os.subList(0, MAX_ORIGINS - 1));
                List<Cond> c2 = new ArrayList<>(cs.subList(0, MAX_ORIGINS - 1));
                if (!o2.contains(Origin.UNKNOWN)) {
                    o2.add(Origin.UNKNOWN);
                    c2.add(Cond.TRUE);
                }
                os = o2;
                cs = c2;
            }
            return new Value(os.toArray(Origin[]::new), cs.toArray(Cond[]::new));
        }

        int indexOf(Origin o) {
            for (int i = 0; i < origins.length; i++) {
                if (origins[i].equals(o)) {
                    return i;
                }
            }
            return -1;
        }

        Set<Origin> originSet() {
            Set<Origin> out = new LinkedHashSet<>(origins.length * 2);
            java.util.Collections.addAll(out, origins);
            return out;
        }

        List<Reached> reached() {
            List<Reached> out = new ArrayList<>(origins.length);
            for (int i = 0; i < origins.length; i++) {
                out.add(new Reached(origins[i], conds[i]));
            }
            return out;
        }

        /** Origins of calls (allocations or not) and how many are table allocations. */
        boolean mixesCalls() {
            int calls = 0;
            boolean alloc = false;
            for (Origin o : origins) {
                if (o instanceof Origin.Alloc) {
                    alloc = true;
                    calls++;
                } else if (o instanceof Origin.Call) {
                    calls++;
                }
            }
            return alloc && calls >= 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Value v && java.util.Arrays.equals(origins, v.origins)
                    && java.util.Arrays.equals(conds, v.conds);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(origins) * 31 + java.util.Arrays.hashCode(conds);
        }
    }

    /**
     * Joins two values: an origin on both sides keeps what both its conditions have; an origin
     * on one side only also gets that side's own atoms ({@code sideA}, {@code sideB}).
     */
    private Value joinValues(Value a, Cond sideA, Value b, Cond sideB) {
        if (a == b) {
            return a;
        }
        budget.spend(a.origins.length + b.origins.length);
        List<Origin> os = new ArrayList<>(a.origins.length + b.origins.length);
        List<Cond> cs = new ArrayList<>(a.origins.length + b.origins.length);
        for (int i = 0; i < a.origins.length; i++) {
            int j = b.indexOf(a.origins[i]);
            os.add(a.origins[i]);
            cs.add(j >= 0 ? a.conds[i].intersect(b.conds[j]) : a.conds[i].and(sideA));
        }
        for (int j = 0; j < b.origins.length; j++) {
            if (a.indexOf(b.origins[j]) < 0) {
                os.add(b.origins[j]);
                cs.add(b.conds[j].and(sideB));
            }
        }
        Value v = Value.of(os, cs);
        return v.equals(a) ? a : v;
    }

    /** Values and path at one point; null stands for "unreachable". Mutable holder of immutable parts. */
    private static final class State {
        PersistentMap<Value> values;
        Cond path;

        State(PersistentMap<Value> values, Cond path) {
            this.values = values;
            this.path = path;
        }

        State copy() {
            return new State(values, path);
        }

        void set(State o) {
            values = o.values;
            path = o.path;
        }
    }

    /** Where break/continue go. */
    private static final class Jumps {
        final boolean loop;
        final List<State> breaks = new ArrayList<>();
        final List<State> continues = new ArrayList<>();

        Jumps(boolean loop) {
            this.loop = loop;
        }
    }

    /** A recorded call, accumulated over the walks of its statement. */
    private static final class UseAcc {
        final SyntaxNode call;
        final String callee;
        final CallSite table;
        final List<Value> args;
        Cond path;

        UseAcc(SyntaxNode call, String callee, CallSite table, List<Value> args, Cond path) {
            this.call = call;
            this.callee = callee;
            this.table = table;
            this.args = args;
            this.path = path;
        }
    }

    private int idOf(String key, Place p) {
        Integer id = ids.get(key);
        if (id == null) {
            id = keyOf.size();
            ids.put(key, id);
            keyOf.add(key);
            placeOfId.add(p);
        }
        return id;
    }

    // ---------------------------------------------------------------- the walk

    private void run() {
        // one walk collects what everything else needs: sites, comments, written places, stores
        long[] nodes = {0};
        Map<String, List<SyntaxNode>> storesInto = new HashMap<>();
        ArrayDeque<String> work = new ArrayDeque<>();
        unit.walk(n -> {
            nodes[0]++;
            switch (n.type()) {
                case "call_expression" -> {
                    CallSite t = tableCalls.get(n);
                    if (t != null && t.api().isAllocation()) {
                        allocationCalls.add(t);
                    } else if (t == null) {
                        SyntaxFacts.backendUse(n, tableCalls).ifPresent(backendUses::add);
                    }
                    relevantArguments(n, t, work);
                }
                case "comment" -> SyntaxFacts.explanation(n).ifPresent(explanations::add);
                case "assignment_expression" -> {
                    Optional<SyntaxNode> left = n.child("left");
                    left.ifPresent(l -> unstable.add(CSyntax.canonical(l)));
                    left.flatMap(l -> Place.of(l, scope)).ifPresent(p -> {
                        SyntaxNode value = n.child("right").orElse(n);
                        if (!(p instanceof Place.Local) || holdsAllocation(value)) {
                            mark(key(p), work);
                        }
                        storesInto.computeIfAbsent(key(p), k -> new ArrayList<>()).add(value);
                    });
                }
                case "init_declarator" -> CSyntax.declaredName(n).flatMap(id -> Place.ofStore(n, id, scope)).ifPresent(p -> {
                    SyntaxNode value = n.child("value").orElse(n);
                    if (!(p instanceof Place.Local) || holdsAllocation(value)) {
                        mark(key(p), work);
                    }
                    storesInto.computeIfAbsent(key(p), k -> new ArrayList<>()).add(value);
                });
                case "update_expression" -> n.child("argument").ifPresent(a -> unstable.add(CSyntax.canonical(a)));
                case "pointer_expression" -> {
                    if (operator(n).equals("&")) {
                        n.child("argument").ifPresent(a -> unstable.add(CSyntax.canonical(a)));
                    }
                }
                case "return_statement" -> {
                    for (SyntaxNode c : n.children()) {
                        if (c.isNamed()) {
                            addKeys(c, work);
                        }
                    }
                }
                case "expression_statement" -> {
                    if (n == macroValue) {
                        n.namedChildren().forEach(c -> addKeys(c, work)); // what a ({ ... }) macro yields
                    }
                }
                default -> { }
            }
        });
        budget = budgetFor.apply(nodes[0]);
        budget.spend(nodes[0]);
        maxMeetings = MEETINGS_BASE + nodes[0] / NODES_PER_MEETING;
        computeRelevant(storesInto, work);
        SyntaxNode body = unit.is("function_definition") ? unit.child("body").orElse(unit) : unit;
        for (int round = 0; round < LABEL_ROUNDS; round++) {
            Map<String, State> before = new HashMap<>(labels);
            backwardGoto = false;
            labelsSeen.clear();
            jumps.clear();
            loopDepth = 0;
            exitStates.clear();
            State end = stmt(body, new State(PersistentMap.empty(), Cond.TRUE));
            if (end != null) {
                exitStates.add(end.values);
            }
            if (!backwardGoto || sameLabels(before)) {
                break;
            }
        }
        finish();
    }

    private boolean sameLabels(Map<String, State> before) {
        if (!before.keySet().equals(labels.keySet())) {
            return false;
        }
        for (Map.Entry<String, State> e : labels.entrySet()) {
            State b = before.get(e.getKey());
            if (b != e.getValue() && !b.values.sameAs(e.getValue().values)) {
                return false;
            }
        }
        return true;
    }

    /** Builds the public views: uses, returns, exits, and the meetings of the returns and exits. */
    private void finish() {
        Map<SyntaxNode, Use> u = new LinkedHashMap<>();
        for (UseAcc a : uses.values()) {
            List<Set<Origin>> args = new ArrayList<>(a.args.size());
            List<List<Reached>> reached = new ArrayList<>(a.args.size());
            for (Value v : a.args) {
                args.add(v.originSet());
                reached.add(v.reached());
            }
            u.put(a.call, new Use(a.call, a.callee, a.table, args, a.path.guards(), reached, a.path));
        }
        useView = java.util.Collections.unmodifiableMap(u);
        Map<SyntaxNode, Set<Origin>> r = new LinkedHashMap<>();
        Value all = null;
        for (Map.Entry<SyntaxNode, Value> e : returns.entrySet()) {
            r.put(e.getKey(), e.getValue().originSet());
            all = all == null ? e.getValue() : joinValues(all, Cond.TRUE, e.getValue(), Cond.TRUE);
        }
        returnView = java.util.Collections.unmodifiableMap(r);
        if (all != null) {
            meet(null, "", unit, all);
        }
        // exits: per outliving place, the union of its values at every way out, visiting only what
        // changed from one exit to the next
        Map<Integer, Value> acc = new java.util.TreeMap<>();
        PersistentMap<Value> prev = null;
        for (PersistentMap<Value> e : exitStates) {
            if (prev == null) {
                e.forEach((k, v) -> {
                    if (outlives(k)) {
                        acc.put(k, v);
                    }
                });
            } else {
                PersistentMap<Value> p = prev;
                PersistentMap.differences(p, e, (k, a, b) -> {
                    if (outlives(k)) {
                        Value cur = acc.containsKey(k) ? acc.get(k) : defaultOf(placeOfId.get(k));
                        acc.put(k, joinValues(cur, Cond.TRUE, b != null ? b : defaultOf(placeOfId.get(k)), Cond.TRUE));
                    }
                });
            }
            prev = e;
        }
        List<Store> st = new ArrayList<>();
        acc.forEach((k, v) -> {
            st.add(new Store(unit, placeOfId.get(k), v.originSet()));
            meet(placeOfId.get(k), keyOf.get(k), unit, v);
        });
        exitStores = List.copyOf(st);
        facts = plainFacts(acc);
    }

    /** The plain output: what the rules read. */
    private FunctionFacts plainFacts(Map<Integer, Value> exitValues) {
        List<FunctionFacts.AllocFact> allocs = new ArrayList<>(allocationCalls.size());
        Map<SyntaxNode, SyntaxNode> statements = new IdentityHashMap<>();
        for (CallSite c : allocationCalls) {
            budget.spend(16);
            allocs.add(SyntaxFacts.allocation(c, scope, statements));
        }
        List<FunctionFacts.CallFact> calls = new ArrayList<>(uses.size());
        for (UseAcc a : uses.values()) {
            List<List<Reached>> args = new ArrayList<>(a.args.size());
            for (Value v : a.args) {
                args.add(v.reached());
            }
            calls.add(new FunctionFacts.CallFact(a.call.startByte(), Loc.of(a.call), a.callee,
                    a.table == null ? null : a.table.api().role(), args, a.path));
        }
        List<FunctionFacts.ValueAt> rets = new ArrayList<>(returns.size());
        returns.forEach((n, v) -> rets.add(new FunctionFacts.ValueAt(Loc.of(n), v.reached())));
        List<FunctionFacts.PlaceValue> exits = new ArrayList<>(exitValues.size());
        exitValues.forEach((k, v) -> exits.add(new FunctionFacts.PlaceValue(placeOfId.get(k), v.reached())));
        return new FunctionFacts(name == null ? "" : name, Loc.of(unit), isStatic, params,
                SyntaxFacts.inSourceOrder(allocs), calls, rets, exits, meetings, backendUses, explanations, null);
    }

    /** The plain facts of this function (what the rules read). */
    public FunctionFacts facts() {
        return facts;
    }

    private boolean outlives(int id) {
        return !(placeOfId.get(id) instanceof Place.Local);
    }

    /** Records a meeting when several calls, one a table allocation, reach a place. */
    private void meet(Place place, String key, SyntaxNode at, Value v) {
        if (!v.mixesCalls() || meetings.size() >= maxMeetings) {
            return;
        }
        StringBuilder sig = new StringBuilder(key).append('|');
        for (Origin o : v.origins) {
            int c = Origin.site(o);
            if (c >= 0) {
                sig.append(c).append(',');
            }
        }
        if (meetingKeys.add(sig.toString())) {
            List<Reached> reached = new ArrayList<>(v.reached());
            reached.sort(java.util.Comparator.comparingInt(r -> {
                int c = Origin.site(r.origin());
                return c < 0 ? Integer.MAX_VALUE : c;
            }));
            meetings.add(new Meeting(place, Loc.of(at), List.copyOf(reached), memsetAfter(place, at, reached)));
        }
    }

    /** A memset zeroing {@code place} right after the statement at {@code at} (for the first allocation's size). */
    private Loc memsetAfter(Place place, SyntaxNode at, List<Reached> reached) {
        if (place == null || at == unit) {
            return null;
        }
        for (Reached r : reached) {
            if (r.origin() instanceof Origin.Alloc a) {
                SyntaxNode node = callNodes.get(a.site());
                CallSite c = node == null ? null : tableCalls.get(node);
                if (c == null) {
                    continue;
                }
                budget.spend(16);
                return Memsets.after(Statements.statementOf(at), place.text(), c).map(z -> Loc.of(z.call())).orElse(null);
            }
        }
        return null;
    }

    /**
     * The keys worth tracking: what is freed, reallocated, passed to a helper, returned, stored
     * in a field or global, or receives an allocation, and, transitively, what is copied into
     * those. A worklist: each store is looked at once, when its target becomes relevant.
     */
    private void computeRelevant(Map<String, List<SyntaxNode>> storesInto, ArrayDeque<String> work) {
        while (!work.isEmpty()) {
            String k = work.pop();
            budget.spend(1);
            for (SyntaxNode value : storesInto.getOrDefault(k, List.of())) {
                addKeys(value, work);
            }
        }
        // a store to a key forgets what was known below it
        for (String k : relevant) {
            for (int i = 1; i < k.length(); i++) {
                char c = k.charAt(i);
                if (c == '.' || c == '[' || c == '-' && i + 1 < k.length() && k.charAt(i + 1) == '>') {
                    children.computeIfAbsent(k.substring(0, i), x -> new ArrayList<>()).add(k);
                }
            }
        }
    }

    /** Arguments whose values some use observes: what is freed or reallocated, what goes to a helper. */
    private void relevantArguments(SyntaxNode n, CallSite table, ArrayDeque<String> work) {
        List<SyntaxNode> args = CSyntax.arguments(n);
        if (args.isEmpty()) {
            return;
        }
        if (table != null) {
            if (table.api().isFree() || table.api().role() == ApiFunction.Role.REALLOC) {
                addKeys(args.getFirst(), work);
            }
            return;
        }
        Optional<String> callee = CSyntax.calleeName(n);
        if (callee.isPresent()) {
            boolean all = callees == null || wanted(callee.get());
            for (SyntaxNode a : args) {
                SyntaxNode bare = CSyntax.unwrap(a);
                if (all || bare.is("identifier") && params.contains(bare.text())) {
                    addKeys(a, work);
                }
            }
        }
    }

    private void mark(String key, ArrayDeque<String> work) {
        if (relevant.add(key)) {
            work.push(key);
        }
    }

    /** Is a table allocation the value (through casts, parentheses, {@code ?:} and commas)? */
    private boolean holdsAllocation(SyntaxNode value) {
        SyntaxNode v = CSyntax.unwrap(value);
        for (int depth = 0; depth < 64; depth++) {
            CallSite t = tableCalls.get(v);
            if (t != null) {
                return t.api().isAllocation();
            }
            if (v.is("conditional_expression")) {
                Optional<SyntaxNode> a = v.child("consequence");
                if (a.isPresent() && holdsAllocation(a.get())) {
                    return true;
                }
                Optional<SyntaxNode> b = v.child("alternative");
                if (b.isEmpty()) {
                    return false;
                }
                v = CSyntax.unwrap(b.get());
            } else if (v.is("comma_expression") && v.child("right").isPresent()) {
                v = CSyntax.unwrap(v.child("right").get());
            } else {
                return false;
            }
        }
        return false;
    }

    /** The keys of the places an expression's value may be copied from (not call arguments). */
    private void addKeys(SyntaxNode expr, ArrayDeque<String> work) {
        ArrayDeque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(expr);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.pop();
            budget.spend(1);
            if (n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")
                    || n.is("pointer_expression") && operator(n).equals("*")) {
                Place.of(n, scope).ifPresent(p -> mark(key(p), work));
                continue;
            }
            if (n.is("call_expression") || n.is("sizeof_expression") || n.is("init_declarator") && n != expr
                    || n.is("binary_expression") && TRUTH_OPERATORS.contains(operator(n))) {
                continue; // a call's result, a size, a comparison: not a copy of a pointer
            }
            for (SyntaxNode c : n.children()) {
                // c ? a : b is a copy of a or b, never of c
                if (c.isNamed() && !(n.is("conditional_expression") && "condition".equals(c.field()))) {
                    stack.push(c);
                }
            }
        }
    }

    private Guard guardOf(SyntaxNode cond) {
        return guardCache.computeIfAbsent(cond, c -> Guard.of(c, true, unstable));
    }

    private State stmt(SyntaxNode n, State s) {
        budget.spend(1);
        switch (n.type()) {
            case "compound_statement" -> {
                return block(n.children(), s);
            }
            case "expression_statement" -> {
                if (s == null) {
                    return null;
                }
                for (SyntaxNode c : n.children()) {
                    if (c.isNamed()) {
                        Value v = eval(c, s);
                        if (n == macroValue && !c.is("comment")) {
                            Value old = returns.get(n);
                            returns.put(n, old == null ? v : joinValues(old, Cond.TRUE, v, Cond.TRUE));
                        }
                    }
                }
                return s;
            }
            case "declaration" -> {
                return declaration(n, s);
            }
            case "if_statement" -> {
                return ifStatement(n, s, n.child("consequence").orElse(null), n.child("alternative").orElse(null));
            }
            case "while_statement" -> {
                return loop(s, n.child("condition").orElse(null), null, n.child("body").orElse(null));
            }
            case "for_statement" -> {
                return forLoop(n, s);
            }
            case "do_statement" -> {
                return doLoop(n, s);
            }
            case "switch_statement" -> {
                return switchStatement(n, s);
            }
            case "break_statement", "continue_statement" -> {
                if (s != null) {
                    for (Jumps j : jumps) {
                        if (n.is("break_statement")) {
                            j.breaks.add(s.copy());
                            break;
                        }
                        if (j.loop) {
                            j.continues.add(s.copy());
                            break;
                        }
                    }
                }
                return null;
            }
            case "return_statement" -> {
                if (s != null) {
                    for (SyntaxNode c : n.children()) {
                        if (c.isNamed() && !c.is("comment")) {
                            Value v = eval(c, s);
                            Value old = returns.get(n);
                            returns.put(n, old == null ? v : joinValues(old, Cond.TRUE, v, Cond.TRUE));
                        }
                    }
                    exitStates.add(s.values);
                }
                return null;
            }
            case "goto_statement" -> {
                if (s != null) {
                    n.child("label").ifPresent(l -> {
                        String label = l.text();
                        if (labelsSeen.contains(label)) {
                            backwardGoto = true;
                        }
                        labels.merge(label, s.copy(), (a, b) -> join(a, b, n));
                    });
                }
                return null;
            }
            case "labeled_statement" -> {
                State in = s;
                Optional<SyntaxNode> label = n.child("label");
                if (label.isPresent()) {
                    labelsSeen.add(label.get().text());
                    State saved = labels.get(label.get().text());
                    if (saved != null) {
                        in = join(s, saved.copy(), n);
                    }
                }
                for (SyntaxNode c : n.children()) {
                    if (c.isNamed() && !"label".equals(c.field())) {
                        in = stmt(c, in);
                    }
                }
                return in;
            }
            case "preproc_if", "preproc_ifdef", "preproc_elif", "preproc_elifdef" -> {
                return preprocessorIf(n, s, null);
            }
            case "preproc_else" -> {
                return block(unfielded(n), s);
            }
            case "comment", "preproc_call", "preproc_def", "preproc_function_def", "preproc_include",
                 "type_definition", "struct_specifier", "union_specifier", "enum_specifier", "attribute_specifier",
                 "storage_class_specifier", "type_qualifier", "primitive_type", "type_identifier",
                 "function_declarator", "parameter_list" -> {
                return s;
            }
            case "function_definition" -> {
                return n.child("body").map(b -> stmt(b, s)).orElse(s);
            }
            default -> {
                if (EXPRESSIONS.contains(n.type())) {
                    if (s != null) {
                        eval(n, s);
                    }
                    return s;
                }
                return block(n.children(), s);
            }
        }
    }

    private static final Set<String> TRUTH_OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "&&", "||");

    private static final Set<String> EXPRESSIONS = Set.of("call_expression", "assignment_expression",
            "conditional_expression", "binary_expression", "unary_expression", "update_expression",
            "pointer_expression", "cast_expression", "parenthesized_expression", "comma_expression",
            "field_expression", "subscript_expression", "identifier", "sizeof_expression");

    private static List<SyntaxNode> unfielded(SyntaxNode n) {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : n.children()) {
            if (c.isNamed() && c.field() == null) {
                out.add(c);
            }
        }
        return out;
    }

    /** A sequence of statements (named children of {@code items}), with iterator macros as loops. */
    private State block(List<SyntaxNode> all, State s) {
        List<SyntaxNode> items = new ArrayList<>(all.size());
        for (SyntaxNode c : all) {
            if (c.isNamed() && !c.is("comment")) {
                items.add(c);
            }
        }
        for (int i = 0; i < items.size(); i++) {
            SyntaxNode c = items.get(i);
            if (isIteratorMacro(c) && i + 1 < items.size() && isLoopBody(items.get(i + 1))) {
                if (s != null) {
                    eval(c.namedChildren().getFirst(), s);
                }
                s = loop(s, null, null, items.get(i + 1));
                i++;
                continue;
            }
            if (CSyntax.isPreprocBlock(c) && i + 1 < items.size() && splitIf(c) != null) {
                // #ifdef X  if (c) a; else  #endif  b;  -- the else half is the statement after #endif
                s = preprocessorIf(c, s, items.get(i + 1));
                i++;
                continue;
            }
            s = stmt(c, s);
        }
        return s;
    }

    /**
     * An {@code if} that an {@code #if} branch cuts in two.
     *
     * @param ifStatement the {@code if} the branch ends with
     * @param elseHalf true when the branch ends with {@code else} (the statement after the
     *     {@code #endif} is the else branch), false when it ends with the condition (that statement
     *     is the body)
     */
    private record Split(SyntaxNode ifStatement, boolean elseHalf) {}

    /**
     * The {@code if} an {@code #if} branch ends with when the branch cuts it in two: an {@code if}
     * without else followed by a lone {@code else} (an ERROR node), or an {@code if} whose body is
     * missing. The statement after the {@code #endif} completes it in that configuration.
     */
    private static Split splitIf(SyntaxNode pp) {
        Optional<SyntaxNode> elseCut = Statements.splitElse(pp);
        if (elseCut.isPresent()) {
            return new Split(elseCut.get(), true);
        }
        List<SyntaxNode> body = unfielded(pp);
        body.removeIf(x -> x.is("comment"));
        if (body.isEmpty()) {
            return null;
        }
        SyntaxNode last = body.getLast();
        if (last.is("if_statement") && last.child("alternative").isEmpty()
                && last.child("consequence").filter(FunctionFlow::missingStatement).isPresent()) {
            return new Split(last, false);
        }
        return null;
    }

    private static boolean missingStatement(SyntaxNode st) {
        if (!st.is("expression_statement")) {
            return false;
        }
        for (SyntaxNode c : st.children()) {
            if (!c.isMissing() && !c.is("comment")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIteratorMacro(SyntaxNode stmt) {
        if (!stmt.is("expression_statement") || stmt.children().isEmpty() || !stmt.children().getFirst().is("call_expression")
                || stmt.namedChildren().size() != 1) {
            return false;
        }
        SyntaxNode call = stmt.namedChildren().getFirst();
        SyntaxNode fn = call.child("function").orElse(null);
        if (fn == null || !fn.is("identifier") || fn.endByte() - fn.startByte() < 8) {
            return false; // "for_each" needs 8 bytes: no string built for ordinary calls
        }
        boolean anyMissing = false;
        boolean semicolon = false;
        for (SyntaxNode c : stmt.children()) {
            anyMissing |= c.isMissing();
            semicolon |= c.endByte() - c.startByte() == 1 && c.text().equals(";");
        }
        boolean missingSemicolon = anyMissing || !semicolon;
        return missingSemicolon && CSyntax.calleeName(call).filter(n -> n.contains("for_each")).isPresent();
    }

    private static boolean isLoopBody(SyntaxNode n) {
        return n.is("compound_statement") || n.is("expression_statement") || n.is("if_statement");
    }

    private State declaration(SyntaxNode n, State s) {
        if (s == null) {
            return null;
        }
        for (SyntaxNode d : n.children()) {
            if (!"declarator".equals(d.field())) {
                continue;
            }
            if (d.is("init_declarator")) {
                Optional<SyntaxNode> value = d.child("value");
                Value v = value.isPresent() ? eval(value.get(), s) : Value.UNKNOWN;
                Optional<SyntaxNode> id = CSyntax.declaredName(d);
                if (id.isPresent()) {
                    Optional<Place> p = Place.ofStore(d, id.get(), scope);
                    if (p.isPresent()) {
                        store(p.get(), v, d, s);
                    }
                }
            } else {
                CSyntax.declaredName(d).flatMap(id -> Place.of(id, scope)).ifPresent(p -> store(p, Value.UNKNOWN, d, s));
            }
        }
        return s;
    }

    /**
     * {@code if (cond) consequence else alternative}; {@code alternative} is the else_clause, a
     * statement standing for it (a split {@code #ifdef}), or null; {@code consequence} likewise.
     */
    private State ifStatement(SyntaxNode n, State s, SyntaxNode consequence, SyntaxNode alternative) {
        Optional<SyntaxNode> cond = n.child("condition");
        if (s != null && cond.isPresent()) {
            eval(cond.get(), s);
        }
        State[] tf = cond.isPresent() ? branch(cond.get(), s) : new State[] {s == null ? null : s.copy(), s};
        State then = tf[0];
        if (consequence != null) {
            then = stmt(consequence, then);
        }
        State other = tf[1];
        if (alternative != null) {
            if (alternative.is("else_clause")) {
                for (SyntaxNode c : alternative.children()) {
                    if (c.isNamed()) {
                        other = stmt(c, other);
                    }
                }
            } else {
                other = stmt(alternative, other);
            }
        }
        return join(then, other, n);
    }

    /**
     * The two states after testing {@code cond} (already evaluated on {@code s}): each with the
     * condition's guard on its path and what the test says about NULL-tested places; null for
     * a side no execution reaches.
     */
    private State[] branch(SyntaxNode cond, State s) {
        if (s == null) {
            return new State[] {null, null};
        }
        Guard g = guardOf(cond);
        State t = new State(s.values, s.path.and(g));
        State f = new State(s.values, s.path.and(g.negate()));
        boolean tOk = facts(cond, true, t, true);
        boolean fOk = facts(cond, false, f, true);
        return new State[] {tOk && !t.path.infeasible() ? t : null, fOk && !f.path.infeasible() ? f : null};
    }

    /**
     * Applies what {@code c} being {@code truth} says: guards of the parts of a conjunction that
     * all hold (or of a disjunction that all fail), and NULL or non-NULL for tested places.
     *
     * @return false when no execution makes {@code c} {@code truth} (every value the tested
     *     place may hold contradicts it)
     */
    private boolean facts(SyntaxNode cond, boolean truth, State s, boolean top) {
        budget.spend(1);
        SyntaxNode c = Statements.stripCondition(cond);
        if (!top) {
            s.path = s.path.and(truth ? guardOf(c) : guardOf(c).negate());
        }
        if (c.is("unary_expression") && operator(c).equals("!") && c.child("argument").isPresent()) {
            return facts(c.child("argument").get(), !truth, s, false);
        }
        if (c.is("binary_expression")) {
            String op = operator(c);
            SyntaxNode l = c.child("left").orElse(null);
            SyntaxNode r = c.child("right").orElse(null);
            if (l == null || r == null) {
                return true;
            }
            if (op.equals("&&") && truth || op.equals("||") && !truth) {
                return facts(l, truth, s, false) & facts(r, truth, s, false);
            }
            if (op.equals("==") || op.equals("!=")) {
                boolean eq = op.equals("==") == truth;
                if (isNullConstant(r)) {
                    return nullFact(l, eq, s);
                }
                if (isNullConstant(l)) {
                    return nullFact(r, eq, s);
                }
            }
            return true;
        }
        if (c.is("identifier") || c.is("field_expression") || c.is("subscript_expression")
                || c.is("pointer_expression") && operator(c).equals("*")) {
            return nullFact(c, !truth, s);
        }
        if (c.is("assignment_expression") && operator(c).equals("=")) {
            return c.child("left").map(x -> nullFact(x, !truth, s)).orElse(true);
        }
        if (c.is("call_expression") && !truth && CSyntax.calleeName(c).filter("IS_ERR_OR_NULL"::equals).isPresent()
                && CSyntax.arguments(c).size() == 1) {
            return nullFact(CSyntax.arguments(c).getFirst(), false, s);
        }
        // IS_ERR(p) holds: p is an error pointer, which like NULL is no memory to free or return
        // ('if (IS_ERR(fspath)) return (void *)fspath;' hands on no allocation)
        if (c.is("call_expression") && truth && CSyntax.calleeName(c).filter(n -> n.equals("IS_ERR")
                || n.equals("IS_ERR_OR_NULL")).isPresent() && CSyntax.arguments(c).size() == 1) {
            return nullFact(CSyntax.arguments(c).getFirst(), true, s);
        }
        return true;
    }

    private static boolean isNullConstant(SyntaxNode n) {
        SyntaxNode v = CSyntax.unwrap(n);
        String t = v.text();
        return t.equals("NULL") || t.equals("0") || v.is("null");
    }

    /** The tested lvalue holds NULL ({@code isNull}) or not: refine its value and the path. */
    private boolean nullFact(SyntaxNode lvalue, boolean isNull, State s) {
        SyntaxNode target = CSyntax.unwrap(lvalue);
        if (target.is("assignment_expression")) {
            target = target.child("left").orElse(target);
        }
        Optional<Place> p = placeOf(target);
        if (p.isEmpty()) {
            return true;
        }
        String key = key(p.get());
        Value v = lookup(key, p.get(), s);
        Value refined = refine(v, isNull, s);
        if (refined == null) {
            return false;
        }
        if (relevant.contains(key) && !key.contains("[]")) {
            s.values = s.values.put(idOf(key, p.get()), refined);
        }
        return true;
    }

    /**
     * {@code v} known to be NULL or not: what the place holds then (null when no origin fits),
     * with the path extended by the result of the call(s) that may have produced it.
     */
    private Value refine(Value v, boolean isNull, State s) {
        List<Integer> fits = new ArrayList<>(v.origins.length);
        for (int i = 0; i < v.origins.length; i++) {
            Origin o = v.origins[i];
            int site = Origin.site(o);
            boolean ok;
            if (o instanceof Origin.Null) {
                ok = isNull;
            } else if (site >= 0) {
                Cond c = v.conds[i];
                ok = isNull ? !c.sawNonNull(site) : c.resultOf(site).filter(r -> r.certain() && r.isNull()).isEmpty();
            } else {
                ok = true;
            }
            if (ok) {
                fits.add(i);
            }
        }
        if (fits.isEmpty()) {
            return null;
        }
        if (fits.size() == 1) {
            int i = fits.getFirst();
            Cond c = v.conds[i];
            Atom.Result r = result(v.origins[i], isNull, true);
            if (r != null) {
                c = c.and(r);
            }
            s.path = s.path.and(c);
            return isNull ? nullFrom(v.origins[i], c) : Value.of(v.origins[i], c);
        }
        Cond common = null;
        List<Origin> os = new ArrayList<>();
        List<Cond> cs = new ArrayList<>();
        for (int i : fits) {
            Atom.Result r = result(v.origins[i], isNull, true);
            Cond c = r == null ? v.conds[i] : v.conds[i].and(r);
            common = common == null ? c : common.intersect(c);
            os.add(v.origins[i]);
            cs.add(c);
        }
        Cond path = s.path.and(common);
        if (isNull) {
            for (int i : fits) {
                Atom.Result r = result(v.origins[i], true, false);
                if (r != null) {
                    path = path.and(r);
                }
            }
        }
        s.path = path;
        if (isNull) {
            List<Origin> nos = new ArrayList<>();
            List<Cond> ncs = new ArrayList<>();
            for (int k = 0; k < os.size(); k++) {
                Value n = nullFrom(os.get(k), cs.get(k));
                int at = nos.indexOf(n.origins[0]);
                if (at < 0) {
                    nos.add(n.origins[0]);
                    ncs.add(n.conds[0]);
                } else {
                    ncs.set(at, ncs.get(at).intersect(n.conds[0]));
                }
            }
            return nos.size() == 1 && nos.getFirst().equals(Origin.NULL) ? Value.NULL : Value.of(nos, ncs);
        }
        return Value.of(os, cs);
    }

    /**
     * The NULL that {@code o} is known to be on this path: still tied to the call that returned
     * it, so that a later NULL test of the place sees that call fail again (an
     * {@code if (p) flags |= KMALLOCED;} between a first try and its fallback).
     */
    private static Value nullFrom(Origin o, Cond c) {
        return switch (o) {
            case Origin.Alloc a -> Value.of(new Origin.Null(a.site(), a.line()), c);
            case Origin.Call k -> Value.of(new Origin.Null(k.site(), k.line()), c);
            case Origin.Null n when n.site() >= 0 -> Value.of(n, c);
            default -> Value.NULL;
        };
    }

    /** "The call behind {@code o} returned NULL (or not)", or null when {@code o} is no call. */
    private static Atom.Result result(Origin o, boolean isNull, boolean certain) {
        return switch (o) {
            case Origin.Alloc a -> new Atom.Result(a.site(), isNull, certain, a.line());
            case Origin.Call c -> new Atom.Result(c.site(), isNull, certain, c.line());
            case Origin.Null n when n.site() >= 0 && isNull -> new Atom.Result(n.site(), true, certain, n.line());
            default -> null;
        };
    }

    private State forLoop(SyntaxNode n, State s) {
        State cur = s;
        Optional<SyntaxNode> init = n.child("initializer");
        if (init.isPresent() && cur != null) {
            if (init.get().is("declaration")) {
                cur = declaration(init.get(), cur);
            } else {
                eval(init.get(), cur);
            }
        }
        return loop(cur, n.child("condition").orElse(null), n.child("update").orElse(null),
                n.child("body").orElse(null));
    }

    /**
     * A loop tested before each iteration (while, for after its initializer, iterator macros).
     * The body is walked from the entry state, then (for a loop not nested too deep, when its back
     * edge changed something) once more from the entry joined with the back edge. The exit is the
     * condition's false side after the last head joined with the back edge, plus every break.
     */
    private State loop(State entry, SyntaxNode cond, SyntaxNode update, SyntaxNode body) {
        if (entry == null && (body == null || !hasLabel(body))) {
            return null;
        }
        loopDepth++;
        try {
            int rounds = loopDepth <= ITERATED_LOOP_DEPTH ? LOOP_ROUNDS : 1;
            State head = entry == null ? null : entry.copy();
            State back = null;
            Jumps j = new Jumps(true);
            for (int round = 0; round < rounds; round++) {
                State inBody = head == null ? null : head.copy();
                if (cond != null && inBody != null) {
                    eval(cond, inBody);
                    inBody = branch(cond, inBody)[0];
                }
                j = new Jumps(true);
                jumps.push(j);
                State out = body == null ? inBody : stmt(body, inBody);
                jumps.pop();
                for (State c : j.continues) {
                    out = join(out, c, body);
                }
                if (update != null && out != null) {
                    eval(update, out);
                }
                back = out;
                State next = join(entry == null ? null : entry.copy(), out == null ? null : out.copy(), body);
                if (sameState(next, head)) {
                    break;
                }
                head = next;
            }
            State exitHead = join(head, back, body);
            State exit = exitHead;
            if (cond != null && exitHead != null) {
                eval(cond, exitHead);
                exit = branch(cond, exitHead)[1];
                if (isTrueConstant(cond)) {
                    exit = null;
                }
            } else if (cond == null && body != null && isInfiniteFor(body)) {
                exit = null;
            }
            for (State b : j.breaks) {
                exit = join(exit, b, body);
            }
            return exit;
        } finally {
            loopDepth--;
        }
    }

    private static boolean isInfiniteFor(SyntaxNode body) {
        return body.parent().filter(p -> p.is("for_statement") && p.child("condition").isEmpty()).isPresent();
    }

    private static boolean hasLabel(SyntaxNode n) {
        return !n.descendants("labeled_statement").isEmpty();
    }

    private State doLoop(SyntaxNode n, State s) {
        SyntaxNode body = n.child("body").orElse(null);
        SyntaxNode cond = n.child("condition").orElse(null);
        loopDepth++;
        try {
            int rounds = isFalseConstant(cond) ? 1 : loopDepth <= ITERATED_LOOP_DEPTH ? LOOP_ROUNDS : 1;
            State head = s == null ? null : s.copy();
            State exit = null;
            Jumps j = new Jumps(true);
            for (int round = 0; round < rounds; round++) {
                j = new Jumps(true);
                jumps.push(j);
                State out = body == null ? head : stmt(body, head == null ? null : head.copy());
                jumps.pop();
                for (State c : j.continues) {
                    out = join(out, c, n);
                }
                State again = null;
                exit = out;
                if (cond != null && out != null) {
                    eval(cond, out);
                    State[] tf = branch(cond, out);
                    again = tf[0];
                    exit = tf[1];
                }
                if (isFalseConstant(cond)) {
                    exit = out;
                    break; // do { ... } while (0)
                }
                State next = join(s == null ? null : s.copy(), again, n);
                if (sameState(next, head)) {
                    break;
                }
                head = next;
            }
            for (State b : j.breaks) {
                exit = join(exit, b, n);
            }
            return exit;
        } finally {
            loopDepth--;
        }
    }

    private static boolean isFalseConstant(SyntaxNode cond) {
        return constant(cond, "0");
    }

    private static boolean isTrueConstant(SyntaxNode cond) {
        return constant(cond, "1") || constant(cond, "true");
    }

    /** {@code (c)}, {@code c} or {@code ((c))} for the constant {@code c}, without building strings for longer conditions. */
    private static boolean constant(SyntaxNode cond, String c) {
        if (cond == null || cond.endByte() - cond.startByte() > 16) {
            return false;
        }
        SyntaxNode n = cond;
        while (n.is("parenthesized_expression") && n.namedChildren().size() == 1) {
            n = n.namedChildren().getFirst();
        }
        return n.children().isEmpty() && n.text().equals(c);
    }

    private State switchStatement(SyntaxNode n, State s) {
        State entry = s;
        Optional<SyntaxNode> cond = n.child("condition");
        if (entry != null && cond.isPresent()) {
            eval(cond.get(), entry);
        }
        Optional<SyntaxNode> body = n.child("body");
        if (body.isEmpty()) {
            return entry;
        }
        Jumps j = new Jumps(false);
        jumps.push(j);
        State cur = null;
        boolean hasDefault = false;
        for (SyntaxNode c : body.get().children()) {
            if (!c.isNamed()) {
                continue;
            }
            if (c.is("case_statement")) {
                cur = join(cur, entry == null ? null : entry.copy(), c);
                if (c.child("value").isEmpty()) {
                    hasDefault = true;
                }
                for (SyntaxNode k : c.children()) {
                    if (k.isNamed() && !"value".equals(k.field())) {
                        cur = stmt(k, cur);
                    }
                }
            } else {
                cur = stmt(c, cur);
            }
        }
        jumps.pop();
        State exit = cur;
        for (State b : j.breaks) {
            exit = join(exit, b, n);
        }
        if (!hasDefault) {
            exit = join(exit, entry == null ? null : entry.copy(), n);
        }
        return exit;
    }

    /**
     * Both sides of an {@code #if}/{@code #ifdef}, as alternatives. {@code completion}: the
     * statement after the {@code #endif} that completes an {@code if} the directive cut in two
     * ({@link #splitIf}); it runs on both sides, as the else branch on the directive's side.
     */
    private State preprocessorIf(SyntaxNode n, State s, SyntaxNode completion) {
        Guard g = preprocessorGuard(n);
        State then = s == null ? null : new State(s.values, s.path.and(g));
        Split cut = completion == null ? null : splitIf(n);
        if (cut == null) {
            then = block(unfielded(n), then);
        } else {
            List<SyntaxNode> before = new ArrayList<>();
            for (SyntaxNode c : unfielded(n)) {
                if (c == cut.ifStatement()) {
                    break;
                }
                before.add(c);
            }
            then = block(before, then);
            SyntaxNode ifs = cut.ifStatement();
            then = cut.elseHalf() ? ifStatement(ifs, then, ifs.child("consequence").orElse(null), completion)
                    : ifStatement(ifs, then, completion, null);
        }
        Optional<SyntaxNode> alt = n.child("alternative");
        State other = s == null ? null : new State(s.values, s.path.and(g.negate()));
        if (alt.isPresent()) {
            other = stmt(alt.get(), other);
        }
        if (completion != null) {
            other = stmt(completion, other);
        }
        return join(then, other, n);
    }

    private static Guard preprocessorGuard(SyntaxNode n) {
        if (n.is("preproc_ifdef") || n.is("preproc_elifdef")) {
            String directive = n.children().isEmpty() ? "" : n.children().getFirst().text();
            String name = n.child("name").map(SyntaxNode::text).orElse("?");
            return Guard.preprocessor("defined(" + name + ")", !directive.contains("ifndef") && !directive.contains("elifndef"),
                    Loc.of(n));
        }
        String text = n.child("condition").map(CSyntax::canonical).orElse("?");
        if (text.startsWith("!") && !text.startsWith("!=")) {
            return Guard.preprocessor(text.substring(1), false, Loc.of(n));
        }
        return Guard.preprocessor(text, true, Loc.of(n));
    }

    // ---------------------------------------------------------------- expressions

    /** The value {@code e} may have; performs its stores on {@code s} and records its calls. */
    private Value eval(SyntaxNode e, State s) {
        budget.spend(1);
        switch (e.type()) {
            case "parenthesized_expression" -> {
                Value last = Value.UNKNOWN;
                for (SyntaxNode c : e.children()) {
                    if (!c.isNamed() || c.is("comment")) {
                        continue;
                    }
                    if (c.is("compound_statement")) {
                        State r = stmt(c, s.copy());
                        if (r != null) {
                            s.set(r);
                        }
                        last = Value.UNKNOWN;
                    } else {
                        last = eval(c, s);
                    }
                }
                return last;
            }
            case "cast_expression" -> {
                return e.child("value").map(v -> eval(v, s)).orElse(Value.UNKNOWN);
            }
            case "assignment_expression" -> {
                SyntaxNode left = e.child("left").orElse(null);
                Value right = e.child("right").map(r -> eval(r, s)).orElse(Value.UNKNOWN);
                boolean plain = operator(e).equals("=");
                if (left != null) {
                    Value stored = plain ? right : Value.UNKNOWN;
                    placeOf(left).ifPresent(p -> store(p, stored, e, s));
                }
                return plain ? right : Value.UNKNOWN;
            }
            case "call_expression" -> {
                return call(e, s);
            }
            case "conditional_expression" -> {
                return conditional(e, s);
            }
            case "binary_expression" -> {
                String op = operator(e);
                Optional<SyntaxNode> l = e.child("left");
                Optional<SyntaxNode> r = e.child("right");
                if (l.isPresent()) {
                    eval(l.get(), s);
                }
                if (op.equals("&&") || op.equals("||")) {
                    if (r.isPresent()) {
                        State right = s.copy();
                        eval(r.get(), right);
                        if (right.values != s.values) {
                            s.set(join(s.copy(), right, e));
                        }
                    }
                } else if (r.isPresent()) {
                    eval(r.get(), s);
                }
                return Value.UNKNOWN;
            }
            case "comma_expression" -> {
                e.child("left").ifPresent(l -> eval(l, s));
                return e.child("right").map(r -> eval(r, s)).orElse(Value.UNKNOWN);
            }
            case "unary_expression" -> {
                e.child("argument").ifPresent(a -> eval(a, s));
                return Value.UNKNOWN;
            }
            case "update_expression" -> {
                e.child("argument").flatMap(this::placeOf).ifPresent(p -> store(p, Value.UNKNOWN, e, s));
                return Value.UNKNOWN;
            }
            case "pointer_expression" -> {
                if (operator(e).equals("*")) {
                    return read(e, s);
                }
                e.child("argument").ifPresent(a -> evalSubexpressions(a, s));
                return Value.UNKNOWN;
            }
            case "identifier" -> {
                if (e.endByte() - e.startByte() == 4 && e.text().equals("NULL")) {
                    return Value.NULL;
                }
                return read(e, s);
            }
            case "field_expression", "subscript_expression" -> {
                evalSubexpressions(e, s);
                return read(e, s);
            }
            case "null" -> {
                return Value.NULL;
            }
            case "number_literal" -> {
                return e.text().equals("0") ? Value.NULL : Value.UNKNOWN;
            }
            case "sizeof_expression", "alignof_expression", "offsetof_expression", "string_literal", "char_literal",
                 "concatenated_string", "true", "false", "comment" -> {
                return Value.UNKNOWN;
            }
            default -> {
                for (SyntaxNode c : e.children()) {
                    if (!c.isNamed()) {
                        continue;
                    }
                    if (c.is("compound_statement")) {
                        State r = stmt(c, s.copy());
                        if (r != null) {
                            s.set(r);
                        }
                    } else {
                        eval(c, s);
                    }
                }
                return Value.UNKNOWN;
            }
        }
    }

    /** Calls inside an lvalue's base or index ({@code f(x)->buf}, {@code a[g(i)]}) still run. */
    private void evalSubexpressions(SyntaxNode lvalue, State s) {
        SyntaxNode n = lvalue;
        for (int depth = 0; depth < 256 && n != null; depth++) {
            if (n.is("subscript_expression")) {
                n.child("index").ifPresent(i -> {
                    if (!i.is("identifier") && !i.is("number_literal")) {
                        eval(i, s);
                    }
                });
                n = n.child("argument").orElse(null);
            } else if (n.is("field_expression")) {
                n = n.child("argument").orElse(null);
            } else if (n.is("parenthesized_expression") && n.namedChildren().size() == 1) {
                n = n.namedChildren().getFirst();
            } else {
                if (n.is("call_expression")) {
                    eval(n, s);
                }
                return;
            }
        }
    }

    /** {@code c ? a : b}, and GNU {@code a ?: b} (a when it is not NULL, else b). */
    private Value conditional(SyntaxNode e, State s) {
        Optional<SyntaxNode> cond = e.child("condition");
        Value vc = cond.map(x -> eval(x, s)).orElse(Value.UNKNOWN);
        Optional<SyntaxNode> consequence = e.child("consequence");
        State a;
        State b;
        Value va;
        if (consequence.isEmpty()) {
            // a ?: b -- the condition's own value when it is not NULL
            a = s.copy();
            b = s.copy();
            va = refine(vc, false, a);
            if (refine(vc, true, b) == null) {
                b = null;
            }
            if (va == null) {
                a = null;
                va = Value.UNKNOWN;
            }
        } else {
            State[] tf = cond.isPresent() ? branch(cond.get(), s) : new State[] {s.copy(), s.copy()};
            a = tf[0];
            b = tf[1];
            va = a == null ? null : eval(consequence.get(), a);
        }
        State other = b;
        Value vb = b == null ? null : e.child("alternative").map(x -> eval(x, other)).orElse(Value.UNKNOWN);
        State joined = join(a, b, e);
        if (joined != null) {
            s.set(joined);
        }
        if (va == null || a == null) {
            return vb == null ? Value.UNKNOWN : vb;
        }
        if (vb == null) {
            return va;
        }
        return joinValues(va, a.path.minus(b.path), vb, b.path.minus(a.path));
    }

    private static final Set<String> NULLISH = Set.of("ERR_PTR", "ERR_CAST", "IOMEM_ERR_PTR");

    private Value call(SyntaxNode e, State s) {
        Optional<String> callee = CSyntax.calleeName(e);
        List<SyntaxNode> args = CSyntax.arguments(e);
        if (callee.isEmpty()) {
            e.child("function").ifPresent(f -> eval(f, s));
        }
        List<Value> values = new ArrayList<>(args.size());
        for (SyntaxNode a : args) {
            values.add(eval(a, s));
        }
        CallSite table = tableCalls.get(e);
        boolean record = table != null ? table.api().isFree() || table.api().role() == ApiFunction.Role.REALLOC
                : callee.isPresent() && (callees == null || wanted(callee.get()) || passesParam(values));
        if (record) {
            UseAcc u = uses.get(e);
            if (u == null) {
                uses.put(e, new UseAcc(e, callee.get(), table, new ArrayList<>(values), s.path));
            } else {
                for (int i = 0; i < values.size() && i < u.args.size(); i++) {
                    u.args.set(i, joinValues(u.args.get(i), Cond.TRUE, values.get(i), Cond.TRUE));
                }
                u.path = u.path.intersect(s.path);
            }
        }
        // a freed value is gone: what the place holds afterwards must not be freed again
        if (table != null && table.api().isFree() && !args.isEmpty()) {
            placeOf(CSyntax.unwrap(args.getFirst())).ifPresent(p -> consume(p, s));
        }
        // out-parameters: foo(&p) may store anything into p; what a function of the scan stores
        // there is resolved through its summary (FunctionSummary.outputs)
        for (int i = 0; i < args.size(); i++) {
            SyntaxNode bare = CSyntax.unwrap(args.get(i));
            if (bare.is("pointer_expression") && operator(bare).equals("&")) {
                boolean priorSet = bare.child("argument").map(x -> holdsMemory(read(x, s))).orElse(false);
                Value out = table == null && callee.isPresent()
                        ? Value.of(new Origin.Output(e.startByte(), callee.get(), i, Loc.of(e), s.path.guards(), priorSet),
                                s.path)
                        : Value.UNKNOWN;
                bare.child("argument").flatMap(this::placeOf).ifPresent(p -> store(p, out, bare, s));
            }
        }
        if (table == null && resultUnused(e)) {
            return Value.UNKNOWN; // "foo(x);": no value to track (most calls: no origin, no Loc, no guards list)
        }
        if (table != null && table.api().isAllocation() || callee.isPresent() && table == null) {
            callNodes.putIfAbsent(e.startByte(), e);
        }
        if (table != null && table.api().isAllocation()) {
            return Value.of(new Origin.Alloc(e.startByte(), table.api().name(), table.api().family(), Loc.of(e),
                    s.path.guards()), s.path);
        }
        if (callee.isPresent() && NULLISH.contains(callee.get())) {
            return Value.NULL;
        }
        if (callee.isPresent() && table == null) {
            return Value.of(new Origin.Call(e.startByte(), callee.get(), Loc.of(e), s.path.guards()), s.path);
        }
        return Value.UNKNOWN;
    }

    /**
     * A call whose value nobody reads: a statement of its own ({@code foo(x);}), maybe cast to
     * void; not the last statement of a {@code ({ ... })} macro body, whose value the macro yields.
     */
    private boolean resultUnused(SyntaxNode call) {
        SyntaxNode p = call.parentOrNull();
        while (p != null && (p.is("parenthesized_expression") || p.is("cast_expression"))) {
            p = p.parentOrNull();
        }
        return p != null && p.is("expression_statement") && p != macroValue;
    }

    /** Does the value hold memory from somewhere (not only NULL or an unknown, e.g. uninitialised, value)? */
    private static boolean holdsMemory(Value v) {
        for (Origin o : v.origins) {
            if (!(o instanceof Origin.Null) && !(o instanceof Origin.Unknown)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passesParam(List<Value> values) {
        for (Value v : values) {
            for (Origin o : v.origins) {
                if (o instanceof Origin.Param) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<Place> placeOf(SyntaxNode n) {
        Optional<Place> p = placeCache.get(n);
        if (p == null) {
            p = Place.of(n, scope);
            placeCache.put(n, p);
        }
        return p;
    }

    private Value read(SyntaxNode lvalue, State s) {
        if (lvalue.is("identifier") && !relevant.contains(lvalue.text())) {
            return Value.UNKNOWN; // nobody observes it
        }
        Optional<Place> p = placeOf(lvalue);
        if (p.isEmpty()) {
            return Value.UNKNOWN;
        }
        return lookup(key(p.get()), p.get(), s);
    }

    private Value lookup(String key, Place p, State s) {
        Integer id = ids.get(key);
        Value v = id == null ? null : s.values.get(id);
        return v != null ? v : defaultOf(p);
    }

    private Value defaultOf(Place p) {
        return switch (p) {
            case Place.Local l -> {
                int i = params.indexOf(l.text());
                yield i >= 0 ? Value.of(new Origin.Param(i, l.text()), Cond.TRUE) : Value.UNKNOWN;
            }
            case Place.Global g -> Value.of(new Origin.Entry(g), Cond.TRUE);
            case Place.Field f -> Value.of(new Origin.Entry(f), Cond.TRUE);
        };
    }

    private void store(Place p, Value value, SyntaxNode at, State s) {
        String key = key(p);
        boolean weak = key.contains("[]");
        if (!weak) {
            for (String child : children.getOrDefault(key, List.of())) {
                Integer id = ids.get(child);
                if (id != null) {
                    budget.spend(1);
                    s.values = s.values.remove(id);
                }
            }
        }
        if (!relevant.contains(key)) {
            return;
        }
        int id = idOf(key, p);
        Value v = weak ? joinValues(lookup(key, p, s), Cond.TRUE, value, Cond.TRUE) : value;
        s.values = s.values.put(id, v);
        meet(p, key, at, value);
    }

    /** After a free: the place holds nothing that may be freed (weakly for array elements). */
    private void consume(Place p, State s) {
        String key = key(p);
        if (key.contains("[]") || !relevant.contains(key)) {
            return;
        }
        s.values = s.values.put(idOf(key, p), Value.NULL);
    }

    /** The identity of a place inside one function: array elements collapsed. */
    static String key(Place p) {
        return switch (p) {
            case Place.Local l -> l.text();
            case Place.Global g -> g.text();
            case Place.Field f -> f.baseText() + f.chain();
        };
    }

    /**
     * The state after two paths meet at {@code at}: per place the joined value (see
     * {@link #joinValues}), visiting only the places the two states do not share; the path keeps
     * the atoms both sides have, plus, weakly, the allocation results either side saw.
     */
    private State join(State a, State b, SyntaxNode at) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        budget.spend(1);
        Cond sideA = a.path.minus(b.path);
        Cond sideB = b.path.minus(a.path);
        Cond path = a.path.intersect(b.path).and(sideA.weakResultsUnknownTo(b.path)).and(sideB.weakResultsUnknownTo(a.path));
        if (a.values == b.values) {
            return new State(a.values, path);
        }
        PersistentMap<Value>[] out = new PersistentMap[] {a.values};
        PersistentMap.differences(a.values, b.values, (k, va, vb) -> {
            budget.spend(1);
            Place p = placeOfId.get(k);
            Value x = va != null ? va : defaultOf(p);
            Value y = vb != null ? vb : defaultOf(p);
            Value j = joinValues(x, sideA, y, sideB);
            out[0] = out[0].put(k, j);
            meet(p, keyOf.get(k), at, j);
        });
        return new State(out[0], path);
    }

    private static boolean sameState(State a, State b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.values.sameAs(b.values);
    }

    private static String operator(SyntaxNode n) {
        return n.child("operator").map(SyntaxNode::text).orElse("");
    }
}
