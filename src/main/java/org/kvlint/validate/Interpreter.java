package org.kvlint.validate;

import static org.kvlint.validate.KernelShapes.caseBody;
import static org.kvlint.validate.KernelShapes.isAddressOf;
import static org.kvlint.validate.KernelShapes.isNullLiteral;
import static org.kvlint.validate.KernelShapes.loggingStatement;
import static org.kvlint.validate.KernelShapes.loopMacroHead;
import static org.kvlint.validate.KernelShapes.operator;
import static org.kvlint.validate.KernelShapes.sizeFactors;
import static org.kvlint.validate.KernelShapes.statementsOf;
import static org.kvlint.validate.KernelShapes.stripParens;
import static org.kvlint.validate.KernelShapes.stripParensOnly;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.kvlint.alloc.Allocation;
import org.kvlint.alloc.AllocatorModel;
import org.kvlint.alloc.Arg;
import org.kvlint.alloc.Backend;
import org.kvlint.alloc.Bug;
import org.kvlint.alloc.CallRecord;
import org.kvlint.alloc.Diagnostic;
import org.kvlint.alloc.ExecutionContext;
import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.GfpScope;
import org.kvlint.alloc.Outcome;
import org.kvlint.alloc.Pointer;
import org.kvlint.alloc.Report;
import org.kvlint.alloc.Severity;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;
import org.kvlint.validate.RunOutcome.Documented;
import org.kvlint.validate.RunOutcome.Issue;

/**
 * Runs one C function once, on one model instance, along the path {@link Decisions} picks.
 *
 * <p>Covered: declarations, assignments (plain and compound), allocator-table calls (by C name,
 * through {@link AllocatorModel}), NULL checks, size comparisons, ternaries, if/else, switch,
 * return, goto (also backwards, within a step budget), frees, branch hints, {@code array_size}
 * &amp; co, the size constants, casts, {@code memset(p, 0, n)}, locks (atomic context), NOFS/NOIO
 * scopes, {@code #if} blocks inside the body (both branches), and loops (bounded; a loop that
 * touches no allocator, returns nor jumps is summarised: what it assigns becomes unknown; a loop
 * that only its exits make matter, such as one that frees and returns on its way out, is
 * summarised up to its last iteration, which runs: {@link #loopToItsExit}).
 *
 * <p>Every other call is opaque: its result is unknown, and a tracked pointer passed to it
 * escapes (no leak is reported for it; it may have been freed there). A condition on an unknown
 * value asks {@link Decisions}; a free of a pointer of unknown origin gives it a provenance
 * (adopted into the model), explored when the two versions free it differently. Anything else
 * throws {@link NotValidated}.
 */
final class Interpreter {

    /** How a statement ended. */
    private sealed interface Flow {}

    private record Normal() implements Flow {}

    private record Break() implements Flow {}

    private record Continue() implements Flow {}

    private record Return(Value value) implements Flow {}

    private record Goto(String label) implements Flow {}

    private static final Flow NORMAL = new Normal();
    private static final Flow BREAK = new Break();
    private static final Flow CONTINUE = new Continue();

    /** The four origins a pointer of unknown origin can be given. */
    static final List<String> ORIGINS = List.of("from kmalloc()", "from vmalloc()",
            "from kvmalloc(), kmalloc-backed", "from kvmalloc(), vmalloc-backed");
    /** A loop whose condition the code does not determine may run this often before the result is "not validated". */
    private static final int UNKNOWN_LOOP_ITERATIONS = 2;
    /** {@code do { } while (0)}'s condition, as canonical text. */
    private static final java.util.regex.Pattern FALSE_CONDITION = java.util.regex.Pattern.compile("\\(?(0|false)\\)?");
    private static final java.util.regex.Pattern GFP_T = java.util.regex.Pattern.compile("\\bgfp_t\\b");
    private static final Set<String> TYPED_MIN_MAX = Set.of("min_t", "max_t", "clamp_t");

    private final CFunction fn;
    private final Scenario scenario;
    private final Map<String, Long> bindings;
    private final Set<String> interesting;
    private final Map<String, List<Integer>> originHints;
    private final Decisions decisions;
    private final Matrix limits;
    private final AllocatorApi api;
    private final AllocatorModel model;

    private final Map<String, Value> env = new HashMap<>();
    /**
     * The keys of {@link #env} that name a part of another place ({@code s->buf}, {@code a.b},
     * {@code t[2]}, {@code *p}), sorted, so that a store into a place drops what is derived from
     * it by a range lookup instead of a pass over every key (a function of n fallbacks was n² per
     * run).
     */
    private final java.util.TreeSet<String> derivedKeys = new java.util.TreeSet<>();
    private final Map<String, Value> placeValues = new LinkedHashMap<>();
    private final Map<String, Value> materialised = new HashMap<>();
    private final Set<Long> escaped = new HashSet<>();
    private final Set<Long> adopted = new HashSet<>();
    private final Set<Long> memsetZero = new HashSet<>();
    private final Set<Long> memsetDirty = new HashSet<>();
    private final Map<String, Integer> occurrences = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();
    private final Set<Integer> reached = new HashSet<>();
    private int steps;
    private int atomicDepth;
    private int nofsDepth;
    private int noioDepth;
    /** Questions asked so far: a loop whose condition needed one has an unknown bound. */
    private int decisionsAsked;
    /** How many times this run read a tracked pointer's value (see {@link #pointerDerived}). */
    private int trackedValueReads;
    /** Depth of if-branches entered on a condition that read a tracked pointer's value. */
    private int pointerBranches;
    /**
     * Variables and fields whose value was computed from a tracked pointer's value ({@code ok = p
     * != NULL}, or assigned in {@code if (p)}): it may differ between the two versions, like the
     * pointer, so a loop summary must not read it ({@link #readsTrackedValue}).
     */
    private final Set<String> pointerDerived = new HashSet<>();

    /**
     * @param bindings input key → value from {@link SizeSolver}
     * @param interesting pointer keys the two versions free differently: their origin is explored
     * @param originHints pointer key → the origins (indexes of {@link #ORIGINS}) the finding
     *     establishes for it (its related allocation); unlisted keys may come from anywhere
     */
    Interpreter(CFunction fn, Scenario scenario, Map<String, Long> bindings, Set<String> interesting,
                Map<String, List<Integer>> originHints, Decisions decisions, Matrix limits, AllocatorApi api,
                AllocatorModel model) {
        this.fn = fn;
        this.scenario = scenario;
        this.bindings = bindings;
        this.interesting = interesting;
        this.originHints = originHints;
        this.decisions = decisions;
        this.limits = limits;
        this.api = api;
        this.model = model;
    }

    // ================================================================ run

    RunOutcome run() {
        for (Map.Entry<String, String> p : fn.params().entrySet()) {
            bind(p.getKey(), GFP_T.matcher(p.getValue()).find() && !p.getValue().contains("*")
                    ? new Value.Gfp(scenarioMask()) : unknown(p.getKey()));
        }
        Flow f = exec(fn.body());
        int jumps = 0;
        while (f instanceof Goto g) {
            SyntaxNode target = fn.labels().get(g.label());
            if (target == null) {
                throw new NotValidated("goto to a label that is not in the function", fn.line());
            }
            if (++jumps > limits.loopBound() * 4) {
                throw new NotValidated("goto loop running more than " + limits.loopBound() * 4 + " times", target);
            }
            f = resume(target);
        }
        if (f instanceof Break || f instanceof Continue) {
            throw new NotValidated("break or continue outside a loop", fn.line());
        }
        Value ret = f instanceof Return r ? r.value() : null;
        if (ret != null) {
            escape(ret);
        }
        return outcome(ret);
    }

