package org.kvlint.validate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kvlint.alloc.AllocatorModel;
import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.KernelProfile;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * Proves a rewrite on the reference allocator model: runs each affected function before and after
 * over the {@link Matrix} (sizes x memory conditions x GFP masks x random-backend seeds), every
 * execution path of each row (the same decisions for both versions), and compares the runs
 * ({@link Comparison}).
 *
 * <pre>{@code
 * ValidationResult r = new Validator().validate(fileBytes, fix, kernel);
 * Fix proven = r.applyTo(fix);        // SAFE only if proven; else UNSAFE with r.reason()
 * }</pre>
 *
 * Immutable and thread-safe; each call parses with its own {@link CParser} unless given one
 * (a parser is not thread-safe: one per thread).
 */
public final class Validator {
    private final Matrix matrix;
    private final AllocatorApi api;

    public Validator() {
        this(Matrix.standard());
    }

    /** Functions larger than this are not proven (see where it is used). */
    static final int MAX_FUNCTION_BYTES = 64 << 10;

    /** The allocator table's function names, as the parse of a file for a fix chooses by them. */
    private final List<String> tableNames;
    /** Finds the allocator-table calls of a file, to choose the macros worth parsing. */
    private final org.kvlint.source.CallScan tableCalls;

    public Validator(Matrix matrix) {
        this(matrix, AllocatorApi.standard());
    }

    public Validator(Matrix matrix, AllocatorApi api) {
        this.matrix = matrix;
        this.api = AllocatorModel.modelledApi(api); // page allocator calls stay opaque
        this.tableNames = api.all().stream().map(ApiFunction::name).toList();
        this.tableCalls = new org.kvlint.source.CallScan(tableNames, List.of(), List.of(),
                org.kvlint.syntax.NativeScan.FINDER);
    }

    /** The functions and declarations of a file, and its macros that allocate or hold statements. */
    private SyntaxNode parse(CParser parser, SourceText source) {
        return parser.parseForFix(source, tableCalls.scan(source.bytes()).tableCalls());
    }

    /**
     * Does this validator parse a file as an analysis with {@code api} does ({@link CParser#parseForFix}
     * with that table's calls), so that the analysis's tree can be given to {@link #validate}?
     */
    public boolean parsesAs(AllocatorApi api) {
        return tableNames.equals(api.all().stream().map(ApiFunction::name).toList());
    }

    public Matrix matrix() {
        return matrix;
    }

    // ================================================================ entry points

    /**
     * Validates a fix of a file: applies its edits to {@code file} (the bytes its offsets index,
     * as read), and runs every function an edit touches.
     */
    public ValidationResult validate(byte[] file, Fix fix, KernelVersion kernel) {
        try (CParser parser = new CParser()) {
            return validate(file, fix, kernel, parser);
        }
    }

    /** As {@link #validate(byte[], Fix, KernelVersion)}, with the caller's parser. */
    public ValidationResult validate(byte[] file, Fix fix, KernelVersion kernel, CParser parser) {
        return validate(file, null, fix, kernel, parser);
    }

    /**
     * The fix of a finding. Where the finding's own span is a free of a pointer whose allocation
     * it names in a related location (a vmalloc() in another function), that pointer is given
     * only that origin; otherwise every origin is explored (see {@link Interpreter}).
     */
    public ValidationResult validate(byte[] file, Finding finding, Fix fix, KernelVersion kernel) {
        try (CParser parser = new CParser()) {
            return validate(file, finding, fix, kernel, parser);
        }
    }

    /** As {@link #validate(byte[], Finding, Fix, KernelVersion)}, with the caller's parser. */
    public ValidationResult validate(byte[] file, Finding finding, Fix fix, KernelVersion kernel, CParser parser) {
        return validate(file, null, finding, fix, kernel, parser);
    }

