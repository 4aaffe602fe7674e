package org.kvlint.facts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Pointer identity across the functions of one file: every allocation stored into a place and
 * every free of a place, so a rule (or a fix) can ask "where is this memory freed?" and "where
 * may the memory freed here come from?".
 *
 * <p>Inside a function the answer is flow-sensitive ({@link FunctionFlow}): a free sees the
 * stores that reach it on some path (through {@code goto} error paths, loops and both
 * {@code #ifdef} branches, never one branch into the other), and copies ({@code priv->buf = buf})
 * carry the allocation along. A place the function did not store before the free (a struct field
 * allocated in {@code foo_probe()} and freed in {@code foo_remove()}) gets every store to the same
 * place ({@link Place#same}) anywhere in the file. Branch conditions prune impossible pairs
 * ({@code size > PAGE_SIZE} allocation vs a free under {@code size <= PAGE_SIZE}).
 */
public final class PointerFacts {
    private final List<AllocSite> allocations;
    private final List<FreeSite> frees;
    private final List<FunctionFlow> flows;
    private final Map<SyntaxNode, FunctionFlow> flowOfUnit;
    private final Map<SyntaxNode, FunctionFlow.Use> uses;
    private final List<FunctionFlow.Store> stores;
    private final List<FunctionSummary> summaries;
    private final Map<SyntaxNode, CallSite> tableCalls;
    private final Map<Integer, CallSite> tableById = new HashMap<>();
    private final Map<SyntaxNode, AllocSite> allocByCall = new IdentityHashMap<>();
    private final String file;
    /** Computed on first use: an extraction followed by another (more items parsed) is asked only for summaries. */
    private volatile ForRules forRules;
    private final List<Problem> problems;
    private final List<FunctionFacts> functionFacts;

    /**
     * A function whose analysis did not finish: its work budget ran out, or it met something
     * kvlint could not handle. Nothing is reported inside it; the rest of the file is.
     *
     * @param function the function's name, or "" for a region kvlint could not name
     * @param line 1-based line where it starts
     * @param reason what happened, lowercase
     * @param unit the function's node (rules skip what lies inside)
     */
    public record Problem(String function, int line, String reason, SyntaxNode unit) {
        /** One diagnostic line: "f() at line 12 not analysed: work budget of ... steps exhausted". */
        public String message() {
            return (function.isEmpty() ? "code" : function + "()") + " at line " + line + " not analysed: " + reason;
        }
    }

    private PointerFacts(List<AllocSite> allocations, List<FreeSite> frees, List<FunctionFlow> flows,
                         Map<SyntaxNode, FunctionFlow> flowOfUnit, Map<SyntaxNode, CallSite> tableCalls, String file,
                         List<Problem> problems) {
        this.problems = problems;
        this.functionFacts = flows.stream().map(FunctionFlow::facts).toList();
        this.allocations = allocations;
        tableCalls.values().forEach(c -> tableById.put(c.call().startByte(), c));
        allocations.forEach(a -> allocByCall.put(a.call().call(), a));
        this.frees = frees;
        this.flows = flows;
        this.flowOfUnit = flowOfUnit;
        this.tableCalls = tableCalls;
        this.file = file;
        Map<SyntaxNode, FunctionFlow.Use> u = new IdentityHashMap<>();
        List<FunctionFlow.Store> st = new ArrayList<>();
        List<FunctionSummary> sums = new ArrayList<>();
        for (FunctionFlow f : flows) {
            u.putAll(f.uses());
            st.addAll(f.exits());
            FunctionSummary.of(f, file).ifPresent(sums::add);
        }
        this.uses = u;
        this.stores = List.copyOf(st);
        this.summaries = List.copyOf(sums);
    }

    /**
     * What the rules read beside the summaries: open-coded kvfree() choices, the recorded calls as
     * plain facts, the kvmalloc-family allocations. Pure functions of the flows; an immutable value.
     */
    private record ForRules(List<FreeChoice> choices, Set<Integer> chosenFrees, List<FreeFact> releases,
                            Map<Integer, FreeFact> releaseById, List<KvAllocFact> kvAllocations) {}

    private ForRules forRules() {
        ForRules r = forRules;
        if (r == null) {
            r = computeForRules();
            forRules = r; // a race computes the same value twice
        }
        return r;
    }

    private ForRules computeForRules() {
        List<FreeChoice> choices = FreeChoices.of(flows, frees);
        Set<Integer> chosenFrees = new HashSet<>();
        for (FreeChoice c : choices) {
            chosenFrees.add(c.kfree());
            chosenFrees.add(c.vfree());
        }
        List<FreeFact> releases = FreeFacts.of(flows);
        List<KvAllocFact> kv = new ArrayList<>();
        Map<SyntaxNode, Boolean> locks = new IdentityHashMap<>();
        for (CallSite c : tableCalls.values()) {
            if (c.api().family() == Family.KV && c.api().isAllocation()) {
                SyntaxNode unit = flowOf(c.call()).map(FunctionFlow::unit).orElse(null);
                boolean mayBeAtomic = unit == null || locks.computeIfAbsent(unit, FreeFacts::mayHaveAtomicSections);
                kv.add(KvAllocFact.of(c, mayBeAtomic));
            }
        }
        kv.sort(java.util.Comparator.comparingInt(KvAllocFact::id));
        Map<Integer, FreeFact> releaseById = new HashMap<>();
        releases.forEach(r -> releaseById.put(r.id(), r));
        return new ForRules(choices, Set.copyOf(chosenFrees), releases, Map.copyOf(releaseById), List.copyOf(kv));
    }

    /** Every kvmalloc-family allocation call, in source order (KV006, KV007). */
    public List<KvAllocFact> kvAllocations() {
        return forRules().kvAllocations();
    }

    /** Every call the flow recorded (frees, reallocs, calls of other functions), as plain facts, in source order. */
    public List<FreeFact> releases() {
        return forRules().releases();
    }

    /** The recorded call starting at byte {@code id}. */
    public Optional<FreeFact> release(int id) {
        return Optional.ofNullable(forRules().releaseById().get(id));
    }

    /** Open-coded kvfree(): kfree() and vfree() of one place under exclusive conditions ({@link FreeChoices}). */
    public List<FreeChoice> choices() {
        return forRules().choices();
    }

    /** Is the free starting at byte {@code id} one of the two of a {@link FreeChoice}? Then the code picks it on purpose. */
    public boolean isChoiceArm(int id) {
        return forRules().chosenFrees().contains(id);
    }

    /** For tests and callers without a tree: the calls' own tree is found from the calls. */
    static PointerFacts of(List<CallSite> calls, List<Assignment> assignments) {
        SyntaxNode root = calls.isEmpty() ? null : rootOf(calls.getFirst().call());
        return of(root, calls, assignments, "");
    }

    static PointerFacts of(SyntaxNode root, List<CallSite> calls, List<Assignment> assignments, String file) {
        return of(root, calls, assignments, file, null);
    }

    /**
     * @param callees names of functions defined elsewhere whose calls may free their arguments
     *     (from the scan's summaries), or null to record every call; the file's own functions
     *     are always added
     */
    static PointerFacts of(SyntaxNode root, List<CallSite> calls, List<Assignment> assignments, String file,
                           Set<String> callees) {
        return of(root, calls, assignments, file, callees, Budget::forNodes, null);
    }

    /** As above, with the flows of an earlier extraction of the same file that still hold ({@code memo} may be null). */
    static PointerFacts of(SyntaxNode root, List<CallSite> calls, List<Assignment> assignments, String file,
                           Set<String> callees, FlowMemo memo) {
        return of(root, calls, assignments, file, callees, Budget::forNodes, memo);
    }

    static PointerFacts of(SyntaxNode root, List<CallSite> calls, List<Assignment> assignments, String file,
                           Set<String> callees, java.util.function.LongFunction<Budget> budgetFor) {
        return of(root, calls, assignments, file, callees, budgetFor, null);
    }

    /** As above, each function under the budget {@code budgetFor} gives its node count (tests shrink it). */
    private static PointerFacts of(SyntaxNode root, List<CallSite> calls, List<Assignment> assignments, String file,
                                   Set<String> callees, java.util.function.LongFunction<Budget> budgetFor,
                                   FlowMemo memo) {
        Map<SyntaxNode, CallSite> tableCalls = new IdentityHashMap<>();
        for (CallSite c : calls) {
            tableCalls.put(c.call(), c);
        }
        List<SyntaxNode> units = root == null ? List.of() : FunctionFlow.units(root);
        Map<SyntaxNode, Scope> scopes = new IdentityHashMap<>();
        if (memo != null) {
            for (SyntaxNode unit : units) {
                Scope kept = memo.scope(unit);
                if (kept != null) {
                    scopes.put(unit, kept);
                }
            }
        }
        List<AllocSite> allocs = new ArrayList<>();
        Map<SyntaxNode, AllocSite> allocByCall = new IdentityHashMap<>();
        for (Assignment a : assignments) {
            if (!a.call().api().isAllocation()) {
                continue;
            }
            Scope scope = scopes.computeIfAbsent(unitOf(a.store(), units, root), Scope::of);
            Place.ofStore(a.store(), a.target(), scope).ifPresent(p -> {
                AllocSite site = new AllocSite(a, p);
                allocs.add(site);
                allocByCall.put(a.call().call(), site);
            });
        }
        List<FreeSite> frees = new ArrayList<>();
        for (CallSite c : calls) {
            if (!c.api().isFree() || c.args().isEmpty()) {
                continue;
            }
            SyntaxNode arg = c.args().getFirst();
            SyntaxNode bare = CSyntax.unwrap(arg);
            Scope scope = scopes.computeIfAbsent(unitOf(c.call(), units, root), Scope::of);
            frees.add(new FreeSite(c, arg, Place.of(bare, scope)));
        }
        Set<String> wanted = null;
        if (callees != null) {
            Set<String> names = new HashSet<>(callees);
            for (SyntaxNode unit : units) {
                FunctionFlow.nameOf(unit).ifPresent(names::add);
            }
            wanted = Set.copyOf(names);
        }
        List<FunctionFlow> flows = new ArrayList<>();
        Map<SyntaxNode, FunctionFlow> flowOfUnit = new IdentityHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (SyntaxNode unit : units) {
            Scope scope = scopes.computeIfAbsent(unit, Scope::of);
            FlowMemo.Kept kept = memo == null ? null : memo.reusable(unit, wanted);
            FunctionFlow f;
            Problem problem = null;
            if (kept != null) {
                f = kept.flow();
                problem = kept.problem();
            } else {
                try {
                    f = FunctionFlow.analyse(unit, scope, tableCalls, allocByCall, wanted, budgetFor);
                } catch (Budget.Exhausted e) {
                    problem = problem(unit, e.getMessage());
                    f = FunctionFlow.empty(unit, scope, e.getMessage());
                } catch (RuntimeException | StackOverflowError e) {
                    problem = problem(unit, "internal error: " + e);
                    f = FunctionFlow.empty(unit, scope, "internal error: " + e);
                }
                if (memo != null) {
                    memo.keep(unit, f, problem, wanted);
                }
            }
            if (problem != null) {
                problems.add(problem);
            }
            flows.add(f);
            flowOfUnit.put(unit, f);
        }
        return new PointerFacts(List.copyOf(allocs), List.copyOf(frees), List.copyOf(flows), flowOfUnit, tableCalls, file,
                List.copyOf(problems));
    }

    private static Problem problem(SyntaxNode unit, String reason) {
        return new Problem(FunctionFlow.nameOf(unit).orElse(""), unit.startRow() + 1, reason, unit);
    }

    /** The plain facts of every unit, in source order. */
    public List<FunctionFacts> functions() {
        return functionFacts;
    }

    /** Functions whose analysis did not finish, in source order. */
    public List<Problem> problems() {
        return problems;
    }

    /** Is {@code n} inside a function whose analysis did not finish? Rules report nothing there. */
    public boolean failed(SyntaxNode n) {
        for (Problem p : problems) {
            if (p.unit().contains(n)) {
                return true;
            }
        }
        return false;
    }

    private static SyntaxNode rootOf(SyntaxNode n) {
        SyntaxNode r = n;
        while (r.parent().isPresent()) {
            r = r.parent().get();
        }
        return r;
    }

    /** The outermost unit containing {@code n}, or its top-level item. */
    private static SyntaxNode unitOf(SyntaxNode n, List<SyntaxNode> units, SyntaxNode root) {
        // units do not nest and are in source order: a binary search by position, not a climb
        // through every ancestor (deeply nested code made that O(depth) per site)
        SyntaxNode found = containing(units, n);
        return found != null ? found : root == null ? n : containingOrSelf(root.children(), n);
    }

    private static SyntaxNode containing(List<SyntaxNode> sorted, SyntaxNode n) {
        int lo = 0;
        int hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            SyntaxNode u = sorted.get(mid);
            if (u.endByte() <= n.startByte()) {
                lo = mid + 1;
            } else if (u.startByte() > n.startByte()) {
                hi = mid - 1;
            } else {
                return u.contains(n) ? u : null;
            }
        }
        return null;
    }

    private static SyntaxNode containingOrSelf(List<SyntaxNode> items, SyntaxNode n) {
        SyntaxNode c = containing(items, n);
        return c != null ? c : n;
    }

    public List<AllocSite> allocations() {
        return allocations;
    }

    public List<FreeSite> frees() {
        return frees;
    }

    /** The flow of every function-like unit of the file. */
    public List<FunctionFlow> flows() {
        return flows;
    }

    /** Summaries of this file's named functions (what they return, which parameters they free). */
    public List<FunctionSummary> summaries() {
        return summaries;
    }

    /** The flow of the function containing {@code n}. */
    public Optional<FunctionFlow> flowOf(SyntaxNode n) {
        for (SyntaxNode p = n; p != null; p = p.parentOrNull()) {
            FunctionFlow f = flowOfUnit.get(p);
            if (f != null) {
                // keep climbing: the outermost unit wins (units never nest, but be safe)
                FunctionFlow outer = f;
                for (SyntaxNode q = p.parentOrNull(); q != null; q = q.parentOrNull()) {
                    FunctionFlow g = flowOfUnit.get(q);
                    if (g != null) {
                        outer = g;
                    }
                }
                return Optional.of(outer);
            }
        }
        return Optional.empty();
    }

    /** The recorded arguments of a call (free, realloc, or a call of a non-table function). */
    public Optional<FunctionFlow.Use> use(SyntaxNode call) {
        return Optional.ofNullable(uses.get(call));
    }

    /** The place an lvalue denotes, seen from the function it is in. */
    public Optional<Place> placeOf(SyntaxNode lvalue) {
        SyntaxNode bare = CSyntax.unwrap(lvalue);
        Scope scope = flowOf(bare).map(FunctionFlow::scope).orElseGet(() -> Scope.around(bare));
        return Place.of(bare, scope);
    }

    /** The node of the call at {@code site} (its start byte) that some function's value flow saw. */
    public Optional<SyntaxNode> callNode(int site) {
        CallSite t = tableById.get(site);
        if (t != null) {
            return Optional.of(t.call());
        }
        for (FunctionFlow f : flows) {
            Optional<SyntaxNode> n = f.callNode(site);
            if (n.isPresent()) {
                return n;
            }
        }
        return Optional.empty();
    }

    /** The stored allocation whose call is {@code call}, if any. */
    public Optional<AllocSite> allocationAt(SyntaxNode call) {
        return Optional.ofNullable(allocByCall.get(call));
    }

    /** The table call whose start byte is {@code site}, if any. */
    public Optional<CallSite> tableCall(int site) {
        return Optional.ofNullable(tableById.get(site));
    }

    /** The table call at {@code call}, if it is one. */
    public Optional<CallSite> tableCall(SyntaxNode call) {
        return Optional.ofNullable(tableCalls.get(call));
    }

    /** The families a table free releases correctly on a kernel. */
    public static Set<Family> correctFamilies(ApiFunction free, KernelVersion kernel) {
        Set<Family> out = EnumSet.noneOf(Family.class);
        for (Family f : Family.values()) {
            if (free.freesCorrectly(f, kernel)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Store sites of places that outlive their function, for tests. */
    List<FunctionFlow.Store> stores() {
        return stores;
    }
}