    private RunOutcome outcome(Value ret) {
        Report report = model.finish();
        List<Issue> printed = new ArrayList<>();
        List<Issue> illegal = new ArrayList<>();
        Set<Bug> other = EnumSet.noneOf(Bug.class);
        for (Diagnostic d : report.diagnostics()) {
            if (d.bug() == Bug.LEAK) {
                continue; // leaks are judged below: adopted and escaped memory is not the function's to free
            }
            if (d.bug().isIllegalRelease()) {
                illegal.add(new Issue(d.bug(), d.message()));
            } else if (d.printed()) {
                printed.add(new Issue(d.bug(), d.message()));
            } else if (d.severity() != Severity.INFO) {
                other.add(d.bug());
            }
        }
        List<String> leaks = new ArrayList<>();
        for (Allocation a : report.leaks()) {
            if (!adopted.contains(a.id()) && !escaped.contains(a.id())) {
                leaks.add(a.api() + "() at line " + lineOfSite(a.site()));
            }
        }
        TreeMap<String, Cell> places = new TreeMap<>();
        placeValues.forEach((k, v) -> places.put(k, cell(v)));
        Optional<Cell> returned = ret == null ? Optional.empty() : Optional.of(cell(ret));
        return new RunOutcome(returned, places, report.oomKillerInvoked(), report.trace().stalled(), printed, illegal,
                leaks, other,
                Narrative.story(report.trace(), api, model.config().limits(), unreachedFallbacks()),
                documented(report));
    }

    /** Lines of vmalloc-family allocations in the function that this run never reached: "fallback never reached". */
    private List<String> unreachedFallbacks() {
        List<String> out = new ArrayList<>();
        for (SyntaxNode call : fn.calls()) {
            Optional<ApiFunction> f = CSyntax.calleeName(call).flatMap(api::lookup);
            if (f.isPresent() && f.get().role() == ApiFunction.Role.ALLOC && f.get().family() == ApiFunction.Family.VMALLOC
                    && !reached.contains(call.startByte())) {
                out.add(f.get().name() + "() fallback at line " + (call.startRow() + 1) + " never reached");
            }
        }
        return out;
    }