    /**
     * As above, with {@code file} already parsed as this validator parses it ({@code parsed}, see
     * {@link #parsesAs}; null: parsed here): the proof of each fix of a file takes the one parse
     * of the file its analysis made.
     */
    public ValidationResult validate(byte[] file, SyntaxNode parsed, Finding finding, Fix fix, KernelVersion kernel,
                                     CParser parser) {
        byte[] fixed;
        try {
            fixed = apply(file, fix.edits());
        } catch (IllegalArgumentException e) {
            return ValidationResult.notValidated("edits that overlap or fall outside the file", 0, List.of(), kernel,
                    "", "");
        }
        boolean given = parsed != null && parsed.source().bytes() == file; // a tree of these very bytes
        SourceText before = given ? parsed.source() : new SourceText(file);
        SyntaxNode root = given ? parsed : parse(parser, before);
        Set<String> names = new TreeSet<>();
        for (Fix.TextEdit e : fix.edits()) {
            Optional<SyntaxNode> fnNode = enclosingFunction(root, e);
            Optional<String> fn = fnNode.flatMap(CSyntax::functionName);
            if (fn.isEmpty()) {
                int line = before.rowOf(Math.min(e.startByte(), Math.max(0, file.length - 1))) + 1;
                return ValidationResult.notValidated("an edit outside any function body", line, List.of(), kernel, "", "");
            }
            int bytes = fnNode.get().endByte() - fnNode.get().startByte();
            if (bytes > MAX_FUNCTION_BYTES) {
                // each proof runs the whole function in every scenario: with one fix per few lines
                // of a huge function, proving them all would cost the square of its size
                return ValidationResult.notValidated(fn.get() + "() is " + (bytes >> 10) + " KiB, over the proof's "
                        + (MAX_FUNCTION_BYTES >> 10) + " KiB limit", fnNode.get().startRow() + 1, List.of(fn.get()),
                        kernel, "", "");
            }
            names.add(fn.get());
        }
        Map<String, List<Integer>> hints = finding == null ? Map.of() : originHints(root, finding);
        return validate(before, root, new SourceText(fixed), names, kernel, parser, hints);
    }

    /**
     * Validates the named functions of two versions of a file. A name defined several times
     * (under {@code #ifdef}) pairs its definitions in file order.
     */
    public ValidationResult validate(SourceText before, SourceText after, Set<String> functionNames, KernelVersion kernel) {
        try (CParser parser = new CParser()) {
            return validate(before, parse(parser, before), after, functionNames, kernel, parser, Map.of());
        }
    }

    /** Byte-range replacement: sorted, non-overlapping edits applied to {@code bytes}. */
    public static byte[] apply(byte[] bytes, List<Fix.TextEdit> edits) {
        List<Fix.TextEdit> sorted = edits.stream().distinct().sorted(Fix.TextEdit.ORDER).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 256);
        int at = 0;
        for (Fix.TextEdit e : sorted) {
            if (e.startByte() < at || e.endByte() > bytes.length) {
                throw new IllegalArgumentException("overlapping or out-of-range edit " + e);
            }
            out.write(bytes, at, e.startByte() - at);
            out.writeBytes(e.replacement().getBytes(StandardCharsets.UTF_8));
            at = e.endByte();
        }
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    // ================================================================ orchestration

