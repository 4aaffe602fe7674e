package org.kvlint.facts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * Reaching definitions of pointer places inside one function (or one top-level region standing
 * for a function): for every free, realloc and function call, which values its arguments may
 * hold; for every struct field or file-scope variable it writes, what it leaves there when it
 * returns (a value freed on the way out is gone); for every {@code return}, what is returned.
 * Only places whose value some use can observe are tracked (see {@code computeRelevant}).
 *
 * <p>The walk follows the syntax: sequences, {@code if}/{@code else}, {@code ?:}, {@code &&}/{@code ||},
 * loops (iterated to a fixed point), {@code switch}, {@code goto} and labels (the whole body is
 * re-walked until the label states are stable), {@code return}, and both branches of
 * {@code #if}/{@code #ifdef}/{@code #else} (alternatives, never one after the other). Anything it
 * does not know (ERROR regions, statement macros) is walked as a sequence of its children.
 * Iterator macros ({@code list_for_each_entry(...) { ... }}) are loops. Branch conditions are kept
 * as {@link Guard}s, so a value stored under {@code size > PAGE_SIZE} does not reach a free under
 * {@code !(size > PAGE_SIZE)}; and {@code if (!p)} means {@code p} is NULL in its then-branch.
 */
public final class FunctionFlow {
    private static final int MAX_LOOP_ROUNDS = 4;
    private static final int MAX_LABEL_ROUNDS = 6;

    /**
     * A call's arguments, as the values they may hold.
     *
     * @param call the call_expression
     * @param callee the called name
     * @param table the allocator-table row when the callee is in the table, else null
     * @param args per argument, the origins its value may have
     * @param guards branch conditions around the call
     */
    public record Use(SyntaxNode call, String callee, CallSite table, List<Set<Origin>> args, List<Guard> guards) {
        public Set<Origin> arg(int i) {
            return i < args.size() ? args.get(i) : Set.of();
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
    /** Place keys whose values some use can observe; stores to other keys are not tracked. */
    private final Set<String> relevant = new HashSet<>();
    private final Map<SyntaxNode, Guard> guardCache = new IdentityHashMap<>();

    private final Map<SyntaxNode, Use> uses = new LinkedHashMap<>();
    private final Map<SyntaxNode, Set<Origin>> returns = new LinkedHashMap<>();
    private final Map<String, Set<Origin>> exits = new LinkedHashMap<>();
    private final Map<String, Place> keyPlaces = new HashMap<>();
    private final Map<String, State> labels = new HashMap<>();
    /** Guards of the enclosing if/else, ?: and #if branches, innermost first. */
    private final Deque<Guard> guards = new ArrayDeque<>();
    /**
     * Per enclosing block, the guards of earlier early exits ({@code if (!p) return;} makes
     * {@code p} true below it); a label clears them all, since a goto may come from anywhere.
     */
    private final Deque<List<Guard>> exitGuards = new ArrayDeque<>();
    private final Deque<Jumps> jumps = new ArrayDeque<>();

    private FunctionFlow(SyntaxNode unit, Scope scope, Map<SyntaxNode, CallSite> tableCalls,
                         Map<SyntaxNode, AllocSite> allocSites, Set<String> callees) {
        this.callees = callees;
        this.unit = unit;
        this.scope = scope;
        this.tableCalls = tableCalls;
        this.allocSites = allocSites;
        Optional<SyntaxNode> declarator = functionDeclarator(unit);
        this.name = declarator.flatMap(d -> d.child("declarator")).filter(d -> d.is("identifier"))
                .map(SyntaxNode::text).orElse(null);
        // a macro body (MacroBodies): the macro's parameters; visible in its file only, or
        // wherever its header is included (FunctionSummary.inHeader)
        this.params = MacroBodies.parameters(unit)
                .orElseGet(() -> declarator.map(FunctionFlow::parameterNames).orElse(List.of()));
        this.isStatic = MacroBodies.isMacroUnit(unit) || isStatic(unit);
        this.macroValue = MacroBodies.valueStatement(unit).orElse(null);
    }

    /**
     * Analyses one function-like unit (see {@link #units}).
     *
     * @param callees names of non-table functions whose arguments are worth recording (helpers
     *     that may free them), or null for every function; calls that pass a parameter on are
     *     recorded anyway (for the function's summary)
     */
    static FunctionFlow analyse(SyntaxNode unit, Scope scope, Map<SyntaxNode, CallSite> tableCalls,
                                Map<SyntaxNode, AllocSite> allocSites, Set<String> callees) {
        FunctionFlow f = new FunctionFlow(unit, scope, tableCalls, allocSites, callees);
        f.run();
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

    public Map<SyntaxNode, Use> uses() {
        return uses;
    }

    public Map<SyntaxNode, Set<Origin>> returns() {
        return returns;
    }

    /**
     * What the function leaves in struct fields and file-scope variables it writes, on every
     * way out ({@code return} or the end of the body): a value freed before the exit is gone.
     * This is what another function later finds there.
     */
    public List<Store> exits() {
        List<Store> out = new ArrayList<>();
        exits.forEach((k, v) -> out.add(new Store(unit, keyPlaces.get(k), v)));
        return out;
    }

    private void recordExit(State s) {
        if (s == null) {
            return;
        }
        s.values.forEach((k, v) -> {
            Place p = keyPlaces.get(k);
            if (p != null && !(p instanceof Place.Local)) {
                exits.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v);
            }
        });
    }

    // ---------------------------------------------------------------- units

    /**
     * The function-like units of a file: every outermost function definition, and every other
     * top-level region (typically an ERROR node standing for a function whose header did not
     * parse) that contains calls but no function definition.
     */
    static List<SyntaxNode> units(SyntaxNode root) {
        List<SyntaxNode> out = new ArrayList<>();
        collectUnits(root, out);
        return out;
    }

    private static void collectUnits(SyntaxNode n, List<SyntaxNode> out) {
        for (SyntaxNode c : n.children()) {
            if (c.is("function_definition")) {
                out.add(c);
            } else if (c.is("translation_unit") || CSyntax.isPreprocBlock(c) || c.is("linkage_specification")
                    || c.is("declaration_list") || hasFunctionDefinition(c)) {
                collectUnits(c, out);
            } else if (!c.children().isEmpty() && !c.descendants("call_expression").isEmpty()) {
                out.add(c);
            }
        }
    }

    private static boolean hasFunctionDefinition(SyntaxNode n) {
        return !n.descendants("function_definition").isEmpty();
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

    // ---------------------------------------------------------------- the walk

    /** Values per place key; a missing key has its default (parameter, entry value, unknown). */
    private static final class State {
        final Map<String, Set<Origin>> values;

        State() {
            values = new HashMap<>();
        }

        State(State o) {
            values = new HashMap<>(o.values);
        }

        void replaceWith(State o) {
            values.clear();
            if (o != null) {
                values.putAll(o.values);
            }
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

    private void run() {
        unit.walk(n -> {
            if (n.is("assignment_expression")) {
                n.child("left").ifPresent(l -> unstable.add(CSyntax.canonical(l)));
            } else if (n.is("update_expression")) {
                n.child("argument").ifPresent(a -> unstable.add(CSyntax.canonical(a)));
            } else if (n.is("pointer_expression") && operator(n).equals("&")) {
                n.child("argument").ifPresent(a -> unstable.add(CSyntax.canonical(a)));
            }
        });
        computeRelevant();
        SyntaxNode body = unit.is("function_definition") ? unit.child("body").orElse(unit) : unit;
        for (int round = 0; round < MAX_LABEL_ROUNDS; round++) {
            Map<String, Map<String, Set<Origin>>> before = snapshotLabels();
            guards.clear();
            exitGuards.clear();
            jumps.clear();
            recordExit(stmt(body, new State()));
            if (before.equals(snapshotLabels())) {
                break;
            }
        }
    }

    /**
     * The keys worth tracking: what is freed, reallocated, passed to a helper, returned or
     * stored in a field or global, and, transitively, what is copied into those.
     */
    private void computeRelevant() {
        List<String> storeKeys = new ArrayList<>();
        List<SyntaxNode> storeValues = new ArrayList<>();
        unit.walk(n -> {
            switch (n.type()) {
                case "call_expression" -> {
                    List<SyntaxNode> args = CSyntax.arguments(n);
                    CallSite table = tableCalls.get(n);
                    Optional<String> name = CSyntax.calleeName(n);
                    if (table != null) {
                        if ((table.api().isFree() || table.api().role() == ApiFunction.Role.REALLOC) && !args.isEmpty()) {
                            addKeys(args.getFirst());
                        }
                    } else if (name.isPresent()) {
                        boolean all = callees == null || callees.contains(name.get());
                        for (SyntaxNode a : args) {
                            SyntaxNode bare = CSyntax.unwrap(a);
                            if (all || bare.is("identifier") && params.contains(bare.text())) {
                                addKeys(a);
                            }
                        }
                    }
                }
                case "return_statement" -> n.namedChildren().forEach(this::addKeys);
                case "expression_statement" -> {
                    if (n == macroValue) {
                        n.namedChildren().forEach(this::addKeys);
                    }
                }
                case "assignment_expression" -> n.child("left").flatMap(l -> Place.of(l, scope)).ifPresent(p -> {
                    if (!(p instanceof Place.Local)) {
                        relevant.add(key(p));
                    }
                    storeKeys.add(key(p));
                    storeValues.add(n.child("right").orElse(n));
                });
                case "init_declarator" -> CSyntax.declaredName(n).flatMap(id -> Place.ofStore(n, id, scope)).ifPresent(p -> {
                    if (!(p instanceof Place.Local)) {
                        relevant.add(key(p));
                    }
                    storeKeys.add(key(p));
                    storeValues.add(n.child("value").orElse(n));
                });
                default -> { }
            }
        });
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int i = 0; i < storeKeys.size(); i++) {
                if (relevant.contains(storeKeys.get(i))) {
                    int before = relevant.size();
                    addKeys(storeValues.get(i));
                    grew |= relevant.size() > before;
                }
            }
        }
    }

    /** The keys of the places an expression's value may be copied from (not call arguments). */
    private void addKeys(SyntaxNode expr) {
        ArrayDeque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(expr);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.pop();
            if (n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")
                    || n.is("pointer_expression") && operator(n).equals("*")) {
                Place.of(n, scope).ifPresent(p -> relevant.add(key(p)));
                continue;
            }
            if (n.is("call_expression") || n.is("sizeof_expression") || n.is("init_declarator") && n != expr) {
                continue;
            }
            for (SyntaxNode c : n.namedChildren()) {
                stack.push(c);
            }
        }
    }

    private Guard guardOf(SyntaxNode cond) {
        return guardCache.computeIfAbsent(cond, c -> Guard.of(c, true, unstable));
    }

    private Map<String, Map<String, Set<Origin>>> snapshotLabels() {
        Map<String, Map<String, Set<Origin>>> m = new HashMap<>();
        labels.forEach((k, v) -> m.put(k, new HashMap<>(v.values)));
        return m;
    }

    private State stmt(SyntaxNode n, State s) {
        switch (n.type()) {
            case "compound_statement" -> {
                return block(n.namedChildren(), s);
            }
            case "expression_statement" -> {
                if (s == null) {
                    return null;
                }
                for (SyntaxNode c : n.namedChildren()) {
                    Set<Origin> v = eval(c, s);
                    if (n == macroValue && !c.is("comment")) {
                        returns.computeIfAbsent(n, k -> new LinkedHashSet<>()).addAll(v);
                    }
                }
                return s;
            }
            case "declaration" -> {
                return declaration(n, s);
            }
            case "if_statement" -> {
                return ifStatement(n, s);
            }
            case "while_statement" -> {
                return whileLoop(n.child("condition").orElse(null), n.child("body").orElse(null), s);
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
                            j.breaks.add(new State(s));
                            break;
                        }
                        if (j.loop) {
                            j.continues.add(new State(s));
                            break;
                        }
                    }
                }
                return null;
            }
            case "return_statement" -> {
                if (s != null) {
                    for (SyntaxNode c : n.namedChildren()) {
                        if (!c.is("comment")) {
                            Set<Origin> v = eval(c, s);
                            returns.computeIfAbsent(n, k -> new LinkedHashSet<>()).addAll(v);
                        }
                    }
                    recordExit(s);
                }
                return null;
            }
            case "goto_statement" -> {
                if (s != null) {
                    n.child("label").ifPresent(l -> labels.merge(l.text(), new State(s), this::join));
                }
                return null;
            }
            case "labeled_statement" -> {
                exitGuards.forEach(List::clear);
                State in = s;
                Optional<SyntaxNode> label = n.child("label");
                if (label.isPresent() && labels.containsKey(label.get().text())) {
                    in = join(s == null ? null : new State(s), labels.get(label.get().text()));
                }
                for (SyntaxNode c : n.namedChildren()) {
                    if (!"label".equals(c.field())) {
                        in = stmt(c, in);
                    }
                }
                return in;
            }
            case "preproc_if", "preproc_ifdef", "preproc_elif", "preproc_elifdef" -> {
                return preprocessorIf(n, s);
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
                return block(n.namedChildren(), s);
            }
        }
    }

    private static final Set<String> EXPRESSIONS = Set.of("call_expression", "assignment_expression",
            "conditional_expression", "binary_expression", "unary_expression", "update_expression",
            "pointer_expression", "cast_expression", "parenthesized_expression", "comma_expression",
            "field_expression", "subscript_expression", "identifier", "sizeof_expression");

    private static List<SyntaxNode> unfielded(SyntaxNode n) {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : n.namedChildren()) {
            if (c.field() == null) {
                out.add(c);
            }
        }
        return out;
    }

    /** A sequence of statements, with iterator macros as loops and early exits as guards. */
    private State block(List<SyntaxNode> items, State s) {
        List<Guard> exits = new ArrayList<>();
        exitGuards.push(exits);
        for (int i = 0; i < items.size(); i++) {
            SyntaxNode c = items.get(i);
            if (isIteratorMacro(c) && i + 1 < items.size() && isLoopBody(items.get(i + 1))) {
                if (s != null) {
                    eval(c.namedChildren().getFirst(), s);
                }
                s = whileLoop(null, items.get(i + 1), s);
                i++;
                continue;
            }
            s = stmt(c, s);
            if (c.is("if_statement") && c.child("alternative").isEmpty() && c.child("condition").isPresent()
                    && c.child("consequence").map(Statements::endsInJump).orElse(false)) {
                exits.add(guardOf(c.child("condition").get()).negate());
            }
        }
        exitGuards.pop();
        return s;
    }

    private static boolean isIteratorMacro(SyntaxNode stmt) {
        if (!stmt.is("expression_statement") || stmt.namedChildren().size() != 1) {
            return false;
        }
        SyntaxNode call = stmt.namedChildren().getFirst();
        boolean missingSemicolon = stmt.children().stream().anyMatch(SyntaxNode::isMissing)
                || stmt.children().stream().noneMatch(c -> c.text().equals(";"));
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
                Set<Origin> v = value.isPresent() ? eval(value.get(), s) : Set.of(Origin.UNKNOWN);
                Optional<SyntaxNode> id = CSyntax.declaredName(d);
                if (id.isPresent()) {
                    Optional<Place> p = Place.ofStore(d, id.get(), scope);
                    if (p.isPresent()) {
                        store(p.get(), v, d, s);
                    }
                }
            } else {
                CSyntax.declaredName(d).flatMap(id -> Place.of(id, scope)).ifPresent(p -> store(p, Set.of(Origin.UNKNOWN), d, s));
            }
        }
        return s;
    }

    private State ifStatement(SyntaxNode n, State s) {
        Optional<SyntaxNode> cond = n.child("condition");
        if (s != null && cond.isPresent()) {
            eval(cond.get(), s);
        }
        Guard g = cond.map(this::guardOf).orElse(null);
        final State thenIn = s == null ? null : new State(s);
        final State elseIn = s == null ? null : new State(s);
        // if (!p) ...: p is NULL in the then-branch; if (p) ... else ...: in the else-branch
        if (s != null && cond.isPresent()) {
            Optional<NullTest> nt = NullTest.of(cond.get());
            if (nt.isPresent()) {
                Place.of(nt.get().tested(), scope).ifPresent(p -> setNull(p, thenIn));
            } else {
                nonNullTest(cond.get()).flatMap(x -> Place.of(x, scope)).ifPresent(p -> setNull(p, elseIn));
            }
        }
        if (g != null) {
            guards.push(g);
        }
        State then = thenIn;
        Optional<SyntaxNode> consequence = n.child("consequence");
        if (consequence.isPresent()) {
            then = stmt(consequence.get(), then);
        }
        if (g != null) {
            guards.pop();
        }
        Optional<SyntaxNode> alt = n.child("alternative");
        State other = elseIn;
        if (alt.isPresent()) {
            if (g != null) {
                guards.push(g.negate());
            }
            for (SyntaxNode c : alt.get().namedChildren()) {
                other = stmt(c, other);
            }
            if (g != null) {
                guards.pop();
            }
        }
        return join(then, other);
    }

    /** {@code p}, {@code p != NULL}, {@code likely(p)}: the tested place when the condition means "p is not NULL". */
    private static Optional<SyntaxNode> nonNullTest(SyntaxNode cond) {
        SyntaxNode c = cond;
        while (true) {
            if (c.is("parenthesized_expression") && c.namedChildren().size() == 1) {
                c = c.namedChildren().getFirst();
            } else if (c.is("call_expression") && CSyntax.calleeName(c).filter(n -> n.equals("likely") || n.equals("unlikely")).isPresent()
                    && CSyntax.arguments(c).size() == 1) {
                c = CSyntax.arguments(c).getFirst();
            } else {
                break;
            }
        }
        if (c.is("identifier") || c.is("field_expression") || c.is("subscript_expression")) {
            return Optional.of(c);
        }
        if (c.is("binary_expression") && operator(c).equals("!=")) {
            SyntaxNode l = c.child("left").orElse(null);
            SyntaxNode r = c.child("right").orElse(null);
            if (l != null && r != null && (r.text().equals("NULL") || r.text().equals("0"))) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private void setNull(Place p, State s) {
        String key = key(p);
        if (key.contains("[]") || !relevant.contains(key)) {
            return;
        }
        keyPlaces.putIfAbsent(key, p);
        s.values.put(key, Set.of(Origin.NULL));
    }

    private State whileLoop(SyntaxNode cond, SyntaxNode body, State s) {
        if (s == null && body != null && body.descendants("labeled_statement").isEmpty()) {
            return null;
        }
        return loop(s, cond, null, body);
    }

    private State forLoop(SyntaxNode n, State s) {
        State cur = s;
        Optional<SyntaxNode> init = n.child("initializer");
        if (init.isPresent() && cur != null) {
            cur = init.get().is("declaration") ? declaration(init.get(), cur) : evalStmt(init.get(), cur);
        }
        return loop(cur, n.child("condition").orElse(null), n.child("update").orElse(null),
                n.child("body").orElse(null));
    }

    /**
     * A loop tested before each iteration (while, for after its initializer): iterates the body to
     * a fixed point (at most MAX_LOOP_ROUNDS), continues joining before the update; the exit state
     * is the last state after the condition joined with every break. {@code cond}, {@code update}
     * and {@code body} are null when absent; {@code entry} is null when the loop is unreachable.
     */
    private State loop(State entry, SyntaxNode cond, SyntaxNode update, SyntaxNode body) {
        State head = entry == null ? null : new State(entry);
        State afterCond = head;
        Jumps j = new Jumps(true);
        for (int round = 0; round < MAX_LOOP_ROUNDS; round++) {
            afterCond = head == null ? null : new State(head);
            if (cond != null && afterCond != null) {
                eval(cond, afterCond);
            }
            j = new Jumps(true);
            jumps.push(j);
            State out = body == null ? afterCond : stmt(body, afterCond == null ? null : new State(afterCond));
            jumps.pop();
            for (State c : j.continues) {
                out = join(out, c);
            }
            if (update != null && out != null) {
                eval(update, out);
            }
            State next = join(entry == null ? null : new State(entry), out);
            if (sameState(next, head)) {
                break;
            }
            head = next;
        }
        State exit = afterCond;
        for (State b : j.breaks) {
            exit = join(exit, b);
        }
        return exit;
    }

    private State doLoop(SyntaxNode n, State s) {
        SyntaxNode body = n.child("body").orElse(null);
        SyntaxNode cond = n.child("condition").orElse(null);
        State head = s == null ? null : new State(s);
        State afterCond = null;
        Jumps j = new Jumps(true);
        for (int round = 0; round < MAX_LOOP_ROUNDS; round++) {
            j = new Jumps(true);
            jumps.push(j);
            State out = body == null ? head : stmt(body, head == null ? null : new State(head));
            jumps.pop();
            for (State c : j.continues) {
                out = join(out, c);
            }
            afterCond = out;
            if (cond != null && afterCond != null) {
                eval(cond, afterCond);
            }
            if (isFalseConstant(cond)) {
                break; // do { ... } while (0)
            }
            State next = join(s == null ? null : new State(s), afterCond == null ? null : new State(afterCond));
            if (sameState(next, head)) {
                break;
            }
            head = next;
        }
        State exit = afterCond;
        for (State b : j.breaks) {
            exit = join(exit, b);
        }
        return exit;
    }

    private static boolean isFalseConstant(SyntaxNode cond) {
        return cond != null && CSyntax.canonical(cond).matches("\\(?0\\)?");
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
        for (SyntaxNode c : body.get().namedChildren()) {
            if (c.is("case_statement")) {
                cur = join(cur, entry == null ? null : new State(entry));
                if (c.child("value").isEmpty()) {
                    hasDefault = true;
                }
                for (SyntaxNode k : c.namedChildren()) {
                    if (!"value".equals(k.field())) {
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
            exit = join(exit, b);
        }
        if (!hasDefault) {
            exit = join(exit, entry == null ? null : new State(entry));
        }
        return exit;
    }

    private State preprocessorIf(SyntaxNode n, State s) {
        Guard g = preprocessorGuard(n);
        State then = s == null ? null : new State(s);
        guards.push(g);
        then = block(unfielded(n), then);
        guards.pop();
        Optional<SyntaxNode> alt = n.child("alternative");
        State other = s;
        if (alt.isPresent()) {
            guards.push(g.negate());
            other = stmt(alt.get(), s == null ? null : new State(s));
            guards.pop();
        }
        return join(then, other);
    }

    private static Guard preprocessorGuard(SyntaxNode n) {
        if (n.is("preproc_ifdef") || n.is("preproc_elifdef")) {
            String directive = n.children().isEmpty() ? "" : n.children().getFirst().text();
            String name = n.child("name").map(SyntaxNode::text).orElse("?");
            return Guard.preprocessor("defined(" + name + ")", !directive.contains("ifndef") && !directive.contains("elifndef"));
        }
        String text = n.child("condition").map(CSyntax::canonical).orElse("?");
        if (text.startsWith("!") && !text.startsWith("!=")) {
            return Guard.preprocessor(text.substring(1), false);
        }
        return Guard.preprocessor(text, true);
    }

    private List<Guard> currentGuards() {
        List<Guard> out = new ArrayList<>(guards);
        for (List<Guard> frame : exitGuards) {
            out.addAll(frame);
        }
        return List.copyOf(out);
    }

    private State evalStmt(SyntaxNode e, State s) {
        eval(e, s);
        return s;
    }

    // ---------------------------------------------------------------- expressions

    /** The values {@code e} may have; performs its stores on {@code s} and records its calls. */
    private Set<Origin> eval(SyntaxNode e, State s) {
        switch (e.type()) {
            case "parenthesized_expression" -> {
                Set<Origin> last = Set.of(Origin.UNKNOWN);
                for (SyntaxNode c : e.namedChildren()) {
                    if (c.is("compound_statement")) {
                        State r = stmt(c, new State(s));
                        if (r != null) {
                            s.replaceWith(r);
                        }
                        last = Set.of(Origin.UNKNOWN);
                    } else if (!c.is("comment")) {
                        last = eval(c, s);
                    }
                }
                return last;
            }
            case "cast_expression" -> {
                return e.child("value").map(v -> eval(v, s)).orElse(Set.of(Origin.UNKNOWN));
            }
            case "assignment_expression" -> {
                SyntaxNode left = e.child("left").orElse(null);
                Set<Origin> right = e.child("right").map(r -> eval(r, s)).orElse(Set.of(Origin.UNKNOWN));
                boolean plain = operator(e).equals("=");
                if (left != null) {
                    placeOf(left).ifPresent(p -> store(p, plain ? right : Set.of(Origin.UNKNOWN), e, s));
                }
                return plain ? right : Set.of(Origin.UNKNOWN);
            }
            case "call_expression" -> {
                return call(e, s);
            }
            case "conditional_expression" -> {
                Optional<SyntaxNode> cond = e.child("condition");
                Set<Origin> c = cond.map(x -> eval(x, s)).orElse(Set.of(Origin.UNKNOWN));
                Guard g = cond.map(this::guardOf).orElse(null);
                State a = new State(s);
                State b = new State(s);
                if (g != null) {
                    guards.push(g);
                }
                Set<Origin> va = e.child("consequence").map(x -> eval(x, a)).orElse(c);
                if (g != null) {
                    guards.pop();
                    guards.push(g.negate());
                }
                Set<Origin> vb = e.child("alternative").map(x -> eval(x, b)).orElse(Set.of(Origin.UNKNOWN));
                if (g != null) {
                    guards.pop();
                }
                s.replaceWith(join(a, b));
                return union(va, vb);
            }
            case "binary_expression" -> {
                String op = operator(e);
                e.child("left").ifPresent(l -> eval(l, s));
                if (op.equals("&&") || op.equals("||")) {
                    State r = new State(s);
                    e.child("right").ifPresent(x -> eval(x, r));
                    s.replaceWith(join(new State(s), r));
                } else {
                    e.child("right").ifPresent(x -> eval(x, s));
                }
                return Set.of(Origin.UNKNOWN);
            }
            case "comma_expression" -> {
                e.child("left").ifPresent(l -> eval(l, s));
                return e.child("right").map(r -> eval(r, s)).orElse(Set.of(Origin.UNKNOWN));
            }
            case "unary_expression" -> {
                e.child("argument").ifPresent(a -> eval(a, s));
                return Set.of(Origin.UNKNOWN);
            }
            case "update_expression" -> {
                e.child("argument").flatMap(a -> Place.of(a, scope)).ifPresent(p -> store(p, Set.of(Origin.UNKNOWN), e, s));
                return Set.of(Origin.UNKNOWN);
            }
            case "pointer_expression" -> {
                if (operator(e).equals("*")) {
                    return read(e, s);
                }
                return Set.of(Origin.UNKNOWN);
            }
            case "identifier" -> {
                if (e.text().equals("NULL")) {
                    return Set.of(Origin.NULL);
                }
                return read(e, s);
            }
            case "field_expression", "subscript_expression" -> {
                return read(e, s);
            }
            case "null" -> {
                return Set.of(Origin.NULL);
            }
            case "number_literal" -> {
                return e.text().equals("0") ? Set.of(Origin.NULL) : Set.of(Origin.UNKNOWN);
            }
            case "sizeof_expression", "alignof_expression", "offsetof_expression", "string_literal", "char_literal",
                 "concatenated_string", "true", "false", "comment" -> {
                return Set.of(Origin.UNKNOWN);
            }
            default -> {
                for (SyntaxNode c : e.namedChildren()) {
                    if (c.is("compound_statement")) {
                        State r = stmt(c, new State(s));
                        if (r != null) {
                            s.replaceWith(r);
                        }
                    } else {
                        eval(c, s);
                    }
                }
                return Set.of(Origin.UNKNOWN);
            }
        }
    }

    private static final Set<String> NULLISH = Set.of("ERR_PTR", "ERR_CAST", "IOMEM_ERR_PTR");

    private Set<Origin> call(SyntaxNode e, State s) {
        Optional<String> callee = CSyntax.calleeName(e);
        List<SyntaxNode> args = CSyntax.arguments(e);
        if (callee.isEmpty()) {
            e.child("function").ifPresent(f -> eval(f, s));
        }
        List<Set<Origin>> values = new ArrayList<>(args.size());
        for (SyntaxNode a : args) {
            values.add(eval(a, s));
        }
        CallSite table = tableCalls.get(e);
        List<Guard> here = currentGuards();
        boolean record = table != null ? table.api().isFree() || table.api().role() == ApiFunction.Role.REALLOC
                : callee.isPresent() && (callees == null || callees.contains(callee.get()) || passesParam(values));
        if (record) {
            Use u = uses.get(e);
            if (u == null) {
                List<Set<Origin>> copies = new ArrayList<>();
                for (Set<Origin> v : values) {
                    copies.add(new LinkedHashSet<>(v));
                }
                uses.put(e, new Use(e, callee.get(), table, copies, here));
            } else {
                for (int i = 0; i < values.size() && i < u.args().size(); i++) {
                    u.args().get(i).addAll(values.get(i));
                }
            }
        }
        // a freed value is gone: what the place holds afterwards must not be freed again
        if (table != null && table.api().isFree() && !args.isEmpty()) {
            Place.of(CSyntax.unwrap(args.getFirst()), scope).ifPresent(p -> consume(p, s));
        }
        // out-parameters: foo(&p) may store anything into p; what a function of the scan stores
        // there is resolved through its summary (FunctionSummary.outputs)
        for (int i = 0; i < args.size(); i++) {
            SyntaxNode bare = CSyntax.unwrap(args.get(i));
            if (bare.is("pointer_expression") && operator(bare).equals("&")) {
                Set<Origin> out = table == null && callee.isPresent()
                        ? Set.of(new Origin.Output(e, callee.get(), i, here)) : Set.of(Origin.UNKNOWN);
                bare.child("argument").flatMap(x -> Place.of(x, scope)).ifPresent(p -> store(p, out, bare, s));
            }
        }
        if (table != null && table.api().isAllocation()) {
            return Set.of(new Origin.Alloc(table, allocSites.get(e), here));
        }
        if (callee.isPresent() && NULLISH.contains(callee.get())) {
            return Set.of(Origin.NULL);
        }
        if (callee.isPresent() && table == null) {
            return Set.of(new Origin.Call(e, callee.get(), here));
        }
        return Set.of(Origin.UNKNOWN);
    }

    private static boolean passesParam(List<Set<Origin>> values) {
        for (Set<Origin> v : values) {
            for (Origin o : v) {
                if (o instanceof Origin.Param) {
                    return true;
                }
            }
        }
        return false;
    }

    private final Map<SyntaxNode, Optional<Place>> placeCache = new IdentityHashMap<>();

    private Optional<Place> placeOf(SyntaxNode n) {
        Optional<Place> p = placeCache.get(n);
        if (p == null) {
            p = Place.of(n, scope);
            placeCache.put(n, p);
        }
        return p;
    }

    private Set<Origin> read(SyntaxNode lvalue, State s) {
        if (lvalue.is("identifier") && !relevant.contains(lvalue.text())) {
            return Set.of(Origin.UNKNOWN); // nobody observes it
        }
        Optional<Place> p = placeOf(lvalue);
        if (p.isEmpty()) {
            return Set.of(Origin.UNKNOWN);
        }
        return lookup(key(p.get()), p.get(), s);
    }

    private Set<Origin> lookup(String key, Place p, State s) {
        Set<Origin> v = s.values.get(key);
        return v != null ? v : defaultOf(p);
    }

    private Set<Origin> defaultOf(Place p) {
        return switch (p) {
            case Place.Local l -> {
                int i = params.indexOf(l.text());
                yield i >= 0 ? Set.of(new Origin.Param(i, l.text())) : Set.of(Origin.UNKNOWN);
            }
            case Place.Global g -> Set.of(new Origin.Entry(g));
            case Place.Field f -> Set.of(new Origin.Entry(f));
        };
    }

    private void store(Place p, Set<Origin> value, SyntaxNode at, State s) {
        String key = key(p);
        boolean weak = key.contains("[]");
        if (!weak && !s.values.isEmpty()) {
            s.values.keySet().removeIf(k -> k.length() > key.length() && k.startsWith(key)
                    && (k.startsWith("->", key.length()) || k.charAt(key.length()) == '.' || k.charAt(key.length()) == '['));
        }
        if (!relevant.contains(key)) {
            return;
        }
        keyPlaces.putIfAbsent(key, p);
        Set<Origin> v = weak ? union(lookup(key, p, s), value) : orderedCopy(value);
        s.values.put(key, v);
    }

    /** After a free: the place holds nothing that may be freed (weakly for array elements). */
    private void consume(Place p, State s) {
        String key = key(p);
        if (key.contains("[]") || !relevant.contains(key)) {
            return;
        }
        keyPlaces.putIfAbsent(key, p);
        s.values.put(key, Set.of(Origin.NULL));
    }

    /** The identity of a place inside one function: array elements collapsed. */
    static String key(Place p) {
        return switch (p) {
            case Place.Local l -> l.text();
            case Place.Global g -> g.text();
            case Place.Field f -> f.baseText() + f.chain();
        };
    }

    private State join(State a, State b) {
        if (a == null) {
            return b == null ? null : new State(b);
        }
        if (b == null) {
            return a;
        }
        Set<String> keys = new HashSet<>(a.values.keySet());
        keys.addAll(b.values.keySet());
        State out = new State();
        for (String k : keys) {
            Place p = keyPlaces.get(k);
            Set<Origin> va = a.values.get(k);
            Set<Origin> vb = b.values.get(k);
            if (va == null) {
                va = p == null ? Set.of(Origin.UNKNOWN) : defaultOf(p);
            }
            if (vb == null) {
                vb = p == null ? Set.of(Origin.UNKNOWN) : defaultOf(p);
            }
            out.values.put(k, va.equals(vb) ? va : union(va, vb));
        }
        return out;
    }

    private static boolean sameState(State a, State b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.values.equals(b.values);
    }

    private static Set<Origin> union(Set<Origin> a, Set<Origin> b) {
        LinkedHashSet<Origin> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return orderedCopy(u);
    }

    private static Set<Origin> orderedCopy(Set<Origin> v) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(v));
    }

    private static String operator(SyntaxNode n) {
        return n.child("operator").map(SyntaxNode::text).orElse("");
    }
}