    private Set<Documented> documented(Report report) {
        Set<Documented> out = EnumSet.noneOf(Documented.class);
        long page = model.config().pageSize();
        for (CallRecord r : report.trace().calls()) {
            Optional<ApiFunction> f = api.lookup(r.function());
            if (f.isEmpty() || f.get().family() != ApiFunction.Family.KV || !(r.outcome() instanceof Outcome.Failed failed)) {
                continue;
            }
            switch (failed.reason()) {
                case OVER_INT_MAX -> out.add(Documented.OVER_INT_MAX);
                case NON_BLOCKING -> out.add(Documented.NON_BLOCKING);
                case OVERFLOW -> out.add(Documented.OVERFLOW);
                case NO_MEMORY, INJECTED -> {
                    long size = Narrative.requestedSize(r, f.get());
                    if (size >= 0 && size <= page) {
                        out.add(Documented.SMALL_NO_FALLBACK);
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    private Cell cell(Value v) {
        return switch (v) {
            case Value.Int i -> i.value() == 0 && returnsPointer() ? Cell.NULL : Cell.integer(i.value());
            case Value.Gfp g -> new Cell(Cell.Kind.GFP, 0, false, g.mask().toC());
            case Value.Str s -> new Cell(Cell.Kind.UNKNOWN, 0, false, "a string literal");
            case Value.Unknown u -> new Cell(Cell.Kind.UNKNOWN, 0, false, u.key());
            case Value.Ptr p -> pointerCell(p.pointer());
        };
    }

    private Cell pointerCell(Pointer p) {
        if (p.isNull()) {
            return Cell.NULL;
        }
        if (p.isErr() || p.isZeroSizePtr()) {
            return new Cell(Cell.Kind.ERR_PTR, p.address(), false, "");
        }
        Optional<Allocation> a = model.allocation(p);
        if (a.isEmpty()) {
            return new Cell(Cell.Kind.UNKNOWN, 0, false, "a pointer into memory");
        }
        if (!a.get().isLive()) {
            return new Cell(Cell.Kind.FREED, 0, false, "");
        }
        return Cell.memory(zeroed(a.get()));
    }

    private boolean zeroed(Allocation a) {
        return (a.zeroed() || memsetZero.contains(a.id())) && !memsetDirty.contains(a.id());
    }

    private boolean returnsPointer() {
        SyntaxNode d = fn.definition().child("declarator").orElse(null);
        return d != null && d.is("pointer_declarator");
    }

    // ================================================================ statements

    private Flow exec(SyntaxNode s) {
        tick(s);
        if (s.isError() || s.isMissing()) {
            throw new NotValidated("code tree-sitter could not parse", s);
        }
        switch (s.type()) {
            case "compound_statement" -> {
                return block(CSyntax.statements(s), 0);
            }
            case "declaration" -> {
                declare(s);
                return NORMAL;
            }
            case "expression_statement" -> {
                if (s.hasError() && loggingStatement(s)) {
                    return NORMAL; // printk(KERN_ERR PFX "..."): macros tree-sitter cannot parse, no effect on memory
                }
                if (s.children().stream().anyMatch(SyntaxNode::isMissing)) {
                    throw new NotValidated("a macro used as a loop or statement (no ';')", s);
                }
                for (SyntaxNode c : s.namedChildren()) {
                    if (!c.is("comment")) {
                        eval(c);
                    }
                }
                return NORMAL;
            }
            case "if_statement" -> {
                SyntaxNode condition = s.child("condition").orElseThrow(() -> new NotValidated("if without a condition", s));
                int reads = trackedValueReads;
                boolean taken = cond(condition);
                int depth = trackedValueReads != reads ? 1 : 0;
                pointerBranches += depth;
                try {
                    if (taken) {
                        return exec(s.child("consequence").orElseThrow(() -> new NotValidated("if without a body", s)));
                    }
                    Optional<SyntaxNode> alt = s.child("alternative");
                    if (alt.isEmpty()) {
                        return NORMAL;
                    }
                    SyntaxNode a = alt.get();
                    if (a.is("else_clause")) {
                        List<SyntaxNode> inner = a.namedChildren().stream().filter(c -> !c.is("comment")).toList();
                        return inner.isEmpty() ? NORMAL : exec(inner.getLast());
                    }
                    return exec(a);
                } finally {
                    pointerBranches -= depth;
                }
            }
            case "return_statement" -> {
                List<SyntaxNode> v = s.namedChildren().stream().filter(c -> !c.is("comment")).toList();
                Value r = v.isEmpty() ? null : eval(v.getFirst());
                return new Return(fn.returnsVoid() ? null : r); // 'return kfree(p);' in a void function
            }
            case "goto_statement" -> {
                return new Goto(s.child("label").map(SyntaxNode::text).orElseThrow(() -> new NotValidated("computed goto", s)));
            }
            case "labeled_statement" -> {
                Optional<SyntaxNode> inner = s.namedChildren().stream()
                        .filter(c -> !"label".equals(c.field()) && !c.is("comment")).findFirst();
                return inner.isPresent() ? exec(inner.get()) : NORMAL;
            }
            case "for_statement", "while_statement", "do_statement" -> {
                return loop(s);
            }
            case "break_statement" -> {
                return BREAK;
            }
            case "continue_statement" -> {
                return CONTINUE;
            }
            case "switch_statement" -> {
                return switchStatement(s);
            }
            case "case_statement" -> {
                return block(caseBody(s), 0); // reached by falling into a case label outside a switch run
            }
            case "preproc_if", "preproc_ifdef" -> {
                return preproc(s);
            }
            case "function_definition" -> {
                // for_each_node(nid) { ... }: tree-sitter reads an iteration macro with a body as a nested K&R function.
                Optional<SyntaxNode> body = s.child("body");
                Optional<SyntaxNode> type = s.child("type");
                if (body.isPresent() && type.isPresent() && type.get().is("type_identifier")) {
                    macroLoop(s.child("declarator").orElse(s), type.get().text(), body.get());
                    return NORMAL;
                }
                throw new NotValidated("nested function definition", s);
            }
            case "attributed_statement" -> {
                List<SyntaxNode> inner = s.namedChildren().stream().filter(c -> !c.is("attribute_declaration")).toList();
                return inner.isEmpty() ? NORMAL : exec(inner.getLast());
            }
            case "comment", "preproc_call", "preproc_def", "preproc_function_def", "preproc_include",
                 "type_definition", "struct_specifier", "union_specifier", "enum_specifier", ";" -> {
                return NORMAL;
            }
            default -> throw new NotValidated("statement '" + s.type() + "'", s);
        }
    }

    private Flow block(List<SyntaxNode> statements, int from) {
        for (int i = from; i < statements.size(); i++) {
            SyntaxNode s = statements.get(i);
            Optional<SyntaxNode> macro = loopMacroHead(s);
            if (macro.isPresent() && i + 1 < statements.size()) {
                tick(s);
                macroLoop(macro.get(), CSyntax.calleeName(macro.get()).orElse("?"), statements.get(++i));
                continue;
            }
            Flow f = exec(s);
            if (f != NORMAL) {
                return f;
            }
        }
        return NORMAL;
    }

    /**
     * An iteration macro ({@code list_for_each_entry}, {@code for_each_node}): it runs its body an
     * unknown number of times. A body that cannot matter is summarised; one that allocates,
     * frees, returns or jumps cannot be validated.
     */
    private void macroLoop(SyntaxNode head, String name, SyntaxNode body) {
        if (relevant(body)) {
            throw new NotValidated("loop macro " + name + "() whose body allocates, frees, returns or jumps", head);
        }
        havoc(head);
        havoc(body);
        for (SyntaxNode a : head.is("call_expression") ? CSyntax.arguments(head) : head.namedChildren()) {
            SyntaxNode u = stripParens(a);
            if (u.is("identifier") && (fn.locals().containsKey(u.text()) || fn.params().containsKey(u.text()))) {
                forget(u.text(), u); // the cursor variables
            }
        }
    }

    /**
     * Continues after a goto: runs the labeled statement, then what follows it in each enclosing
     * block up to the function body, as control flow would.
     */
    private Flow resume(SyntaxNode label) {
        Flow f = exec(label);
        SyntaxNode node = label;
        while (f == NORMAL) {
            if (node == fn.body()) {
                return NORMAL;
            }
            SyntaxNode parent = node.parentOrNull();
            if (parent == null) {
                return NORMAL;
            }
            switch (parent.type()) {
                case "compound_statement", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
                     "preproc_elifdef" -> {
                    List<SyntaxNode> siblings = statementsOf(parent);
                    int at = siblings.indexOf(node);
                    f = at < 0 ? NORMAL : block(siblings, at + 1);
                }
                case "for_statement", "while_statement", "do_statement", "switch_statement", "case_statement" ->
                        throw new NotValidated("goto into a loop or switch body", label);
                default -> { }
            }
            node = parent;
        }
        return f;
    }

    private void declare(SyntaxNode decl) {
        Optional<SyntaxNode> macroType = decl.child("type").filter(t -> t.is("macro_type_specifier"));
        boolean prototype = decl.children().stream().anyMatch(c -> "declarator".equals(c.field())
                && (c.is("function_declarator") || c.child("declarator").map(x -> x.is("function_declarator")).orElse(false)));
        if (macroType.isPresent()) {
            statementMacro(decl, macroType.get(), prototype);
            return;
        }
        if (prototype) {
            throw new NotValidated("a macro tree-sitter read as a function declaration", decl);
        }
        boolean isStatic = decl.children().stream().anyMatch(c -> c.is("storage_class_specifier")
                && (c.text().equals("static") || c.text().equals("extern")));
        for (SyntaxNode d : decl.children()) {
            if (!"declarator".equals(d.field())) {
                continue;
            }
            if (d.isError()) {
                continue; // an annotation (__user, __iomem) the grammar does not know; see harmlessError()
            }
            Optional<SyntaxNode> name = CSyntax.declaredName(d.is("init_declarator") ? d.child("declarator").orElse(d) : d);
            if (name.isEmpty() || d.is("function_declarator")) {
                continue;
            }
            String n = name.get().text();
            if (isStatic) {
                unbind(n); // a static local keeps its value across calls: unknown to one run
                continue;
            }
            Value v;
            int reads = trackedValueReads;
            Optional<SyntaxNode> init = d.is("init_declarator") ? d.child("value") : Optional.empty();
            if (init.isEmpty()) {
                v = unknown(n);
            } else if (init.get().is("initializer_list")) {
                eval(init.get());
                v = unknown(n);
            } else {
                v = eval(init.get());
            }
            invalidate(n);
            bind(n, rekey(n, v));
            noteDerivation(name.get(), trackedValueReads != reads);
        }
    }

    /**
     * {@code TRACE(x)} without its ';' followed by {@code tmp = vmalloc(n);} reads as a
     * declaration of {@code tmp} with type {@code TRACE(x)}. An upper-case macro is taken as a
     * statement (opaque) and the rest as the assignment it is; a lower-case one may be an
     * iteration macro ({@code for_each_cpu(cpu) kfree(p[cpu]);}) whose body cannot be recovered.
     */
    private void statementMacro(SyntaxNode decl, SyntaxNode macroType, boolean prototype) {
        String name = macroType.child("name").map(SyntaxNode::text).orElse("?");
        boolean statementLike = name.equals(name.toUpperCase(java.util.Locale.ROOT)) && !name.contains("EACH");
        if (!statementLike || prototype) {
            throw new NotValidated("macro " + name + "() without ';' that tree-sitter read as a declaration", decl);
        }
        for (SyntaxNode d : decl.children()) {
            if (!"declarator".equals(d.field())) {
                continue;
            }
            Optional<SyntaxNode> id = d.is("init_declarator") ? d.child("declarator") : Optional.of(d);
            if (id.isEmpty() || !id.get().is("identifier")) {
                throw new NotValidated("macro " + name + "() without ';' that tree-sitter read as a declaration", decl);
            }
            Value v = d.is("init_declarator") ? d.child("value").map(this::eval).orElse(Value.ZERO) : Value.ZERO;
            if (d.is("init_declarator")) {
                assign(id.get(), v);
            }
        }
    }

    // ---------------------------------------------------------------- loops

    private Flow loop(SyntaxNode s) {
        if (s.is("do_statement") && s.child("condition").map(c -> FALSE_CONDITION.matcher(CText.canonical(c)).matches()).orElse(false)) {
            // do { ... } while (0): the macro idiom, one pass
            Flow f = exec(s.child("body").orElseThrow(() -> new NotValidated("loop without a body", s)));
            return f instanceof Break || f instanceof Continue ? NORMAL : f;
        }
        if (!relevant(s)) {
            havoc(s);
            return NORMAL;
        }
        if (s.is("for_statement")) {
            Optional<SyntaxNode> init = s.child("initializer");
            if (init.isPresent()) {
                if (init.get().is("declaration")) {
                    declare(init.get());
                } else {
                    eval(init.get());
                }
            }
        }
        SyntaxNode body = s.child("body").orElseThrow(() -> new NotValidated("loop without a body", s));
        Optional<SyntaxNode> condition = s.child("condition");
        StayingPlan plan = fn.stayingPlan(s);
        if (LoopExits.inertButForExits(plan.nodes(), api, plan.locksPaired())) {
            Optional<Summary> staying = stayingSummary(plan);
            if (staying.isPresent()) {
                return loopToItsExit(s, body, condition, staying.get());
            }
        }
        int iterations = 0;
        int unknownIterations = 0;
        while (true) {
            if (!(s.is("do_statement") && iterations == 0) && condition.isPresent()) {
                int asked = decisionsAsked;
                boolean go = cond(condition.get());
                if (decisionsAsked != asked && go && ++unknownIterations > UNKNOWN_LOOP_ITERATIONS) {
                    throw new NotValidated("loop with an unknown number of iterations", s);
                }
                if (!go) {
                    break;
                }
            }
            if (++iterations > limits.loopBound()) {
                throw new NotValidated("loop running more than " + limits.loopBound() + " times", s);
            }
            Flow f = exec(body);
            if (f instanceof Break) {
                break;
            }
            if (f instanceof Return || f instanceof Goto) {
                return f;
            }
            if (s.is("for_statement")) {
                s.child("update").ifPresent(this::eval);
            }
        }
        return NORMAL;
    }

    /**
     * A loop that is inert but for its exits ({@link LoopExits}): every run of it is some number
     * n &ge; 0 of iterations that stay in the loop, then either the condition fails or iteration
     * n+1 leaves it (return, goto, break). Staying iterations change no allocation, backend,
     * zeroing, scope or atomic context; by {@link #stayingSummary} they assign no place that holds
     * tracked memory, hand no tracked memory to a call for the first time, and read no value that
     * may differ between the two versions (a tracked pointer's, or one derived from it). So every
     * state they can reach is covered by the state with every place they assign unknown
     * (conditions on an unknown are explored both ways, and answered alike in both versions, which
     * is right because what they assign is the same in both): that summary stands for iterations
     * 1..n, whatever n is. Then the condition is asked; when it holds, iteration n+1 runs for
     * real, and its exits (frees and all) are executed, every one a path.
     *
     * <p>When iteration n+1 stays in the loop instead (and, for do-while, the condition then holds),
     * the path is covered by the path whose summary takes in n+1 iterations, and is dropped
     * ({@link InfeasiblePath}); a do-while whose condition then fails ends there, as it would.
     * This replaces the bound on iterations: a loop over every page of a buffer, or over a linked
     * list, is proven in a few paths. Should the versions still leave such a loop at different
     * iterations under the same answers (one dropped, the other not), {@link Validator} refuses.
     */
    private Flow loopToItsExit(SyntaxNode s, SyntaxNode body, Optional<SyntaxNode> condition, Summary staying) {
        int entered = decisions.mark();
        decisions.enter(question("summarised loop (" + condition.map(CText::canonical).orElse("") + ")"));
        apply(staying);
        boolean doWhile = s.is("do_statement");
        if (!doWhile && condition.isPresent() && !cond(condition.get())) {
            return NORMAL;
        }
        Flow f = exec(body);
        if (f instanceof Break) {
            return NORMAL;
        }
        if (f instanceof Return || f instanceof Goto) {
            return f;
        }
        if (doWhile && condition.isPresent() && !cond(condition.get())) {
            return NORMAL;
        }
        throw new InfeasiblePath(entered);
    }

    /** What summarised iterations do: the places they may assign, and the tracked memory they may pass on. */
    private record Summary(List<String> places, List<SyntaxNode> at, List<Value> passed) {}

    /**
     * The effect of any number of staying iterations of a loop, or empty when it cannot be
     * summarised soundly (the loop then runs iteration by iteration, as before): when they read a
     * value that may differ between the versions ({@link #readsTrackedValue}), when a place they
     * assign holds tracked memory (a pointer the model handed out: reassigning it in an unknown
     * iteration would lose which backend owns it), or when they pass tracked memory that has not
     * escaped yet to a call that may keep it (only some iterations might do so, and "escaped"
     * would hide a leak on every path).
     */
    private Optional<Summary> stayingSummary(StayingPlan plan) {
        // the syntax's part of every question comes from the plan; this run's values answer the rest
        for (int i = 0; i < plan.reads().size(); i++) {
            if (readsTrackedValue(plan.reads().get(i), plan.readKeys().get(i))) {
                return Optional.empty();
            }
        }
        List<String> places = plan.places();
        List<Value> passed = new ArrayList<>();
        for (String key : plan.passedKeys()) {
            passed.addAll(valuesAt(key));
        }
        for (String key : places) {
            if (valuesAt(key).stream().anyMatch(this::tracked)) {
                return Optional.empty();
            }
        }
        for (Value v : passed) {
            if (tracked(v) && model.allocation(((Value.Ptr) v).pointer()).filter(Allocation::isLive)
                    .filter(a -> !escaped.contains(a.id()) && !adopted.contains(a.id())).isPresent()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Summary(places, plan.at(), passed));
    }

    /**
     * Does this node read a tracked pointer's value itself (test it, compare it, copy it, compute
     * with it), as opposed to reading or writing through it ({@code p[i]}, {@code p->n},
     * {@code *p}) or handing it to an opaque call? A tracked pointer's value can differ between
     * the two versions (NULL in one); a summary makes what it computes from it unknown, and one
     * unknown answers the same in both versions: so a staying part that reads one is not summarised.
     *
     * @param n a node that {@link #readsAPlace}
     * @param key its canonical key
     */
    private boolean readsTrackedValue(SyntaxNode n, String key) {
        if (pointerDerived.contains(key)) {
            // read anywhere but as the target of a plain store
            return !("left".equals(n.field()) && n.parent().map(a -> a.is("assignment_expression")
                    && operator(a).equals("=")).orElse(false));
        }
        if (valuesAt(key).stream().noneMatch(this::tracked)) {
            return false;
        }
        SyntaxNode c = n;
        while (c.parent().map(p -> p.is("parenthesized_expression") || p.is("cast_expression")).orElse(false)) {
            c = c.parent().get();
        }
        SyntaxNode use = c.parentOrNull();
        if (use == null) {
            return true;
        }
        boolean through = (use.is("subscript_expression") || use.is("field_expression")) && "argument".equals(c.field())
                || use.is("pointer_expression") && !isAddressOf(use);
        boolean opaqueArgument = use.is("argument_list") && use.parent()
                .flatMap(CSyntax::calleeName)
                .map(name -> !Builtins.isKnown(name) && api.lookup(name).isEmpty())
                .orElse(false);
        return !through && !opaqueArgument;
    }

    /**
     * What this run knows to be in a place: its value, or for an element of an array (whose index
     * the text may not fix, {@code a[i]}, {@code a[*]}) the value of every element it stored.
     */
    private List<Value> valuesAt(String key) {
        int bracket = key.indexOf('[');
        if (bracket <= 0) {
            Value v = env.get(key);
            return v == null ? List.of() : List.of(v);
        }
        String array = key.substring(0, bracket + 1);
        return env.entrySet().stream().filter(e -> e.getKey().startsWith(array)).map(Map.Entry::getValue).toList();
    }

    /** A pointer into memory the model handed out or adopted (live or freed). */
    private boolean tracked(Value v) {
        return v instanceof Value.Ptr p && !p.pointer().isNull() && model.allocation(p.pointer()).isPresent();
    }

    private void apply(Summary s) {
        s.passed().forEach(this::escape);
        for (int i = 0; i < s.places().size(); i++) {
            forget(s.places().get(i), s.at().get(i));
        }
    }

    /**
     * Does this node read a place ({@code x}, {@code p->f}, {@code a[i]}, {@code *p}; not a member
     * name nor a callee)? The syntax's part of {@link #readsTrackedValue}, which is asked with the
     * node's canonical key.
     */
    static boolean readsAPlace(SyntaxNode n) {
        boolean place = n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")
                || n.is("pointer_expression") && !isAddressOf(n);
        return place && !"field".equals(n.field()) && !"function".equals(n.field());
    }

    /** The place a node assigns: left of an assignment, operand of ++/--, target of {@code &}, a declared name. */
    static Optional<SyntaxNode> assignedPlace(SyntaxNode n) {
        SyntaxNode target = null;
        if (n.is("assignment_expression")) {
            target = n.child("left").orElse(null);
        } else if (n.is("update_expression")) {
            target = n.child("argument").orElse(null);
        } else if (n.is("pointer_expression") && n.child("operator").map(o -> o.text().equals("&")).orElse(false)) {
            target = n.child("argument").orElse(null);
        } else if (n.is("init_declarator")) {
            target = n.child("declarator").flatMap(CSyntax::declaredName).orElse(null);
        }
        return Optional.ofNullable(target).map(CSyntax::unwrap);
    }

    /**
     * Forget key of an assigned place: an element of an array stands for all of them, also below
     * a field ({@code a[i]}, {@code a[i].len} and {@code a[i][j]} → {@code a[*]}), since the
     * iterations' indexes are not known.
     */
    static String havocKey(SyntaxNode t) {
        String c = CText.canonical(t);
        int bracket = c.indexOf('[');
        return bracket > 0 ? c.substring(0, bracket) + "[*]" : c;
    }

    /** Plain variable and field arguments of a call that may keep its pointer arguments. */
    private static List<SyntaxNode> keptArguments(SyntaxNode n) {
        if (!n.is("call_expression") || Builtins.nonCapturing(CSyntax.calleeName(n).orElse(""))) {
            return List.of();
        }
        return CSyntax.arguments(n).stream().map(CSyntax::unwrap)
                .filter(u -> u.is("identifier") || u.is("field_expression")).toList();
    }

    /** A loop matters when it allocates, frees, queries, zeroes, locks, returns or jumps out. */
    private boolean relevant(SyntaxNode loop) {
        boolean[] r = {false};
        loop.walk(n -> {
            if (r[0]) {
                return;
            }
            if (n.is("return_statement") || n.is("goto_statement")) {
                r[0] = true;
            } else if (n.is("call_expression")) {
                String name = CSyntax.calleeName(n).orElse("");
                r[0] = api.lookup(name).isPresent() || Builtins.ATOMIC_ENTER.contains(name)
                        || Builtins.ATOMIC_EXIT.contains(name) || name.equals("memset") || name.equals("memzero_explicit")
                        || name.startsWith("memalloc_");
            }
        });
        return r[0];
    }

    /** Summarises a loop that cannot matter: whatever it assigns becomes unknown, what it passes on escapes. */
    private void havoc(SyntaxNode loop) {
        loop.walk(n -> {
            for (SyntaxNode a : keptArguments(n)) {
                Value v = env.get(CText.canonical(a));
                if (v != null) {
                    escape(v);
                }
            }
            assignedPlace(n).ifPresent(t -> forget(havocKey(t), t));
        });
    }

    /** The place becomes unknown; memory it held escapes (the loop may have stored or freed it). */
    private void forget(String key, SyntaxNode place) {
        if (key.endsWith("[*]")) {
            String prefix = key.substring(0, key.length() - 2);
            for (Map.Entry<String, Value> e : new ArrayList<>(env.entrySet())) {
                if (e.getKey().startsWith(prefix)) {
                    escape(e.getValue());
                    unbind(e.getKey());
                }
            }
            placeValues.keySet().removeIf(k -> k.startsWith(prefix));
            return;
        }
        Value old = env.get(key);
        if (old != null) {
            escape(old);
        }
        invalidate(key);
        bind(key, new Value.Unknown(key));
        // An unknown value in a place the code stored into before is what the caller finds there;
        // a place only an opaque call or a summarised loop touched is not an observable of the code.
        placeValues.computeIfPresent(key, (k, v) -> new Value.Unknown(key));
    }

    // ---------------------------------------------------------------- switch and #if

    private Flow switchStatement(SyntaxNode s) {
        SyntaxNode condition = s.child("condition").orElseThrow(() -> new NotValidated("switch without a selector", s));
        SyntaxNode body = s.child("body").orElseThrow(() -> new NotValidated("switch without a body", s));
        List<SyntaxNode> cases = body.namedChildren().stream().filter(c -> c.is("case_statement")).toList();
        Value selector = eval(condition);
        int start = -1;
        int defaultAt = -1;
        boolean decidable = selector instanceof Value.Int;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            SyntaxNode c = cases.get(i);
            Optional<SyntaxNode> v = c.child("value");
            if (v.isEmpty()) {
                defaultAt = i;
                labels.add("default");
                continue;
            }
            labels.add("case " + CText.canonical(v.get()));
            if (decidable && start < 0) {
                Value cv = eval(v.get());
                if (cv instanceof Value.Int ci) {
                    if (ci.value() == ((Value.Int) selector).value()) {
                        start = i;
                    }
                } else {
                    decidable = false;
                }
            }
        }
        if (decidable) {
            start = start >= 0 ? start : defaultAt;
        } else {
            List<String> answers = new ArrayList<>(labels);
            if (defaultAt < 0) {
                answers.add("no case");
            }
            String text = "switch (" + CText.canonical(condition) + ")";
            int c = decisions.choose(question(text), text, answers);
            decisionsAsked++;
            start = c < cases.size() ? c : -1;
        }
        if (start < 0) {
            return NORMAL;
        }
        for (int i = start; i < cases.size(); i++) {
            Flow f = block(caseBody(cases.get(i)), 0);
            if (f instanceof Break) {
                return NORMAL;
            }
            if (f != NORMAL) {
                return f;
            }
        }
        return NORMAL;
    }

    /** {@code #if}/{@code #ifdef} in a body: both configurations are real, so each branch is a path. */
    private Flow preproc(SyntaxNode s) {
        List<List<SyntaxNode>> branches = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        SyntaxNode cur = s;
        while (cur != null) {
            branches.add(statementsOf(cur));
            String head = cur.children().isEmpty() ? cur.type() : cur.children().getFirst().text();
            SyntaxNode branch = cur;
            Optional<SyntaxNode> c = branch.child("condition").or(() -> branch.child("name"));
            answers.add(head + c.map(x -> " " + x.text().strip()).orElse(""));
            cur = cur.child("alternative").orElse(null);
        }
        if (!answers.getLast().startsWith("#else")) {
            branches.add(List.of());
            answers.add("none of them");
        }
        String text = answers.getFirst();
        int c = decisions.choose(question("preprocessor " + text), text, answers);
        decisionsAsked++;
        return block(branches.get(c), 0);
    }

    // ================================================================ expressions

    private Value eval(SyntaxNode n) {
        tick(n);
        switch (n.type()) {
            case "number_literal" -> {
                OptionalLong v = CText.number(n.text());
                return v.isPresent() ? new Value.Int(v.getAsLong()) : new Value.Unknown(n.text());
            }
            case "char_literal" -> {
                OptionalLong v = CText.character(n.text());
                return v.isPresent() ? new Value.Int(v.getAsLong()) : new Value.Unknown(n.text());
            }
            case "string_literal", "concatenated_string", "raw_string_literal" -> {
                return new Value.Str(n.text());
            }
            case "true" -> {
                return Value.ONE;
            }
            case "false" -> {
                return Value.ZERO;
            }
            case "null" -> {
                return Value.NULL;
            }
            case "identifier" -> {
                return identifier(n);
            }
            case "field_expression", "subscript_expression" -> {
                return read(n);
            }
            case "pointer_expression" -> {
                if (isAddressOf(n)) {
                    n.child("argument").ifPresent(a -> {
                        if (a.is("subscript_expression")) {
                            a.child("index").ifPresent(this::eval);
                        }
                    });
                    return new Value.Unknown(CText.canonical(n));
                }
                return read(n);
            }
            case "parenthesized_expression" -> {
                List<SyntaxNode> inner = n.namedChildren().stream().filter(c -> !c.is("comment")).toList();
                if (inner.size() == 1 && inner.getFirst().is("compound_statement")) {
                    throw new NotValidated("statement expression ({ ... })", n);
                }
                if (inner.size() != 1) {
                    throw new NotValidated("odd parenthesized expression", n);
                }
                return eval(inner.getFirst());
            }
            case "cast_expression" -> {
                return eval(n.child("value").orElseThrow(() -> new NotValidated("cast without a value", n)));
            }
            case "sizeof_expression" -> {
                return sizeOf(CText.sizeofOperand(n));
            }
            case "alignof_expression", "offsetof_expression", "compound_literal_expression", "generic_expression" -> {
                return unknown(CText.canonical(n));
            }
            case "initializer_list" -> {
                n.namedChildren().stream().filter(c -> !c.is("comment")).forEach(c ->
                        eval(c.is("initializer_pair") ? c.child("value").orElse(c) : c));
                return unknown(CText.canonical(n));
            }
            case "unary_expression" -> {
                return unary(n);
            }
            case "binary_expression" -> {
                String op = operator(n);
                if (op.equals("&&") || op.equals("||")) {
                    return Value.bool(cond(n));
                }
                Value l = eval(n.child("left").orElseThrow());
                Value r = eval(n.child("right").orElseThrow());
                return arith(op, l, r, n);
            }
            case "conditional_expression" -> {
                SyntaxNode c = n.child("condition").orElseThrow();
                Optional<SyntaxNode> then = n.child("consequence");
                if (then.isEmpty()) { // GNU a ?: b
                    Value v = eval(c);
                    Optional<Boolean> t = Value.truth(v);
                    if (t.isPresent()) {
                        return t.get() ? v : eval(n.child("alternative").orElseThrow());
                    }
                    return decide(c) ? v : eval(n.child("alternative").orElseThrow());
                }
                return cond(c) ? eval(then.get()) : eval(n.child("alternative").orElseThrow());
            }
            case "assignment_expression" -> {
                return assignment(n);
            }
            case "update_expression" -> {
                return update(n);
            }
            case "call_expression" -> {
                return call(n);
            }
            case "comma_expression" -> {
                eval(n.child("left").orElseThrow());
                return eval(n.child("right").orElseThrow());
            }
            case "gnu_asm_expression" -> throw new NotValidated("inline assembly", n);
            case "comment" -> {
                return Value.ZERO;
            }
            case "ERROR" -> throw new NotValidated("code tree-sitter could not parse", n);
            default -> throw new NotValidated("expression '" + n.type() + "'", n);
        }
    }

    private Value identifier(SyntaxNode n) {
        String name = n.text();
        Value v = env.get(name);
        if (v != null) {
            countTrackedRead(v);
            return v;
        }
        if (name.equals("NULL")) {
            return Value.NULL;
        }
        Optional<GfpMask> mask = GfpMask.named(name);
        if (mask.isPresent()) {
            return new Value.Gfp(mask.get());
        }
        OptionalLong c = CConstants.value(name);
        if (c.isPresent()) {
            return new Value.Int(c.getAsLong());
        }
        return unknown(name);
    }

    /** Reads a field, element or {@code *p}: what this run stored there, else an input. */
    private Value read(SyntaxNode place) {
        String key = placeKey(place);
        Value v = env.get(key);
        if (v != null) {
            countTrackedRead(v);
        }
        return v != null ? v : unknown(key);
    }

    private void countTrackedRead(Value v) {
        if (tracked(v)) {
            trackedValueReads++;
        }
    }

    /**
     * After a store into a variable or field: it is derived from a tracked pointer when the value
     * stored read one, or the store runs in a branch taken on one.
     */
    private void noteDerivation(SyntaxNode lvalue, boolean readPointer) {
        SyntaxNode p = stripParens(lvalue);
        if (!p.is("identifier") && !p.is("field_expression")) {
            return; // elements: their index would have to be evaluated again
        }
        String key = CText.canonical(p);
        if (readPointer || pointerBranches > 0) {
            pointerDerived.add(key);
        } else {
            pointerDerived.remove(key);
        }
    }

    private Value sizeOf(String operand) {
        OptionalLong known = CText.knownSizeof(fn, operand);
        if (known.isPresent()) {
            return new Value.Int(known.getAsLong());
        }
        return new Value.Int(bindings.getOrDefault(CText.sizeofKey(operand), CTypes.UNKNOWN_SIZEOF));
    }

    private Value unary(SyntaxNode n) {
        return Operators.unary(operator(n), eval(n.child("argument").orElseThrow()), CText.canonical(n));
    }

    private Value arith(String op, Value l, Value r, SyntaxNode at) {
        return Operators.binary(op, l, r, CText.canonical(at), this::maskOf);
    }

    /** A value used as a GFP mask; an unknown one is the scenario's mask. */
    private GfpMask maskOf(Value v) {
        return switch (v) {
            case Value.Gfp g -> g.mask();
            case Value.Int i when i.value() == 0 -> GfpMask.NONE;
            default -> scenarioMask();
        };
    }

    private GfpMask scenarioMask() {
        return scenario.gfp().orElse(GfpMask.GFP_KERNEL);
    }

    private Value assignment(SyntaxNode n) {
        String op = operator(n);
        SyntaxNode left = n.child("left").orElseThrow();
        int reads = trackedValueReads;
        Value r = eval(n.child("right").orElseThrow());
        Value v = r;
        if (!op.equals("=")) {
            Value cur = evalPlace(left);
            v = arith(op.substring(0, op.length() - 1), cur, r, n);
        }
        boolean wasDerived = !op.equals("=") && pointerDerived.contains(CText.canonical(stripParens(left)));
        assign(left, v);
        noteDerivation(left, wasDerived || trackedValueReads != reads); // x += ... keeps x derived
        return v;
    }

    private Value update(SyntaxNode n) {
        SyntaxNode arg = n.child("argument").orElseThrow();
        Value cur = evalPlace(arg);
        String op = operator(n);
        Value next = arith(op.startsWith("+") ? "+" : "-", cur, Value.ONE, n);
        assign(arg, next);
        boolean prefix = n.children().getFirst().text().equals(op);
        return prefix ? next : cur;
    }

    private Value evalPlace(SyntaxNode place) {
        SyntaxNode p = CSyntax.unwrap(place);
        return p.is("identifier") ? identifier(p) : read(p);
    }

    /** Stores into a place: locals stay local; anything else is observable by the caller and escapes what it holds. */
    private void assign(SyntaxNode lvalue, Value v) {
        SyntaxNode p = stripParens(lvalue);
        if (!(p.is("identifier") || p.is("field_expression") || p.is("subscript_expression") || p.is("pointer_expression"))) {
            throw new NotValidated("assignment to '" + CText.canonical(p) + "'", p);
        }
        String key = p.is("identifier") ? p.text() : placeKey(p);
        Value stored = p.is("identifier") ? rekey(key, v) : v;
        invalidate(key);
        bind(key, stored);
        if (escapes(p)) {
            placeValues.put(key, stored);
            escape(stored);
        }
    }

    /** An unknown stored in a variable the size solver bound takes the bound value. */
    private Value rekey(String name, Value v) {
        if (v instanceof Value.Unknown && bindings.containsKey(name)) {
            return new Value.Int(bindings.get(name));
        }
        return v;
    }

    /** Forgets what was known through a place that now holds something else ({@code p->x} after {@code p = ...}). */
    private void invalidate(String key) {
        // the keys that start with this one follow it in the sorted set: one walk, no bound strings made
        if (!derivedKeys.isEmpty()) {
            java.util.Iterator<String> it = derivedKeys.tailSet(key, false).iterator();
            while (it.hasNext()) {
                String k = it.next();
                if (!k.startsWith(key)) {
                    break;
                }
                if (derivedFrom(k, key)) {
                    env.remove(k);
                    it.remove();
                }
            }
        }
        unbind("*" + key);
    }

    /** Is {@code k} a place reached through {@code key} ({@code key->x}, {@code key.x}, {@code key[i]})? */
    private static boolean derivedFrom(String k, String key) {
        int n = key.length();
        return k.length() > n && (k.charAt(n) == '.' || k.charAt(n) == '[' || k.startsWith("->", n));
    }

    private void bind(String key, Value v) {
        env.put(key, v);
        if (key.contains("->") || key.contains(".") || key.contains("[") || key.startsWith("*")) {
            derivedKeys.add(key);
        }
    }

    private void unbind(String key) {
        env.remove(key);
        derivedKeys.remove(key);
    }

    /** Does a store into this place outlive the call (field through a pointer, global, *out)? */
    private boolean escapes(SyntaxNode place) {
        SyntaxNode p = stripParens(place);
        return switch (p.type()) {
            case "identifier" -> !fn.locals().containsKey(p.text()) && !fn.params().containsKey(p.text());
            case "field_expression" -> p.child("operator").map(o -> o.text().equals("->")).orElse(true)
                    || escapes(p.child("argument").orElseThrow());
            case "subscript_expression" -> {
                SyntaxNode arr = stripParens(p.child("argument").orElseThrow());
                boolean localArray = arr.is("identifier") && fn.locals().getOrDefault(arr.text(), "").endsWith("[]");
                yield !localArray || escapes(arr);
            }
            default -> true;
        };
    }

    /** Canonical text of a place, with a known subscript index evaluated ({@code pages[2]}). */
    private String placeKey(SyntaxNode place) {
        SyntaxNode p = stripParens(place);
        if (p.is("subscript_expression")) {
            SyntaxNode arr = p.child("argument").orElseThrow();
            SyntaxNode idx = p.child("index").orElseThrow(() -> new NotValidated("subscript without an index", p));
            Value i = eval(idx);
            String at = i instanceof Value.Int n ? Long.toString(n.value()) : CText.canonical(idx);
            return placeKey(arr) + "[" + at + "]";
        }
        if (p.is("field_expression")) {
            SyntaxNode arg = p.child("argument").orElseThrow();
            return placeKey(arg) + p.child("operator").map(SyntaxNode::text).orElse("->")
                    + p.child("field").map(SyntaxNode::text).orElse("?");
        }
        if (p.is("pointer_expression") && !isAddressOf(p)) {
            return "*" + placeKey(p.child("argument").orElseThrow());
        }
        return CText.canonical(p);
    }

    /** An input: the size solver's value when it bound this key, else unknown. */
    private Value unknown(String key) {
        Long b = bindings.get(key);
        return b != null ? new Value.Int(b) : new Value.Unknown(key);
    }

    // ---------------------------------------------------------------- conditions

    /** A condition's truth; an unknown one is a decision of this path. */
    private boolean cond(SyntaxNode node) {
        SyntaxNode n = stripParensOnly(node);
        if (n.is("call_expression")) {
            String name = CSyntax.calleeName(n).orElse("");
            List<SyntaxNode> args = CSyntax.arguments(n);
            if (Builtins.IDENTITY.contains(name) && !args.isEmpty()) {
                return cond(args.getFirst());
            }
        }
        if (n.is("unary_expression") && operator(n).equals("!")) {
            return !cond(n.child("argument").orElseThrow());
        }
        if (n.is("binary_expression")) {
            String op = operator(n);
            if (op.equals("&&")) {
                return cond(n.child("left").orElseThrow()) && cond(n.child("right").orElseThrow());
            }
            if (op.equals("||")) {
                return cond(n.child("left").orElseThrow()) || cond(n.child("right").orElseThrow());
            }
        }
        Value v = eval(n);
        Optional<Boolean> t = Value.truth(v);
        if (t.isPresent()) {
            return t.get();
        }
        boolean b = decide(n);
        refine(n, b);
        return b;
    }

    private boolean decide(SyntaxNode n) {
        String text = CText.canonical(n);
        decisionsAsked++;
        return decisions.chooseBool(question(text), text);
    }

    /** The question's key: its text and how many times this run asked it before (the same in both versions). */
    private String question(String text) {
        int k = occurrences.merge(text, 1, Integer::sum);
        return text + "#" + k;
    }

    /** After deciding {@code !p} (or {@code p == NULL}) about an unknown place, remember the NULL. */
    private void refine(SyntaxNode n, boolean truth) {
        SyntaxNode place = null;
        boolean nullWhen = false;
        if (n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")
                || n.is("pointer_expression") && !isAddressOf(n)) {
            place = n;
            nullWhen = false; // "if (p)" false → p is NULL
        } else if (n.is("binary_expression") && (operator(n).equals("==") || operator(n).equals("!="))) {
            SyntaxNode l = stripParens(n.child("left").orElseThrow());
            SyntaxNode r = stripParens(n.child("right").orElseThrow());
            boolean rNull = isNullLiteral(r);
            boolean lNull = isNullLiteral(l);
            if (rNull != lNull) {
                place = rNull ? l : r;
                nullWhen = operator(n).equals("==");
            }
        }
        if (place == null || truth != nullWhen) {
            return;
        }
        SyntaxNode p = stripParens(place);
        if (!(p.is("identifier") || p.is("field_expression") || p.is("subscript_expression") || p.is("pointer_expression"))) {
            return;
        }
        String key = p.is("identifier") ? p.text() : placeKey(p);
        if (env.get(key) == null || env.get(key) instanceof Value.Unknown) {
            bind(key, Value.NULL);
        }
    }

    // ================================================================ calls

    private Value call(SyntaxNode n) {
        Optional<String> callee = CSyntax.calleeName(n);
        List<SyntaxNode> args = CSyntax.arguments(n);
        if (callee.isEmpty()) {
            n.child("function").ifPresent(f -> {
                if (!f.is("identifier")) {
                    eval(f);
                }
            });
            return opaque(n, "", args);
        }
        String name = callee.get();
        Optional<ApiFunction> f = api.lookup(name);
        if (f.isPresent()) {
            return allocatorCall(n, f.get(), args);
        }
        if (Builtins.IDENTITY.contains(name)) {
            List<Value> vals = args.stream().map(this::eval).toList();
            return vals.isEmpty() ? Value.ZERO : vals.getFirst();
        }
        if (Builtins.ATOMIC_ENTER.contains(name)) {
            args.forEach(this::eval);
            atomicDepth++;
            model.setContext(ExecutionContext.ATOMIC);
            return name.startsWith("get_cpu") ? unknown(CText.canonical(n)) : Value.ZERO;
        }
        if (Builtins.ATOMIC_EXIT.contains(name)) {
            args.forEach(this::eval);
            atomicDepth = Math.max(0, atomicDepth - 1);
            if (atomicDepth == 0) {
                model.setContext(ExecutionContext.PROCESS);
            }
            return Value.ZERO;
        }
        if (Builtins.ARITHMETIC.contains(name)) {
            return builtin(n, name, args);
        }
        return opaque(n, name, args);
    }

    /** A call the interpreter does not know: unknown result; tracked pointers passed to it escape; {@code &x} arguments become unknown. */
    private Value opaque(SyntaxNode n, String name, List<SyntaxNode> args) {
        boolean keeps = !Builtins.nonCapturing(name);
        for (SyntaxNode a : args) {
            SyntaxNode u = stripParens(a);
            if (isAddressOf(u)) {
                SyntaxNode target = stripParens(u.child("argument").orElseThrow());
                if (target.is("identifier") || target.is("field_expression") || target.is("subscript_expression")
                        || target.is("pointer_expression")) {
                    forget(target.is("identifier") ? target.text() : placeKey(target), target);
                    continue;
                }
            }
            Value v = eval(a);
            if (keeps) {
                escape(v);
            }
        }
        return unknown(CText.canonical(n));
    }

    private Value builtin(SyntaxNode n, String name, List<SyntaxNode> args) {
        switch (name) {
            case "memset", "memzero_explicit" -> {
                List<Value> v = args.stream().map(this::eval).toList();
                int lenAt = name.equals("memset") ? 2 : 1;
                String lenText = args.size() > lenAt ? String.join("*", sizeFactors(args.get(lenAt)).stream().sorted().toList()) : "";
                if (v.isEmpty()) {
                    return Value.ZERO;
                }
                Value c = name.equals("memset") ? (v.size() > 1 ? v.get(1) : Value.ONE) : Value.ZERO;
                Value len = name.equals("memset") ? (v.size() > 2 ? v.get(2) : null) : (v.size() > 1 ? v.get(1) : null);
                if (v.getFirst() instanceof Value.Ptr p) {
                    model.allocation(p.pointer()).filter(Allocation::isLive).ifPresent(a -> {
                        boolean whole = len instanceof Value.Int l ? Long.compareUnsigned(l.value(), a.requested()) >= 0
                                : lenText.equals(sizeTexts.get(a.id())); // the same size expression as the allocation
                        if (c instanceof Value.Int ci && ci.value() == 0 && whole) {
                            memsetZero.add(a.id());
                            memsetDirty.remove(a.id());
                        } else if (!(c instanceof Value.Int ci2 && ci2.value() == 0)) {
                            memsetDirty.add(a.id());
                        }
                    });
                }
                return v.getFirst();
            }
            case "memalloc_nofs_save", "memalloc_noio_save" -> {
                GfpScope scope = name.contains("nofs") ? GfpScope.NOFS : GfpScope.NOIO;
                model.enterScope(scope);
                if (scope == GfpScope.NOFS) {
                    nofsDepth++;
                } else {
                    noioDepth++;
                }
                return unknown(CText.canonical(n));
            }
            case "memalloc_nofs_restore", "memalloc_noio_restore" -> {
                args.forEach(this::eval);
                boolean nofs = name.contains("nofs");
                if (nofs && nofsDepth > 0) {
                    nofsDepth--;
                    model.exitScope(GfpScope.NOFS);
                } else if (!nofs && noioDepth > 0) {
                    noioDepth--;
                    model.exitScope(GfpScope.NOIO);
                }
                return Value.ZERO;
            }
            case "check_mul_overflow", "check_add_overflow" -> {
                if (args.size() != 3) {
                    throw new NotValidated(name + "() with " + args.size() + " arguments", n);
                }
                Value a = eval(args.get(0));
                Value b = eval(args.get(1));
                SyntaxNode out = stripParens(args.get(2));
                if (!isAddressOf(out)) {
                    throw new NotValidated(name + "() storing through a pointer variable", n);
                }
                SyntaxNode target = out.child("argument").orElseThrow();
                if (a instanceof Value.Int x && b instanceof Value.Int y) {
                    boolean mul = name.startsWith("check_mul");
                    long r = mul ? x.value() * y.value() : x.value() + y.value();
                    boolean overflow = mul ? Math.unsignedMultiplyHigh(x.value(), y.value()) != 0
                            : Long.compareUnsigned(r, x.value()) < 0;
                    assign(target, new Value.Int(r));
                    return Value.bool(overflow);
                }
                assign(target, new Value.Unknown(CText.canonical(target)));
                return unknown(CText.canonical(n));
            }
            default -> {
                // arithmetic and ERR_PTR helpers: all arguments are values
            }
        }
        List<Value> v = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (SyntaxNode a : args) {
            texts.add(CText.canonical(a));
            v.add(TYPED_MIN_MAX.contains(name) && v.isEmpty() ? Value.ZERO : ("struct_size".equals(name)
                    || "flex_array_size".equals(name)) && v.size() < 2 ? Value.ZERO : eval(a));
        }
        Value r = Arithmetic.apply(name, v, texts, this::sizeOf);
        return r instanceof Value.Unknown ? unknown(CText.canonical(n)) : r;
    }

    // ---------------------------------------------------------------- allocator calls

    private Value allocatorCall(SyntaxNode n, ApiFunction f, List<SyntaxNode> args) {
        List<Value> vals = new ArrayList<>();
        for (SyntaxNode a : args) {
            vals.add(eval(a));
        }
        reached.add(n.startByte());
        String site = fn.name() + ":" + f.name() + "#" + callCounts.merge(f.name(), 1, Integer::sum);
        ModelArgs margsOf = new ModelArgs(scenario.size(), this::maskOf);
        if (f.role() != ApiFunction.Role.ALLOC && vals.isEmpty()) {
            throw new NotValidated(f.name() + "() without an argument", n);
        }
        List<Arg> margs = switch (f.role()) {
            case ALLOC -> margsOf.alloc(f, vals);
            case REALLOC -> margsOf.realloc(f, vals, pointer(vals.getFirst(), args.getFirst(), f));
            case FREE -> margsOf.free(f, vals, pointer(vals.getFirst(), args.getFirst(), f));
            case QUERY -> List.of(Arg.ptr(pointer(vals.getFirst(), args.getFirst(), f)));
        };
        Outcome o;
        try {
            o = model.call(f.name(), margs, site);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new NotValidated(f.name() + "() with arguments the model cannot take (" + e.getMessage() + ")", n);
        }
        siteLines.put(site, n.startRow() + 1);
        if (o instanceof Outcome.Allocated a && a.allocationId() != 0 && !f.sizeArgs().isEmpty()) {
            List<String> factors = new ArrayList<>();
            for (int i : f.sizeArgs()) {
                if (i < args.size()) {
                    factors.addAll(sizeFactors(args.get(i)));
                }
            }
            sizeTexts.put(a.allocationId(), String.join("*", factors.stream().sorted().toList()));
        }
        return switch (o) {
            case Outcome.Allocated a -> new Value.Ptr(a.pointer());
            case Outcome.Failed x -> new Value.Ptr(x.pointer());
            case Outcome.Done d -> Value.ZERO;
            case Outcome.Answer ans -> Value.bool(ans.yes());
        };
    }

    private final Map<String, Integer> siteLines = new HashMap<>();
    /** Allocation id → its size as normalised C text, for memset(p, 0, same size) with an unknown size. */
    private final Map<Long, String> sizeTexts = new HashMap<>();

    private int lineOfSite(String site) {
        return siteLines.getOrDefault(site, 0);
    }

    /** A pointer argument of a free, realloc or query; an unknown one gets an origin now. */
    private Pointer pointer(Value v, SyntaxNode arg, ApiFunction f) {
        return switch (v) {
            case Value.Ptr p -> p.pointer();
            case Value.Int i -> new Pointer(i.value());
            case Value.Unknown u -> materialise(u.key(), arg, f);
            case Value.Str s -> new Pointer(0xffffffff81000000L); // kernel text: never allocated
            case Value.Gfp g -> throw new NotValidated("a GFP mask passed as a pointer to " + f.name() + "()", arg);
        };
    }

    /**
     * Gives a pointer of unknown origin a provenance by adopting memory into the model. Where the
     * two versions free it differently, every origin is a path (same answer for both versions);
     * otherwise the origin the free itself assumes.
     */
    private Pointer materialise(String key, SyntaxNode arg, ApiFunction f) {
        Value known = materialised.get(key);
        if (known instanceof Value.Ptr p) {
            return p.pointer();
        }
        int origin;
        String argKey = CText.canonical(CSyntax.unwrap(arg));
        if (interesting.contains(key) || interesting.contains(argKey)) {
            List<Integer> allowed = originHints.getOrDefault(key, originHints.getOrDefault(argKey, List.of(0, 1, 2, 3)));
            String text = "origin of " + key;
            origin = allowed.get(decisions.choose("origin:" + key, text, allowed.stream().map(ORIGINS::get).toList()));
            decisionsAsked++;
        } else {
            origin = defaultOrigin(f);
        }
        long size = scenario.size();
        boolean kmalloc = origin == 0 || origin == 2;
        Backend backend = kmalloc ? (size <= model.config().limits().kmallocMaxCacheSize() ? Backend.SLAB : Backend.PAGES)
                : Backend.VMALLOC;
        String api = origin == 0 ? "kmalloc" : origin == 1 ? "vmalloc" : "kvmalloc";
        Allocation a = model.adopt(api, backend, size, "caller:" + key);
        adopted.add(a.id());
        Value p = new Value.Ptr(a.pointer());
        materialised.put(key, p);
        if (!key.contains("(")) {
            bind(key, p);
        }
        return a.pointer();
    }

    /** The origin a free, realloc or query assumes when the origin is not explored. */
    private int defaultOrigin(ApiFunction f) {
        if (f.isFree()) {
            boolean k = f.freesCorrectly(ApiFunction.Family.KMALLOC);
            boolean v = f.freesCorrectly(ApiFunction.Family.VMALLOC);
            return k && v ? 2 : v ? 1 : 0;
        }
        return f.family() == ApiFunction.Family.KV ? 2 : 0;
    }

    /** The caller (or a store, or an opaque call) can reach this memory now: not a leak, whatever happens next. */
    private void escape(Value v) {
        if (v instanceof Value.Ptr p && !p.pointer().isNull()) {
            model.allocation(p.pointer()).ifPresent(a -> escaped.add(a.id()));
        }
    }

    private void tick(SyntaxNode at) {
        if (++steps > limits.stepBudget()) {
            throw new NotValidated("execution longer than " + limits.stepBudget() + " steps", at);
        }
    }

}
