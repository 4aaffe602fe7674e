package org.kvlint.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.AtomicSections;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.ConstantSize;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.Statements;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * KV002: a size threshold chooses between vmalloc-family and kmalloc-family allocation
 * ({@code if (size > PAGE_SIZE) p = vmalloc(size); else p = kmalloc(size, GFP_KERNEL);}, the
 * ternary and return forms). See {@code rules/KV002.md}.
 */
public final class SizeThresholdChoiceRule implements Rule {
    public static final String ID = "KV002";

    @Override
    public String id() {
        return ID;
    }

    /** The syntactic shape of a choice; decides how it is rewritten. */
    enum Shape {
        /** if (c) p = a; else p = b; or if (c) return a; else return b; */
        IF_ELSE,
        /** if (c) return a; return b; */
        IF_RETURN,
        /** c ? a : b */
        TERNARY
    }

    /**
     * One size-threshold choice.
     *
     * @param shape how it is written
     * @param construct the if statement or conditional expression
     * @param comparison the size comparison
     * @param small the kmalloc-family call (sizes below the threshold)
     * @param large the vmalloc-family call (sizes above it)
     * @param place where the result goes, or null when it is returned
     * @param smallStmt the statement holding {@code small} (the conditional expression for TERNARY)
     * @param largeStmt the statement holding {@code large} (likewise)
     * @param last the last node the construct covers (the trailing return of IF_RETURN)
     * @param thresholdAbovePage the threshold is provably above PAGE_SIZE
     */
    record Choice(Shape shape, SyntaxNode construct, SyntaxNode comparison, CallSite small, CallSite large,
                  String place, SyntaxNode smallStmt, SyntaxNode largeStmt, SyntaxNode last,
                  boolean thresholdAbovePage) {}

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Choice> choices = find(facts);
        if (choices.isEmpty() || allocatorInternals(facts)) {
            return List.of(); // mm/ implements the allocators: its choices are the mechanism itself
        }
        List<Finding> out = new ArrayList<>();
        for (Choice c : choices) {
            describe(facts, ctx, c).ifPresent(out::add);
        }
        return out;
    }

    /** Every size-threshold choice in the file, deliberate ones included. */
    static List<Choice> find(FileFacts facts) {
        Map<SyntaxNode, CallSite> byNode = new IdentityHashMap<>();
        for (CallSite c : facts.calls()) {
            byNode.put(c.call(), c);
        }
        List<Choice> out = new ArrayList<>();
        if (byNode.isEmpty()) {
            return out;
        }
        facts.root().walk(n -> {
            if (n.is("if_statement")) {
                ifChoice(n, byNode).ifPresent(out::add);
            } else if (n.is("conditional_expression")) {
                ternaryChoice(n, byNode).ifPresent(out::add);
            }
        });
        return out;
    }

    /**
     * True for files of the kernel's own memory-management code: under {@code mm/} of a kernel
     * tree (the directory with {@code init/} and {@code kernel/}).
     * Not {@code arch/<arch>/mm/}: it holds ordinary users of the allocators too (the
     * {@code dma-mapping.c} page arrays that Coccinelle's kvmalloc.cocci also reports).
     * Looks at the file system, so call it only when needed.
     */
    static boolean allocatorInternals(FileFacts facts) {
        Path p = facts.file().path().toAbsolutePath().normalize();
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            if (!named(dir, "mm") || dir.getParent() == null) {
                continue;
            }
            Path parent = dir.getParent();
            // the tree root has init/ (arch/<arch>/ has a Kbuild too, so that is not enough)
            if (Files.isDirectory(parent.resolve("init")) && Files.isDirectory(parent.resolve("kernel"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean named(Path dir, String name) {
        return dir.getFileName() != null && dir.getFileName().toString().equals(name);
    }

    /** Where one branch's allocation goes. */
    private record Outcome(CallSite call, SyntaxNode stmt, String place) {}

    private static Optional<Choice> ifChoice(SyntaxNode ifStmt, Map<SyntaxNode, CallSite> byNode) {
        Optional<SyntaxNode> cond = ifStmt.child("condition");
        Optional<SyntaxNode> cons = ifStmt.child("consequence");
        if (cond.isEmpty() || cons.isEmpty()) {
            return Optional.empty();
        }
        Optional<Outcome> whenTrue = outcome(cons.get(), byNode);
        if (whenTrue.isEmpty()) {
            return Optional.empty();
        }
        Optional<Outcome> whenFalse;
        Shape shape;
        SyntaxNode last = ifStmt;
        Optional<SyntaxNode> alt = ifStmt.child("alternative");
        if (alt.isPresent()) {
            SyntaxNode elseStmt = alt.get().is("else_clause")
                    ? alt.get().namedChildren().stream().filter(c -> !c.is("comment")).findFirst().orElse(null)
                    : alt.get();
            if (elseStmt == null || elseStmt.is("if_statement")) {
                return Optional.empty();
            }
            whenFalse = outcome(elseStmt, byNode);
            shape = Shape.IF_ELSE;
        } else {
            if (whenTrue.get().place() != null || !Statements.endsInJump(cons.get())) {
                return Optional.empty();
            }
            Optional<SyntaxNode> next = ifStmt.nextNamedSibling();
            while (next.isPresent() && next.get().is("comment")) {
                next = next.get().nextNamedSibling();
            }
            if (next.isEmpty() || next.get().field() != null || !next.get().is("return_statement")) {
                return Optional.empty();
            }
            whenFalse = outcome(next.get(), byNode);
            shape = Shape.IF_RETURN;
            last = next.get();
        }
        if (whenFalse.isEmpty() || !samePlace(whenTrue.get().place(), whenFalse.get().place())) {
            return Optional.empty();
        }
        return pair(shape, ifStmt, cond.get(), whenTrue.get(), whenFalse.get(), last);
    }

    private static Optional<Choice> ternaryChoice(SyntaxNode cond, Map<SyntaxNode, CallSite> byNode) {
        Optional<SyntaxNode> c = cond.child("condition");
        Optional<SyntaxNode> a = cond.child("consequence").map(CSyntax::unwrap);
        Optional<SyntaxNode> b = cond.child("alternative").map(CSyntax::unwrap);
        if (c.isEmpty() || a.isEmpty() || b.isEmpty() || !byNode.containsKey(a.get()) || !byNode.containsKey(b.get())) {
            return Optional.empty();
        }
        String place = placeOf(cond);
        return pair(Shape.TERNARY, cond, c.get(), new Outcome(byNode.get(a.get()), cond, place),
                new Outcome(byNode.get(b.get()), cond, place), cond);
    }

    /** Where the value of an expression is stored: an assignment's target, a declared name; null otherwise. */
    private static String placeOf(SyntaxNode expr) {
        SyntaxNode n = expr;
        SyntaxNode p = n.parent().orElse(null);
        while (p != null && (p.is("parenthesized_expression") || p.is("cast_expression"))) {
            n = p;
            p = p.parent().orElse(null);
        }
        if (p == null) {
            return null;
        }
        if (p.is("assignment_expression")) {
            return p.child("left").map(CSyntax::canonical).orElse(null);
        }
        if (p.is("init_declarator")) {
            return CSyntax.declaredName(p).map(SyntaxNode::text).orElse(null);
        }
        return null;
    }

    private static boolean samePlace(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** The single allocation a branch makes: an assignment or a return of a table allocator. */
    private static Optional<Outcome> outcome(SyntaxNode branch, Map<SyntaxNode, CallSite> byNode) {
        List<Outcome> found = new ArrayList<>();
        for (SyntaxNode s : CSyntax.statements(branch)) {
            if (s.is("return_statement") && !s.namedChildren().isEmpty()) {
                SyntaxNode v = CSyntax.unwrap(s.namedChildren().getFirst());
                if (byNode.containsKey(v)) {
                    found.add(new Outcome(byNode.get(v), s, null));
                }
            } else if (s.is("expression_statement") && s.namedChildren().size() == 1) {
                SyntaxNode e = s.namedChildren().getFirst();
                if (e.is("assignment_expression") && e.child("right").isPresent()
                        && e.children().stream().anyMatch(x -> !x.isNamed() && x.text().equals("="))) {
                    SyntaxNode v = CSyntax.unwrap(e.child("right").get());
                    if (byNode.containsKey(v)) {
                        found.add(new Outcome(byNode.get(v), s, e.child("left").map(CSyntax::canonical).orElse("")));
                    }
                }
            }
        }
        List<Outcome> allocs = found.stream().filter(o -> o.call().api().role() == ApiFunction.Role.ALLOC).toList();
        return allocs.size() == 1 ? Optional.of(allocs.getFirst()) : Optional.empty();
    }

    private static Optional<Choice> pair(Shape shape, SyntaxNode construct, SyntaxNode condition, Outcome whenTrue,
                                         Outcome whenFalse, SyntaxNode last) {
        Family ft = whenTrue.call().api().family();
        Family ff = whenFalse.call().api().family();
        Outcome large;
        Outcome small;
        boolean largeWhenTrue;
        if (ft == Family.VMALLOC && ff == Family.KMALLOC) {
            large = whenTrue;
            small = whenFalse;
            largeWhenTrue = true;
        } else if (ft == Family.KMALLOC && ff == Family.VMALLOC) {
            large = whenFalse;
            small = whenTrue;
            largeWhenTrue = false;
        } else {
            return Optional.empty();
        }
        Set<String> sizeNames = new HashSet<>();
        sizeNames(large.call(), sizeNames);
        sizeNames(small.call(), sizeNames);
        SyntaxNode cmp = Statements.stripCondition(condition);
        if (!cmp.is("binary_expression")) {
            return Optional.empty();
        }
        String op = cmp.child("operator").map(SyntaxNode::text).orElse("");
        if (!(op.equals(">") || op.equals(">=") || op.equals("<") || op.equals("<="))) {
            return Optional.empty();
        }
        SyntaxNode left = cmp.child("left").orElse(null);
        SyntaxNode right = cmp.child("right").orElse(null);
        if (left == null || right == null) {
            return Optional.empty();
        }
        boolean l = mentions(left, sizeNames);
        boolean r = mentions(right, sizeNames);
        if (l == r) {
            return Optional.empty();
        }
        boolean greater = op.startsWith(">");
        boolean trueMeansLarge = l ? greater : !greater;
        if (trueMeansLarge != largeWhenTrue) {
            return Optional.empty(); // vmalloc for the small sizes: not this pattern
        }
        SyntaxNode sizeSide = l ? left : right;
        SyntaxNode threshold = l ? right : left;
        boolean above = thresholdAbovePage(sizeSide, threshold, op, l);
        return Optional.of(new Choice(shape, construct, cmp, small.call(), large.call(), small.place(),
                small.stmt(), large.stmt(), last, above));
    }

    private static boolean thresholdAbovePage(SyntaxNode sizeSide, SyntaxNode threshold, String op, boolean sizeLeft) {
        SyntaxNode s = CSyntax.unwrap(sizeSide);
        if (s.is("call_expression") && CSyntax.calleeName(s).filter("get_order"::equals).isPresent()) {
            OptionalLong n = ConstantSize.onX86(threshold);
            boolean strict = sizeLeft ? op.equals(">") : op.equals("<");
            return n.isPresent() && (strict ? n.getAsLong() >= 1 : n.getAsLong() >= 2);
        }
        String t = CSyntax.canonical(threshold);
        return ConstantSize.abovePageSize(threshold) || t.equals("KMALLOC_MAX_CACHE_SIZE") || t.equals("KMALLOC_MAX_SIZE");
    }

    /**
     * Variables and fields the size is computed from: macros in capitals and everything inside
     * {@code sizeof} (an element size, not the count) left out.
     */
    private static void sizeNames(CallSite call, Set<String> out) {
        for (int i : call.api().sizeArgs()) {
            call.arg(i).ifPresent(a -> a.walk(n -> {
                if (insideSizeof(n, a)) {
                    return;
                }
                if (n.is("identifier") && !n.text().equals(n.text().toUpperCase()) && !isCallee(n)) {
                    out.add(n.text());
                } else if (n.is("field_expression")) {
                    out.add(CSyntax.canonical(n));
                }
            }));
        }
    }

    private static boolean insideSizeof(SyntaxNode n, SyntaxNode top) {
        for (SyntaxNode p = n; p != null && p != top.parent().orElse(null); p = p.parent().orElse(null)) {
            if (p.is("sizeof_expression")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCallee(SyntaxNode id) {
        return id.parent().map(p -> p.is("call_expression") && p.child("function").filter(f -> f == id).isPresent())
                .orElse(false);
    }

    private static boolean mentions(SyntaxNode expr, Set<String> names) {
        boolean[] found = {false};
        expr.walk(n -> {
            if ((n.is("identifier") && !isCallee(n) || n.is("field_expression")) && !insideSizeof(n, expr)
                    && names.contains(CSyntax.canonical(n))) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static Optional<Finding> describe(FileFacts facts, RuleContext ctx, Choice c) {
        CallSite k = c.small();
        CallSite v = c.large();
        if (KvConversion.deliberateVmalloc(v) || KvConversion.explainedByComment(c.construct())) {
            return Optional.empty(); // vmalloc_user()/vmalloc_32()/exec memory, or a comment saying why
        }
        Gfp gfp = k.gfp().orElse(Gfp.parse("GFP_KERNEL"));
        if (gfp.has("GFP_DMA") || gfp.has("GFP_DMA32") || gfp.has("__GFP_DMA") || gfp.has("__GFP_DMA32")) {
            return Optional.empty(); // address-limited memory: neither vmalloc nor kvmalloc can stand in
        }
        if (AtomicSections.neverSleeps(gfp)) {
            return Optional.empty(); // a non-sleeping small side: kvmalloc() would never fall back (KV006's subject)
        }
        boolean zero = k.zeroes() || v.zeroes();
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), k, v, zero);
        String kName = k.api().name() + "()";
        String vName = v.api().name() + "()";
        int kLine = k.call().startRow() + 1;
        int vLine = v.call().startRow() + 1;
        String who = c.place() == null ? "the returned memory" : "'" + c.place() + "'";
        String cond = c.comparison().text().replaceAll("\\s+", " ");
        List<Finding.Related> related = List.of(
                new Finding.Related(Span.of(v.call()), vName + " for the sizes above the threshold"),
                new Finding.Related(Span.of(k.call()), kName + " for the sizes below it"));
        Optional<SyntaxNode> pinned = KvConversion.backendSpecificUse(ctx.api(), c.construct(), c.place());
        if (pinned.isPresent()) {
            String use = CSyntax.calleeName(pinned.get()).orElse("?") + "()";
            String message = "size-threshold choice for " + who + " on '" + cond + "' (" + vName + " at line " + vLine
                    + ", " + kName + " at line " + kLine + "), but " + use + " at line " + (pinned.get().startRow() + 1)
                    + " needs one backend: " + plan.words() + " only after that use checks is_vmalloc_addr()";
            return Optional.of(new Finding(ID, Level.NOTE, facts.file().displayPath(), Span.of(c.comparison()),
                    message, related));
        }
        String message = "size-threshold choice for " + who + " on '" + cond + "': " + vName + " at line " + vLine
                + " never tries kmalloc() for the large sizes, losing physically contiguous memory, and " + kName
                + " at line " + kLine + " takes the rest"
                + (c.thresholdAbovePage() ? ", including multi-page sizes it retries hard for (and may invoke the OOM killer)"
                        : "")
                + "; kvmalloc() tries kmalloc() quietly first and falls back by itself: use " + plan.words()
                + " (free with kvfree(), never by size)";
        Level level = ctx.catalog().require(ID).level();
        Finding f = new Finding(ID, level, facts.file().displayPath(), Span.of(c.comparison()), message, related);
        return Optional.of(conversionFix(facts, c, plan).map(x -> f.withFixes(List.of(x))).orElse(f));
    }

    /** The whole choice rewritten to the planned kvmalloc-family call; empty when the shape does not allow it. */
    static Optional<Fix> conversionFix(FileFacts facts, Choice c, KvConversion.Plan plan) {
        if (!plan.rewritable()) {
            return Optional.empty();
        }
        var src = facts.source();
        Fix.TextEdit edit;
        switch (c.shape()) {
            case TERNARY -> edit = new Fix.TextEdit(c.construct().startByte(), c.construct().endByte(), plan.callText());
            case IF_ELSE, IF_RETURN -> {
                if (!singleStatementBranches(c)) {
                    return Optional.empty();
                }
                Optional<String> comments = movedComments(c);
                if (comments.isEmpty()) {
                    return Optional.empty();
                }
                SyntaxNode stmt = c.smallStmt();
                String text = FixEdits.rewrite(src, stmt.startByte(), stmt.endByte(), List.of(
                        new Fix.TextEdit(c.small().call().startByte(), c.small().call().endByte(), plan.callText())));
                edit = new Fix.TextEdit(c.construct().startByte(), c.last().endByte(), text + comments.get());
            }
            default -> throw new IllegalStateException();
        }
        String helper = plan.callText().substring(0, plan.callText().indexOf('('));
        KvConversion.Safety safety = KvConversion.frees(facts, c.place(), c.construct());
        return Optional.of(new Fix("use " + helper + "()", safety.with(edit), safety.applicability(), safety.reason()));
    }

    /** Each branch is just its allocation statement (possibly in braces). */
    private static boolean singleStatementBranches(Choice c) {
        if (c.shape() == Shape.IF_RETURN) {
            return c.construct().child("consequence").map(s -> CSyntax.statements(s).size() == 1).orElse(false);
        }
        SyntaxNode cons = c.construct().child("consequence").orElse(null);
        SyntaxNode alt = c.construct().child("alternative").orElse(null);
        if (cons == null || alt == null) {
            return false;
        }
        SyntaxNode elseStmt = alt.namedChildren().stream().filter(x -> !x.is("comment")).findFirst().orElse(null);
        return elseStmt != null && CSyntax.statements(cons).size() == 1 && CSyntax.statements(elseStmt).size() == 1;
    }

    /**
     * The comments of the replaced statements (outside the kept allocation), as one-line
     * comments to append after the new statement; empty when one spans lines or a
     * preprocessor line sits inside (the rewrite would lose or break it).
     */
    private static Optional<String> movedComments(Choice c) {
        List<SyntaxNode> nodes = new ArrayList<>();
        nodes.add(c.construct());
        for (Optional<SyntaxNode> n = c.construct().nextNamedSibling(); c.last() != c.construct() && n.isPresent();
                n = n.get().nextNamedSibling()) {
            nodes.add(n.get());
            if (n.get() == c.last()) {
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        boolean[] bad = {false};
        for (SyntaxNode n : nodes) {
            n.walk(x -> {
                if (x.type().startsWith("preproc")) {
                    bad[0] = true;
                } else if (x.is("comment") && !c.smallStmt().contains(x)) {
                    if (x.startRow() != x.endRow()) {
                        bad[0] = true;
                    } else {
                        out.append(' ').append(x.text());
                    }
                }
            });
        }
        return bad[0] ? Optional.empty() : Optional.of(out.toString());
    }
}