    private ValidationResult validate(SourceText before, SyntaxNode beforeRoot, SourceText after, Set<String> names,
                                      KernelVersion kernel, CParser parser, Map<String, List<Integer>> hints) {
        List<String> fnNames = new ArrayList<>(new TreeSet<>(names));
        KernelProfile profile;
        try {
            profile = KernelProfile.of(kernel);
        } catch (IllegalArgumentException e) {
            return ValidationResult.notValidated("kernel " + kernel + ", older than the allocator model (4.12)", 0,
                    fnNames, kernel, "", "");
        }
        // of the fixed text, only the items that name the functions run (each as a whole-file parse has it)
        SyntaxNode afterRoot = parser.parseForFix(after, tableCalls.scan(after.bytes()).tableCalls(), names);
        Map<String, List<CFunction>> bf = CFunction.all(beforeRoot);
        Map<String, List<CFunction>> af = CFunction.all(afterRoot);
        List<Pair> pairs = new ArrayList<>();
        for (String name : fnNames) {
            List<CFunction> b = bf.getOrDefault(name, List.of());
            List<CFunction> a = af.getOrDefault(name, List.of());
            if (b.isEmpty()) {
                return ValidationResult.notValidated("function " + name + "() not found", 0, fnNames, kernel,
                        profile.name(), "");
            }
            if (a.size() != b.size()) {
                return ValidationResult.notValidated("function " + name + "() not found after the fix", 0, fnNames,
                        kernel, profile.name(), "");
            }
            for (int i = 0; i < b.size(); i++) {
                for (CFunction f : List.of(b.get(i), a.get(i))) {
                    Optional<SyntaxNode> bad = firstError(f.body());
                    if (bad.isPresent()) {
                        return ValidationResult.notValidated("code tree-sitter could not parse", bad.get().startRow() + 1,
                                fnNames, kernel, profile.name(), f == b.get(i) ? "" : " of the fixed file");
                    }
                }
                pairs.add(new Pair(b.get(i), a.get(i)));
            }
        }
        List<GfpMask> fileMasks = masks(beforeRoot);
        List<Row> rows = new ArrayList<>();
        List<String> bindings = new ArrayList<>();
        for (Pair p : pairs) {
            SizeSolver.Plan plan = SizeSolver.plan(p.before(), api);
            bindings.add(p.before().name() + "(): " + plan.describe());
            try {
                rows.addAll(run(p, profile, plan, fileMasks, hints));
            } catch (NotValidated e) {
                return ValidationResult.notValidated(e.construct(), e.line(), fnNames, kernel, profile.name(),
                        e.afterFix() ? " of the fixed file" : "");
            }
        }
        String binding = String.join("; ", bindings);
        Optional<Row> worse = rows.stream().filter(r -> r.verdict() == Verdict.WORSE).findFirst();
        if (worse.isPresent()) {
            Row w = worse.get();
            String fn = pairs.size() > 1 ? w.function() + "(), " : "";
            return new ValidationResult(ValidationResult.Status.UNSAFE,
                    "worse on the allocator model at " + fn + w.label() + ": " + w.worseText(), fnNames, kernel,
                    profile.name(), rows, "", 0, binding);
        }
        Map<Verdict, Integer> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> parts.add(n + " " + v.name().toLowerCase(java.util.Locale.ROOT)));
        return new ValidationResult(ValidationResult.Status.SAFE, "proven on the allocator model: equal or better in all "
                + rows.size() + " scenario rows (" + String.join(", ", parts) + ")", fnNames, kernel, profile.name(),
                rows, "", 0, binding);
    }

    private record Pair(CFunction before, CFunction after) {}

    /** Every scenario of the matrix for one function pair, every path of each. */
    private List<Row> run(Pair p, KernelProfile profile, SizeSolver.Plan plan, List<GfpMask> fileMasks,
                          Map<String, List<Integer>> hints) {
        Set<String> interesting = interestingPointers(p);
        List<Optional<GfpMask>> masks = scenarioMasks(p, fileMasks);
        List<Row> rows = new ArrayList<>();
        for (long size : matrix.sizes()) {
            Map<String, Long> bindings = plan.bind(size);
            for (Scenario.Memory memory : matrix.memories()) {
                for (Optional<GfpMask> mask : masks) {
                    for (long seed : matrix.seeds()) {
                        Scenario s = new Scenario(size, memory, mask, seed);
                        rows.addAll(paths(p, s, profile, bindings, interesting, hints));
                    }
                }
            }
        }
        return rows;
    }

    /** Depth-first over the answers to unknown conditions: both versions see the same answers. */
    private List<Row> paths(Pair p, Scenario s, KernelProfile profile, Map<String, Long> bindings, Set<String> interesting,
                            Map<String, List<Integer>> hints) {
        List<Row> rows = new ArrayList<>();
        Deque<Map<String, Integer>> work = new ArrayDeque<>();
        work.push(Map.of());
        int explored = 0;
        while (!work.isEmpty()) {
            Map<String, Integer> fixed = work.pop();
            if (explored++ >= matrix.maxPaths()) {
                throw new NotValidated("more than " + matrix.maxPaths() + " execution paths", p.before().line());
            }
            Decisions d = new Decisions(fixed);
            int m0 = d.mark();
            Covered before = executeUnlessCovered(p.before(), s, profile, bindings, interesting, hints, d);
            int m1 = d.mark();
            Covered after;
            try {
                after = executeUnlessCovered(p.after(), s, profile, bindings, interesting, hints, d);
            } catch (NotValidated e) {
                throw e.inFixedFile();
            }
            int m2 = d.mark();
            if (oneDroppedWhereTheOtherRan(before, m1, after, d, m1, m2)
                    || oneDroppedWhereTheOtherRan(after, m2, before, d, m0, m1)) {
                throw new NotValidated("a loop that one version leaves where the other stays in it", p.before().line());
            }
            if (before.outcome().isPresent() && after.outcome().isPresent()) {
                RunOutcome b = before.outcome().get();
                RunOutcome a = after.outcome().get();
                Comparison.Result c = Comparison.compare(b, a);
                rows.add(new Row(p.before().name(), s, rows.size() + 1, d.describe(), b, a, c.verdict(), c.differences()));
            }
            // every path pushed is explored and counted: past the cap, say so now rather than
            // build thousands of answer maps first (a function with n tests would cost n^2)
            long pending = work.size();
            for (Decisions.Question q : d.fresh()) {
                pending += q.arity() - 1;
            }
            if (explored + pending > matrix.maxPaths()) {
                throw new NotValidated("more than " + matrix.maxPaths() + " execution paths", p.before().line());
            }
            List<Map<String, Integer>> alternatives = new ArrayList<>();
            Map<String, Integer> base = new LinkedHashMap<>(fixed);
            for (Decisions.Question q : d.fresh()) {
                for (int choice = 1; choice < q.arity(); choice++) {
                    Map<String, Integer> m = new LinkedHashMap<>(base);
                    m.put(q.key(), choice);
                    alternatives.add(m);
                }
                base.put(q.key(), 0);
            }
            for (int i = alternatives.size() - 1; i >= 0; i--) {
                work.push(alternatives.get(i));
            }
        }
        if (rows.isEmpty()) {
            // every path dropped: no run of a loop ever left it, nothing was compared
            throw new NotValidated("a loop that no path leaves", p.before().line());
        }
        return rows;
    }

    /**
     * A run's outcome, or, when it was dropped as covered by another path ({@link InfeasiblePath}),
     * the mark of {@link Decisions} where it entered the loop it was dropped in.
     */
    private record Covered(Optional<RunOutcome> outcome, int droppedFrom) {}

    /**
     * A path dropped in one version is no real execution of it; the real one, which leaves the loop
     * at another iteration, is explored on another path that differs only in the questions asked
     * from the loop's summary on. That path pairs it with the same run of the other version only
     * if the other version asked none of those questions (nor entered that summary: the marker is
     * logged too). If it did, the two versions leave the loop at different iterations under the
     * same answers, which no path compares: not validated.
     */
    private static boolean oneDroppedWhereTheOtherRan(Covered run, int runEnd, Covered other, Decisions d, int otherFrom,
                                                      int otherTo) {
        if (run.outcome().isPresent() || other.outcome().isEmpty()) {
            return false; // not dropped, or both dropped: no real execution of either takes this path
        }
        Set<String> fromLoopOn = new HashSet<>(d.logged(run.droppedFrom(), runEnd));
        return d.logged(otherFrom, otherTo).stream().anyMatch(fromLoopOn::contains);
    }

    private Covered executeUnlessCovered(CFunction f, Scenario s, KernelProfile profile, Map<String, Long> bindings,
                                         Set<String> interesting, Map<String, List<Integer>> hints, Decisions d) {
        AllocatorModel model = AllocatorModel.ofModelled(s.config(profile), api);
        try {
            return new Covered(Optional.of(new Interpreter(f, s, bindings, interesting, hints, d, matrix, api, model).run()), -1);
        } catch (InfeasiblePath covered) {
            return new Covered(Optional.empty(), covered.from());
        }
    }

    /**
     * Origins a finding establishes: when its span is a free (or realloc) of a pointer and its
     * related locations include allocator calls, the pointer came from those (indexes of
     * {@link Interpreter#ORIGINS}: kmalloc 0, vmalloc 1, kvmalloc 2 and 3).
     */
    private Map<String, List<Integer>> originHints(SyntaxNode root, Finding finding) {
        Optional<SyntaxNode> call = callAt(root, finding.span().startByte(), finding.span().endByte());
        if (call.isEmpty()) {
            return Map.of();
        }
        Optional<ApiFunction> f = CSyntax.calleeName(call.get()).flatMap(api::lookup);
        List<SyntaxNode> args = CSyntax.arguments(call.get());
        if (f.isEmpty() || f.get().role() == ApiFunction.Role.ALLOC || args.isEmpty()) {
            return Map.of();
        }
        TreeSet<Integer> origins = new TreeSet<>();
        Map<String, List<CFunction>> local = CFunction.all(root);
        for (Finding.Related r : finding.related()) {
            for (SyntaxNode c : root.descendants("call_expression")) {
                if (c.startByte() < r.span().startByte() || c.endByte() > r.span().endByte()) {
                    continue;
                }
                String callee = CSyntax.calleeName(c).orElse("");
                if (api.lookup(callee).isPresent()) {
                    addOrigin(callee, origins);
                } else {
                    // a helper of this file that the finding says returns the memory: what it allocates
                    local.getOrDefault(callee, List.of()).forEach(h -> h.calls().forEach(x ->
                            CSyntax.calleeName(x).ifPresent(n -> addOrigin(n, origins))));
                }
            }
        }
        if (origins.isEmpty()) {
            return Map.of();
        }
        return Map.of(CText.canonical(CSyntax.unwrap(args.getFirst())), List.copyOf(origins));
    }

    private void addOrigin(String allocator, Set<Integer> origins) {
        api.lookup(allocator).filter(a -> a.role() == ApiFunction.Role.ALLOC).ifPresent(a -> {
            switch (a.family()) {
                case KMALLOC -> origins.add(0);
                case VMALLOC -> origins.add(1);
                case KV -> origins.addAll(List.of(2, 3));
                case PAGE -> { }
            }
        });
    }

    /** The outermost call expression inside [start, end) that covers it best (the finding's call). */
    private static Optional<SyntaxNode> callAt(SyntaxNode root, int start, int end) {
        SyntaxNode best = null;
        for (SyntaxNode c : root.descendants("call_expression")) {
            if (c.startByte() >= start && c.endByte() <= end && (best == null || c.endByte() - c.startByte()
                    > best.endByte() - best.startByte())) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    // ================================================================ static facts

    /**
     * Pointers the two versions free, resize or test with is_vmalloc_addr() differently: where
     * they come from matters, so every origin is explored for them.
     */
    private Set<String> interestingPointers(Pair p) {
        Map<String, List<String>> b = releases(p.before());
        Map<String, List<String>> a = releases(p.after());
        Set<String> keys = new HashSet<>(b.keySet());
        keys.addAll(a.keySet());
        Set<String> out = new HashSet<>();
        for (String k : keys) {
            List<String> x = b.getOrDefault(k, List.of());
            List<String> y = a.getOrDefault(k, List.of());
            if (!x.equals(y) || x.contains("is_vmalloc_addr") || y.contains("is_vmalloc_addr")) {
                out.add(k);
            }
        }
        return out;
    }

    /** Pointer text → the sorted names of the frees, reallocs and queries applied to it. */
    private Map<String, List<String>> releases(CFunction f) {
        Map<String, List<String>> m = new HashMap<>();
        for (SyntaxNode call : f.calls()) {
            Optional<ApiFunction> fn = CSyntax.calleeName(call).flatMap(api::lookup);
            List<SyntaxNode> args = CSyntax.arguments(call);
            if (fn.isEmpty() || args.isEmpty() || fn.get().role() == ApiFunction.Role.ALLOC) {
                continue;
            }
            m.computeIfAbsent(CText.canonical(CSyntax.unwrap(args.getFirst())), k -> new ArrayList<>()).add(fn.get().name());
        }
        m.values().forEach(l -> l.sort(null));
        return m;
    }

    /**
     * The masks an unknown GFP value takes: when the functions leave a mask to a parameter or an
     * unknown value, each distinct mask written in the functions (else in the file, else
     * GFP_KERNEL), at most {@link Matrix#maxMasks()}; otherwise one row with no mask.
     */
    private List<Optional<GfpMask>> scenarioMasks(Pair p, List<GfpMask> fileMasks) {
        boolean unknownMask = false;
        TreeMap<String, GfpMask> own = new TreeMap<>();
        for (CFunction f : List.of(p.before(), p.after())) {
            unknownMask |= f.params().values().stream().anyMatch(t -> t.matches(".*\\bgfp_t\\b.*") && !t.contains("*"));
            for (SyntaxNode call : f.calls()) {
                Optional<ApiFunction> fn = CSyntax.calleeName(call).flatMap(api::lookup);
                List<SyntaxNode> args = CSyntax.arguments(call);
                if (fn.isEmpty() || fn.get().gfpArg() < 0 || fn.get().gfpArg() >= args.size()) {
                    continue;
                }
                Optional<GfpMask> m = constantMask(args.get(fn.get().gfpArg()));
                if (m.isPresent()) {
                    own.put(m.get().toC(), m.get());
                } else {
                    unknownMask = true;
                }
            }
        }
        if (!unknownMask) {
            return List.of(Optional.empty());
        }
        List<GfpMask> pick = !own.isEmpty() ? List.copyOf(own.values()) : !fileMasks.isEmpty() ? fileMasks
                : List.of(GfpMask.GFP_KERNEL);
        return pick.stream().limit(matrix.maxMasks()).map(Optional::of).toList();
    }

    /** Every distinct constant mask written in an allocator call of the file, in canonical order. */
    private List<GfpMask> masks(SyntaxNode root) {
        TreeMap<String, GfpMask> all = new TreeMap<>();
        for (SyntaxNode call : root.descendants("call_expression")) {
            Optional<ApiFunction> fn = CSyntax.calleeName(call).flatMap(api::lookup);
            List<SyntaxNode> args = CSyntax.arguments(call);
            if (fn.isPresent() && fn.get().gfpArg() >= 0 && fn.get().gfpArg() < args.size()) {
                constantMask(args.get(fn.get().gfpArg())).ifPresent(m -> all.put(m.toC(), m));
            }
        }
        return List.copyOf(all.values());
    }

    private static Optional<GfpMask> constantMask(SyntaxNode arg) {
        try {
            return Optional.of(GfpMask.parse(arg.text().replaceAll("/\\*.*?\\*/", " ")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<SyntaxNode> enclosingFunction(SyntaxNode root, Fix.TextEdit e) {
        for (SyntaxNode item : root.children()) {
            Optional<SyntaxNode> found = functionAt(item, e);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The function whose body contains the edit (also under top-level #ifdef blocks). */
    private static Optional<SyntaxNode> functionAt(SyntaxNode n, Fix.TextEdit e) {
        if (n.startByte() > e.startByte() || e.endByte() > n.endByte()) {
            return Optional.empty();
        }
        if (n.is("function_definition")) {
            Optional<SyntaxNode> body = n.child("body");
            if (body.isPresent() && body.get().startByte() <= e.startByte() && e.endByte() <= body.get().endByte()) {
                return Optional.of(n);
            }
            return Optional.empty();
        }
        if (CSyntax.isPreprocBlock(n) || n.is("linkage_specification") || n.is("declaration_list")
                || n.is("preproc_function_def") || n.is("preproc_def")) { // a macro body analysed as code (MacroBodies)
            for (SyntaxNode c : n.children()) {
                Optional<SyntaxNode> f = functionAt(c, e);
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first ERROR or MISSING node of a function body, except the ';' tree-sitter finds
     * missing after an iteration macro ({@code list_for_each_entry(...) { }}), which the
     * interpreter reads as a loop. Errors in the declarator ({@code __init}, {@code __must_hold()})
     * do not matter: the body is what runs.
     */
    private static Optional<SyntaxNode> firstError(SyntaxNode body) {
        if (!body.hasError()) {
            return Optional.empty();
        }
        SyntaxNode[] found = {null};
        body.walk(x -> {
            if (found[0] == null && (x.isError() || x.isMissing())) {
                boolean macroLoop = x.isMissing() && x.parent().map(p -> KernelShapes.loopMacroHead(p).isPresent()
                        && p.nextNamedSibling().isPresent()).orElse(false);
                if (!macroLoop && !KernelShapes.harmlessError(x)) {
                    found[0] = x;
                }
            }
        });
        return Optional.ofNullable(found[0]);
    }
}
