package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.Assignment;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Loc;
import org.kvlint.facts.Memsets;
import org.kvlint.facts.NullTest;
import org.kvlint.facts.Statements;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The fixes of KV001, KV002 and KV008: a plain fallback or choice found by {@link Fallbacks},
 * turned into byte edits from the file's syntax. The one part of those rules that reads syntax;
 * it finds the nodes by the sites' positions, so the fix stage may call it on a fresh parse of
 * the file (today the rules call it while the scan still holds the tree).
 */
final class FallbackFixes {
    private FallbackFixes() {}

    /** How far back from the fallback an early exit ({@code if (p) return p;}) is looked for. */
    private static final int EXIT_LOOKBACK = 8;

    /** The KV001 rewrite of a fallback, when its shape has one. */
    static List<Fix> forFallback(Fallbacks.Fallback f, FileFacts facts, RuleContext ctx, FixIndex index) {
        if (f.reversed()) {
            return reversedFix(f, facts, ctx, index).stream().toList();
        }
        Optional<Fix> elvis = elvisFix(f, facts, ctx, index);
        if (elvis.isPresent()) {
            return List.of(elvis.get());
        }
        Optional<OpenCodedFallbackFix.Match> m = match(f, facts);
        if (m.isEmpty()) {
            return splitFallbackFix(f, facts, ctx, index).stream().toList();
        }
        return m.flatMap(x -> OpenCodedFallbackFix.of(x, facts, ctx.api(), index)).stream().toList();
    }

    /**
     * GNU C's {@code a ?: b}, the fallback in one expression: {@code p = kmalloc(n, gfp) ?:
     * vmalloc(n);} or {@code return kzalloc(n, gfp) ?: vzalloc(n);}. The expression becomes the
     * planned call; where it goes (a store, a declaration, a return) stays.
     */
    private static Optional<Fix> elvisFix(Fallbacks.Fallback f, FileFacts facts, RuleContext ctx, FixIndex index) {
        if (facts.root() == null || f.stages().size() != 1) {
            return Optional.empty();
        }
        Optional<CallSite> k = facts.pointers().tableCall(f.first().id());
        Optional<CallSite> v = facts.pointers().tableCall(f.stages().getFirst().id());
        if (k.isEmpty() || v.isEmpty()) {
            return Optional.empty();
        }
        SyntaxNode cond = outermost(k.get().call()).parentOrNull();
        if (cond == null || !cond.is("conditional_expression") || cond.child("consequence").isPresent()
                || !cond.child("condition").map(CSyntax::unwrap).filter(x -> x == k.get().call()).isPresent()
                || !cond.child("alternative").map(CSyntax::unwrap).filter(x -> x == v.get().call()).isPresent()) {
            return Optional.empty();
        }
        SyntaxNode whole = outermost(cond);
        SyntaxNode user = whole.parentOrNull();
        String place;
        if (user != null && user.is("return_statement")) {
            place = null;
        } else if (user != null && user.is("assignment_expression")
                && user.child("right").filter(r -> r == whole).isPresent()) {
            place = user.child("left").map(CSyntax::canonical).orElse(null);
        } else if (user != null && user.is("init_declarator")) {
            place = CSyntax.declaredName(user).map(SyntaxNode::text).orElse(null);
        } else {
            return Optional.empty();
        }
        if (place == null && !user.is("return_statement")) {
            return Optional.empty(); // a store whose target has no text
        }
        boolean zero = zeroes(f);
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), k.get(), v.get(), zero);
        if (!plan.rewritable() || plan.callText() == null) {
            return Optional.empty();
        }
        Fix.TextEdit edit = new Fix.TextEdit(cond.startByte(), cond.endByte(), plan.callText());
        KvConversion.Safety safety = KvConversion.frees(facts, place, cond, index);
        return Optional.of(safety.fix("use " + plan.helper() + "()", safety.with(edit)));
    }

    /** The rewrite must zero the memory: the first try or its fallback does. */
    private static boolean zeroes(Fallbacks.Fallback f) {
        return f.first().zeroes() || f.stages().getFirst().zeroes();
    }

    /** {@code n} with the parentheses and casts around it. */
    private static SyntaxNode outermost(SyntaxNode n) {
        SyntaxNode cur = n;
        for (SyntaxNode p = cur.parentOrNull(); p != null && (p.is("parenthesized_expression")
                || p.is("cast_expression")); p = p.parentOrNull()) {
            cur = p;
        }
        return cur;
    }

    /**
     * A fallback an {@code #if} block cuts in two: {@code #if X / p = kmalloc(n, gfp); if (!p) /
     * #endif / p = vmalloc(n);} -- the block holds just the first try and the NULL test whose
     * body is the statement after the {@code #endif}. All of it becomes {@code p = kvmalloc(n,
     * gfp);}, UNSAFE: the directive goes, and where it left the first try out, the vmalloc()
     * alone becomes a kvmalloc().
     */
    private static Optional<Fix> splitFallbackFix(Fallbacks.Fallback f, FileFacts facts, RuleContext ctx,
                                                  FixIndex index) {
        Optional<Stores> pair = stores(f, facts);
        if (pair.isEmpty() || !pair.get().first().statement().is("expression_statement")) {
            return Optional.empty();
        }
        Assignment ka = pair.get().first();
        Assignment va = pair.get().second();
        CallSite k = ka.call();
        CallSite v = va.call();
        String place = ka.place();
        SyntaxNode kStmt = ka.statement();
        SyntaxNode block = kStmt.parentOrNull();
        if (block == null || !CSyntax.isPreprocBlock(block) || block.child("alternative").isPresent()) {
            return Optional.empty();
        }
        List<SyntaxNode> body = Statements.blockBody(block);
        if (body.size() != 2 || body.get(0) != kStmt || !body.get(1).is("if_statement")
                || !isNullTestOf(body.get(1), place) || body.get(1).child("alternative").isPresent()
                || !body.get(1).child("consequence").map(b -> b.text().strip().isEmpty()).orElse(true)) {
            return Optional.empty();
        }
        Optional<SyntaxNode> next = Statements.nextStatement(block);
        SyntaxNode vStmt = va.statement();
        if (next.orElse(null) != vStmt || !vStmt.is("expression_statement")) {
            return Optional.empty();
        }
        var src = facts.source();
        int start = lineStart(src, block.startByte());
        int kLine = lineStart(src, kStmt.startByte());
        Optional<String> comments = movedComments(blockAnd(block, vStmt), kStmt);
        boolean zero = zeroes(f);
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), src, facts.kernel(), k, v, zero);
        if (start < 0 || kLine < 0 || comments.isEmpty() || !plan.rewritable() || plan.callText() == null) {
            return Optional.empty();
        }
        String text = FixEdits.rewrite(src, kStmt.startByte(), kStmt.endByte(), List.of(
                new Fix.TextEdit(k.call().startByte(), k.call().endByte(), plan.callText())));
        Fix.TextEdit edit = new Fix.TextEdit(start, vStmt.endByte(), src.text(kLine, kStmt.startByte()) + text
                + comments.get());
        KvConversion.Safety safety = KvConversion.frees(facts, place, block, index);
        String directive = src.text(block.startByte(), block.endByte()).lines().findFirst().orElse("").strip();
        return Optional.of(safety.fix("use " + plan.helper() + "()", safety.with(edit)).concern(Fix.Applicability.UNSAFE,
                "'" + directive + "' goes with the fallback: in the configuration it left out, the allocation was "
                        + v.api().name() + "() alone and becomes " + plan.helper() + "()"));
    }

    /**
     * The reversed order, {@code if (c) p = vmalloc(n); if (!p) p = kmalloc(n, gfp);} (two
     * adjacent {@code if}s, one store each), becomes {@code p = kvmalloc(n, gfp);}. UNSAFE, and the
     * reason says why: where the code asked for vmalloc first, kvmalloc() tries kmalloc() first.
     */
    private static Optional<Fix> reversedFix(Fallbacks.Fallback f, FileFacts facts, RuleContext ctx, FixIndex index) {
        Optional<Stores> pair = stores(f, facts);
        if (pair.isEmpty()) {
            return reversedEarlyReturn(f, facts, ctx, index);
        }
        // reversed: the first store is the vmalloc side's
        Assignment va = pair.get().first();
        Assignment ka = pair.get().second();
        CallSite v = va.call();
        CallSite k = ka.call();
        String place = ka.place();
        SyntaxNode vIf = guardingIf(va.statement()).orElse(null);
        SyntaxNode kIf = guardingIf(ka.statement()).filter(i -> isNullTestOf(i, place)).orElse(null);
        if (vIf == null || kIf == null || !onlyStatement(vIf, va.statement())
                || !onlyStatement(kIf, ka.statement())) {
            return Optional.empty();
        }
        Optional<SyntaxNode> next = Statements.nextStatement(vIf);
        if (next.orElse(null) != kIf) {
            return Optional.empty();
        }
        boolean zero = zeroes(f);
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), k, v, zero);
        SyntaxChoice c = new SyntaxChoice(Shape.REVERSED, vIf, k, v, place, ka.statement(), kIf);
        return conversionFix(facts, c, plan, index).map(x -> x.concern(Fix.Applicability.UNSAFE,
                reversedConcern(v, vIf, plan)));
    }

    /**
     * The reversed order with an early return: {@code if (c) { p = vzalloc(n); if (p) return p; }
     * return kzalloc(n, gfp);} becomes {@code return kvzalloc(n, gfp);}. UNSAFE for the reason
     * {@link #reversedFix} gives.
     */
    private static Optional<Fix> reversedEarlyReturn(Fallbacks.Fallback f, FileFacts facts, RuleContext ctx,
                                                     FixIndex index) {
        if (facts.root() == null || f.stages().size() != 1) {
            return Optional.empty();
        }
        Optional<CallSite> vCall = facts.pointers().tableCall(f.first().id());
        Optional<CallSite> kCall = facts.pointers().tableCall(f.stages().getFirst().id());
        Optional<Assignment> va = vCall.flatMap(Assignment::of);
        SyntaxNode ret = kCall.map(k -> returnOf(k.call())).orElse(null);
        if (va.isEmpty() || ret == null) {
            return Optional.empty();
        }
        String place = va.get().place();
        SyntaxNode vIf = guardingIf(va.get().statement()).orElse(null);
        if (vIf == null || vIf.child("alternative").isPresent() || Statements.nextStatement(vIf).orElse(null) != ret) {
            return Optional.empty();
        }
        List<SyntaxNode> body = vIf.child("consequence").map(CSyntax::statements).orElse(List.of()).stream()
                .filter(x -> !x.is("comment")).toList();
        if (body.size() != 2 || body.get(0) != va.get().statement() || !returnsOnSuccess(body.get(1), place)) {
            return Optional.empty();
        }
        CallSite v = vCall.get();
        CallSite k = kCall.get();
        boolean zero = zeroes(f);
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), k, v, zero);
        SyntaxChoice c = new SyntaxChoice(Shape.REVERSED, vIf, k, v, null, ret, ret);
        return conversionFix(facts, c, plan, index).map(x -> x.concern(Fix.Applicability.UNSAFE,
                reversedConcern(v, vIf, plan)));
    }

    /** {@code if (p) return p;}: no else, the test true when {@code place} is not NULL. */
    private static boolean returnsOnSuccess(SyntaxNode s, String place) {
        if (!s.is("if_statement") || s.child("alternative").isPresent()
                || !s.child("condition").filter(c -> Memsets.isNonNullTest(c, place)).isPresent()) {
            return false;
        }
        List<SyntaxNode> then = s.child("consequence").map(CSyntax::statements).orElse(List.of());
        return then.size() == 1 && then.getFirst().is("return_statement") && then.getFirst().namedChildren().size() == 1
                && CSyntax.canonical(CSyntax.unwrap(then.getFirst().namedChildren().getFirst())).equals(place);
    }

    private static String reversedConcern(CallSite v, SyntaxNode vIf, KvConversion.Plan plan) {
        String test = vIf.child("condition").map(Statements::stripCondition).map(SyntaxNode::text).orElse("");
        return "the code asked for " + v.api().name() + "() first when '" + test + "'; " + plan.helper()
                + "() tries kmalloc() first and falls back only when that fails: check that nothing relies"
                + " on the vmalloc backend";
    }

    /** The stores of a two-stage fallback's first try and its one stage, into the same place. */
    private record Stores(Assignment first, Assignment second) {}

    private static Optional<Stores> stores(Fallbacks.Fallback f, FileFacts facts) {
        if (facts.root() == null || f.stages().size() != 1) {
            return Optional.empty();
        }
        Optional<Assignment> a = facts.pointers().tableCall(f.first().id()).flatMap(Assignment::of);
        Optional<Assignment> b = facts.pointers().tableCall(f.stages().getFirst().id()).flatMap(Assignment::of);
        return a.isPresent() && b.isPresent() && a.get().place().equals(b.get().place())
                ? Optional.of(new Stores(a.get(), b.get())) : Optional.empty();
    }

    /** {@code ifs} has no else and its body is just {@code stmt} (possibly in braces). */
    private static boolean onlyStatement(SyntaxNode ifs, SyntaxNode stmt) {
        return ifs.child("alternative").isEmpty() && ifs.child("consequence")
                .map(b -> CSyntax.statements(b).size() == 1 && CSyntax.statements(b).getFirst() == stmt).orElse(false);
    }

    /**
     * The pair as syntax: the first try's store, the NULL test (or the early exit) and the
     * fallback's store. Only two-stage fallbacks in the first try's order.
     */
    static Optional<OpenCodedFallbackFix.Match> match(Fallbacks.Fallback f, FileFacts facts) {
        if (facts.root() == null || f.reversed()) {
            return Optional.empty();
        }
        if (f.stages().size() >= 2 && f.stages().subList(0, f.stages().size() - 1).stream()
                .allMatch(OpenCodedFallbackRule::pageStage)) {
            return pageChain(f, facts);
        }
        if (f.stages().size() == 2) {
            return zeroingChoice(f, facts);
        }
        if (f.stages().size() != 1) {
            return Optional.empty();
        }
        Optional<CallSite> k = facts.pointers().tableCall(f.first().id());
        Optional<CallSite> v = facts.pointers().tableCall(f.stages().getFirst().id());
        if (k.isEmpty() || v.isEmpty()) {
            return Optional.empty();
        }
        Optional<Assignment> ka = Assignment.of(k.get());
        if (ka.isEmpty()) {
            return Optional.empty();
        }
        String place = ka.get().place();
        Assignment va = Assignment.of(v.get()).orElse(null);
        if (va == null) {
            SyntaxNode ret = returnOf(v.get().call());
            if (ret == null) {
                return Optional.empty();
            }
            va = new Assignment(v.get(), v.get().call(), place, ret);
        }
        if (!va.place().equals(place)) {
            return Optional.empty();
        }
        Assignment fallback = va;
        SyntaxNode vStmt = va.statement();
        Optional<SyntaxNode> test = guardingIf(vStmt).filter(i -> i.child("condition").flatMap(NullTest::of)
                .filter(t -> t.place().equals(place)).isPresent());
        if (test.isPresent()) {
            return Optional.of(new OpenCodedFallbackFix.Match(ka.get(), test.get(), fallback));
        }
        Optional<SyntaxNode> exit = earlyExit(ka.get(), vStmt);
        if (exit.isEmpty()) {
            // p = kcalloc(n, s, gfp); if (p) return p; if (n < SIZE_MAX / s) p = vzalloc(n * s);
            Optional<SyntaxNode> guard = guardingIf(vStmt)
                    .filter(g -> onlyStatement(g, vStmt) && overflowGuard(g, k.get()));
            if (guard.isPresent()) {
                return earlyExit(ka.get(), guard.get())
                        .map(x -> new OpenCodedFallbackFix.Match(ka.get(), x, fallback, true, guard.get()));
            }
        }
        return exit.map(x -> new OpenCodedFallbackFix.Match(ka.get(), x, fallback, true));
    }

    private static final java.util.regex.Pattern WIDEST = java.util.regex.Pattern.compile("\\b(SIZE_MAX|ULONG_MAX)\\b");

    /**
     * {@code if (n < SIZE_MAX / s)} around the fallback, {@code n} an argument of the first try:
     * the multiplication's overflow check that kvcalloc()/kvmalloc_array() make themselves, so the
     * guard goes with the fallback. Only the widest limits: a narrower one is a size policy.
     */
    private static boolean overflowGuard(SyntaxNode ifs, CallSite first) {
        SyntaxNode c = ifs.child("condition").map(Statements::stripCondition).orElse(null);
        if (c == null || !c.is("binary_expression") || ifs.child("alternative").isPresent()) {
            return false;
        }
        String op = c.child("operator").map(SyntaxNode::text).orElse("");
        SyntaxNode l = c.child("left").orElse(null);
        SyntaxNode r = c.child("right").orElse(null);
        if (l == null || r == null) {
            return false;
        }
        SyntaxNode count;
        SyntaxNode limit;
        if (op.equals("<") || op.equals("<=")) {
            count = l;
            limit = r;
        } else if (op.equals(">") || op.equals(">=")) {
            count = r;
            limit = l;
        } else {
            return false;
        }
        String n = CSyntax.canonical(count);
        boolean isArg = first.args().stream().anyMatch(a -> CSyntax.canonical(a).equals(n));
        SyntaxNode lim = CSyntax.unwrap(limit);
        return isArg && lim.is("binary_expression") && lim.child("operator").map(SyntaxNode::text).filter("/"::equals)
                .isPresent() && WIDEST.matcher(lim.child("left").map(SyntaxNode::text).orElse("")).find();
    }

    /**
     * {@code p = kmalloc(n, flags); if (!p) { if (flags & __GFP_ZERO) p = vzalloc(n); else p =
     * vmalloc(n); }}: the fallback zeroes exactly when the caller's mask asks, which
     * {@code kvmalloc(n, flags)} does by itself. Both arms the same size, the zeroing one under the
     * test, and the tested mask a word of the first try's.
     */
    private static Optional<OpenCodedFallbackFix.Match> zeroingChoice(Fallbacks.Fallback f, FileFacts facts) {
        if (f.stages().stream().anyMatch(s -> s.family() != org.kvlint.facts.ApiFunction.Family.VMALLOC)) {
            return Optional.empty();
        }
        Optional<CallSite> k = facts.pointers().tableCall(f.first().id());
        Optional<CallSite> a = facts.pointers().tableCall(f.stages().get(0).id());
        Optional<CallSite> b = facts.pointers().tableCall(f.stages().get(1).id());
        if (k.isEmpty() || a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        Optional<Assignment> ka = Assignment.of(k.get());
        Optional<Assignment> aa = Assignment.of(a.get());
        Optional<Assignment> ba = Assignment.of(b.get());
        if (ka.isEmpty() || aa.isEmpty() || ba.isEmpty() || !aa.get().place().equals(ka.get().place())
                || !ba.get().place().equals(ka.get().place())) {
            return Optional.empty();
        }
        SyntaxNode inner = aa.get().statement().parent().filter(x -> x.is("if_statement")).orElse(null);
        if (inner == null || !"consequence".equals(aa.get().statement().field())) {
            return Optional.empty();
        }
        SyntaxNode elseStmt = inner.child("alternative").flatMap(e -> e.namedChildren().stream()
                .filter(x -> !x.is("comment")).findFirst()).orElse(null);
        if (elseStmt != ba.get().statement()) {
            return Optional.empty();
        }
        boolean zeroFirst = f.stages().get(0).zeroes() && !f.stages().get(1).zeroes();
        String sizeA = a.get().args().isEmpty() ? "" : CSyntax.canonical(a.get().args().getFirst());
        String sizeB = b.get().args().isEmpty() ? "" : CSyntax.canonical(b.get().args().getFirst());
        SyntaxNode cond = inner.child("condition").map(org.kvlint.facts.Statements::stripCondition).orElse(null);
        if (!zeroFirst || sizeA.isEmpty() || !sizeA.equals(sizeB) || cond == null || !cond.is("binary_expression")
                || !cond.child("operator").map(SyntaxNode::text).filter("&"::equals).isPresent()) {
            return Optional.empty();
        }
        String l = cond.child("left").map(SyntaxNode::text).orElse("");
        String r = cond.child("right").map(SyntaxNode::text).orElse("");
        String mask = l.equals("__GFP_ZERO") ? r : r.equals("__GFP_ZERO") ? l : null;
        int gfpArg = k.get().api().gfpArg();
        if (mask == null || gfpArg < 0 || gfpArg >= k.get().args().size()
                || !java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(mask) + "\\b")
                        .matcher(k.get().args().get(gfpArg).text()).find()) {
            return Optional.empty();
        }
        Optional<SyntaxNode> test = guardingIf(inner).filter(i -> i.child("condition").flatMap(NullTest::of)
                .filter(t -> t.place().equals(ka.get().place())).isPresent());
        return test.map(t -> new OpenCodedFallbackFix.Match(ka.get(), t, ba.get(), false, inner));
    }

    /**
     * An early-exit chain through the page allocator, each stage in the same block behind the
     * previous one's success test: {@code p = kzalloc(n, ...); if (p) return 0; p =
     * alloc_pages_exact(n, ...); if (p) return 0; p = vzalloc(n);} (6.1 {@code kernel/profile.c}
     * {@code profile_init()}). The success test is the statement right after the first try.
     */
    private static Optional<OpenCodedFallbackFix.Match> pageChain(Fallbacks.Fallback f, FileFacts facts) {
        AllocFact last = f.stages().getLast();
        if (last.family() != org.kvlint.facts.ApiFunction.Family.VMALLOC) {
            return Optional.empty();
        }
        Optional<CallSite> k = facts.pointers().tableCall(f.first().id());
        Optional<CallSite> v = facts.pointers().tableCall(last.id());
        Optional<Assignment> ka = k.flatMap(Assignment::of);
        Optional<Assignment> va = v.flatMap(Assignment::of);
        if (ka.isEmpty() || va.isEmpty() || !va.get().place().equals(ka.get().place())) {
            return Optional.empty();
        }
        SyntaxNode block = ka.get().statement().parentOrNull();
        List<SyntaxNode> pages = new ArrayList<>();
        for (AllocFact stage : f.stages().subList(0, f.stages().size() - 1)) {
            Optional<Assignment> pa = facts.pointers().tableCall(stage.id()).flatMap(Assignment::of);
            if (pa.isEmpty() || !pa.get().place().equals(ka.get().place())) {
                return Optional.empty();
            }
            pages.add(pa.get().statement());
        }
        if (pages.size() == 1 && pages.getFirst().parentOrNull() != block) {
            return nestedPageChain(ka.get(), pages.getFirst(), va.get());
        }
        if (pages.stream().anyMatch(x -> x.parentOrNull() != block)) {
            return Optional.empty();
        }
        if (block == null) {
            return Optional.empty();
        }
        if (pages.size() == 1 && va.get().statement().parentOrNull() != block) {
            return nestedPageChain(ka.get(), pages.getFirst(), va.get());
        }
        if (va.get().statement().parentOrNull() != block) {
            return Optional.empty();
        }
        Optional<SyntaxNode> exit = Statements.nextStatement(ka.get().statement());
        if (exit.isEmpty() || !exit.get().is("if_statement")) {
            return Optional.empty();
        }
        return Optional.of(new OpenCodedFallbackFix.Match(ka.get(), exit.get(), va.get(), true, va.get().statement(),
                List.copyOf(pages)));
    }

    /**
     * The nested chain: {@code p = kmalloc(n, ...); if (!p) { p = __get_free_pages(...); if (!p)
     * p = vmalloc(n); }} -- the NULL test's body is just the page stage and the inner test of the
     * fallback; the whole test goes, the page stage with it.
     */
    private static Optional<OpenCodedFallbackFix.Match> nestedPageChain(Assignment first, SyntaxNode page,
                                                                        Assignment fallback) {
        String place = first.place();
        Optional<SyntaxNode> outer = guardingIf(page).filter(i -> isNullTestOf(i, place));
        Optional<SyntaxNode> inner = guardingIf(fallback.statement()).filter(i -> isNullTestOf(i, place))
                .filter(i -> onlyStatement(i, fallback.statement()));
        if (outer.isEmpty() || inner.isEmpty() || outer.get().child("alternative").isPresent()) {
            return Optional.empty();
        }
        List<SyntaxNode> body = outer.get().child("consequence").map(CSyntax::statements).orElse(List.of()).stream()
                .filter(x -> !x.is("comment")).toList();
        if (body.size() != 2 || body.get(0) != page || body.get(1) != inner.get()) {
            return Optional.empty();
        }
        return Optional.of(new OpenCodedFallbackFix.Match(first, outer.get(), fallback, false, inner.get(),
                List.of(page)));
    }

    private static boolean isNullTestOf(SyntaxNode ifs, String place) {
        return ifs.child("condition").flatMap(NullTest::of)
                .filter(t -> t.place().equals(place) && t.embeddedStore() == null).isPresent();
    }

    /** {@code return vmalloc(n);}: the return statement, through casts and parentheses. */
    private static SyntaxNode returnOf(SyntaxNode call) {
        SyntaxNode p = outermost(call).parentOrNull();
        return p != null && p.is("return_statement") ? p : null;
    }

    /**
     * The early exit before the fallback: an {@code if} among the few statements before it (or
     * the last statement of an {@code if} just before it, for the guarded first try) that leaves
     * when the first try succeeded. The generator checks its exact shape.
     */
    private static Optional<SyntaxNode> earlyExit(Assignment first, SyntaxNode vStmt) {
        Optional<SyntaxNode> prev = vStmt.prevNamedSibling();
        for (int i = 0; i < EXIT_LOOKBACK && prev.isPresent(); i++, prev = prev.get().prevNamedSibling()) {
            SyntaxNode s = prev.get();
            if (s.is("comment")) {
                continue;
            }
            if (s.is("if_statement") && s.child("alternative").isEmpty()) {
                if (s.child("consequence").map(Statements::endsInJump).orElse(false)) {
                    return Optional.of(s);
                }
                // if (size <= X) { p = kmalloc(); if (p) return p; }
                List<SyntaxNode> body = s.child("consequence").map(CSyntax::statements).orElse(List.of());
                if (body.size() == 2 && body.get(0) == first.statement() && body.get(1).is("if_statement")) {
                    return Optional.of(body.get(1));
                }
            }
            if (s == first.statement()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The if statement whose then-branch is {@code stmt}, or holds it at its top level. */
    private static Optional<SyntaxNode> guardingIf(SyntaxNode stmt) {
        SyntaxNode parent = stmt.parentOrNull();
        if (parent == null) {
            return Optional.empty();
        }
        if (parent.is("compound_statement")) {
            if ("consequence".equals(parent.field())) {
                return parent.parent().filter(p -> p.is("if_statement"));
            }
            return Optional.empty();
        }
        if (parent.is("if_statement") && "consequence".equals(stmt.field())) {
            return Optional.of(parent);
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- KV008's memset variant

    /**
     * The KV001 pair rewritten when the fallback zeroes with a memset: the first try becomes the
     * zeroing kv helper and the whole fallback {@code if} goes. Only for the plain shape: first
     * try as its own statement, an {@code if} without else whose body is the fallback (and its
     * memset), nothing else.
     */
    static Optional<Fix> zeroingFallbackFix(FileFacts facts, OpenCodedFallbackFix.Match m, RuleContext ctx,
                                            FixIndex index) {
        CallSite k = m.first().call();
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), k, m.fallback().call(), true);
        if (!plan.rewritable() || m.earlyExit()) {
            return Optional.empty();
        }
        SyntaxNode firstStmt = m.first().statement();
        SyntaxNode parent = firstStmt.parentOrNull();
        if (parent == null || !(parent.is("compound_statement") || CSyntax.isPreprocBlock(parent))
                || !(firstStmt.is("expression_statement") || firstStmt.is("declaration"))) {
            return Optional.empty();
        }
        SyntaxNode ifStmt = m.ifStatement();
        Optional<NullTest> test = ifStmt.child("condition").flatMap(NullTest::of);
        if (test.isEmpty() || test.get().embeddedStore() != null || ifStmt.child("alternative").isPresent()) {
            return Optional.empty();
        }
        List<SyntaxNode> body = ifStmt.child("consequence").map(CSyntax::statements).orElse(List.of());
        SyntaxNode fbStmt = m.fallback().statement();
        if (body.isEmpty() || body.getFirst() != fbStmt) {
            return Optional.empty();
        }
        if (body.size() > 1) {
            Optional<Memsets.Zeroing> z = Memsets.after(fbStmt, m.first().place(), m.fallback().call());
            SyntaxNode zs = z.map(x -> x.guard() != null ? x.guard() : x.statement()).orElse(null);
            if (body.size() != 2 || zs != body.get(1)) {
                return Optional.empty();
            }
        }
        Optional<Fix.TextEdit> delete = FixEdits.deleteLines(facts.source(), ifStmt);
        if (delete.isEmpty()) {
            return Optional.empty();
        }
        Fix.TextEdit rename = new Fix.TextEdit(k.call().startByte(), k.call().endByte(), plan.callText());
        KvConversion.Safety safety = KvConversion.frees(facts, m.first().place(), m.first().store(), index);
        String helper = plan.callText().substring(0, plan.callText().indexOf('('));
        return Optional.of(safety.fix("use " + helper + "() and drop the fallback", safety.with(rename, delete.get())));
    }

    // ---------------------------------------------------------------- choices (KV002)

    /** The syntactic shape of a choice; decides how it is rewritten. */
    enum Shape {
        /** if (c) p = a; else p = b; or if (c) return a; else return b; */
        IF_ELSE,
        /** if (c) return a; return b; */
        IF_RETURN,
        /** c ? a : b */
        TERNARY,
        /** if (c) p = vmalloc(n); if (!p) p = kmalloc(n, gfp); -- KV001's reversed order */
        REVERSED,
        /**
         * #ifdef X / if (c) p = a; else / #endif / p = b; -- an {@code #if} block holding just an
         * {@code if} whose else half is the statement after the {@code #endif}
         */
        SPLIT_IF
    }

    /**
     * A choice as syntax.
     *
     * @param shape how it is written
     * @param construct the if statement or conditional expression
     * @param small the kmalloc-family call
     * @param large the vmalloc-family call
     * @param place where the result goes, or null when it is returned
     * @param smallStmt the statement holding {@code small} (the conditional expression for TERNARY)
     * @param last the last node the construct covers (the trailing return of IF_RETURN)
     */
    record SyntaxChoice(Shape shape, SyntaxNode construct, CallSite small, CallSite large, String place,
                        SyntaxNode smallStmt, SyntaxNode last) {}

    /**
     * The KV002 rewrite: the whole choice becomes the planned kvmalloc-family call. A choice by
     * something else than the size (a flag, a predicate) may be deliberate: then the fix is
     * UNSAFE and says so.
     */
    static Optional<Fix> forChoice(Fallbacks.Choice c, FileFacts facts, RuleContext ctx, boolean zero, FixIndex index) {
        Optional<SyntaxChoice> sc = syntaxChoice(c, facts);
        if (sc.isEmpty()) {
            return Optional.empty();
        }
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), sc.get().small(),
                sc.get().large(), zero);
        Optional<Fix> fix = conversionFix(facts, sc.get(), plan, index);
        if (fix.isPresent() && !c.sizeThreshold()) {
            Fix x = fix.get();
            String why = c.test().written().contains("&&")
                    ? "the choice depends on '" + c.test().written() + "': kvmalloc() decides by the size, and falls"
                    + " back to vmalloc only for a mask that may sleep; check that nothing relies on the other backend"
                    : "the choice depends on '" + c.test().written() + "', not on the size: kvmalloc() decides by"
                    + " the size alone, check that nothing relies on the other backend";
            fix = Optional.of(x.concern(Fix.Applicability.UNSAFE, why));
        }
        return fix;
    }

    /** The construct of a choice found in the syntax by the position of its test. */
    static Optional<SyntaxChoice> syntaxChoice(Fallbacks.Choice c, FileFacts facts) {
        if (facts.root() == null || c.test().construct() == null) {
            return Optional.empty();
        }
        Optional<CallSite> small = facts.pointers().tableCall(c.small().id());
        Optional<CallSite> large = facts.pointers().tableCall(c.large().id());
        Optional<SyntaxNode> construct = nodeAt(facts.root(), c.test().construct());
        if (small.isEmpty() || large.isEmpty() || construct.isEmpty()) {
            return Optional.empty();
        }
        SyntaxNode n = construct.get();
        if (n.is("conditional_expression")) {
            Optional<SyntaxNode> a = n.child("consequence").map(CSyntax::unwrap);
            Optional<SyntaxNode> b = n.child("alternative").map(CSyntax::unwrap);
            if (a.isEmpty() || b.isEmpty() || !isEither(a.get(), small.get(), large.get())
                    || !isEither(b.get(), small.get(), large.get())) {
                return Optional.empty();
            }
            return Optional.of(new SyntaxChoice(Shape.TERNARY, n, small.get(), large.get(), c.placeText(), n, n));
        }
        Optional<SyntaxChoice> split = splitChoice(n, small.get(), large.get());
        if (split.isPresent() || !n.is("if_statement")) {
            return split;
        }
        Optional<Outcome> whenTrue = n.child("consequence").flatMap(x -> outcome(x, small.get(), large.get()));
        if (whenTrue.isEmpty()) {
            return Optional.empty();
        }
        Optional<SyntaxNode> alt = n.child("alternative");
        Optional<Outcome> whenFalse;
        Shape shape;
        SyntaxNode last = n;
        if (alt.isPresent()) {
            SyntaxNode elseStmt = alt.get().is("else_clause")
                    ? alt.get().namedChildren().stream().filter(x -> !x.is("comment")).findFirst().orElse(null)
                    : alt.get();
            if (elseStmt == null || elseStmt.is("if_statement")) {
                return Optional.empty();
            }
            whenFalse = outcome(elseStmt, small.get(), large.get());
            shape = Shape.IF_ELSE;
        } else {
            if (whenTrue.get().place() != null || !Statements.endsInJump(n.child("consequence").get())) {
                return Optional.empty();
            }
            Optional<SyntaxNode> next = Statements.nextStatement(n);
            if (next.isEmpty() || next.get().field() != null || !next.get().is("return_statement")) {
                return Optional.empty();
            }
            whenFalse = outcome(next.get(), small.get(), large.get());
            shape = Shape.IF_RETURN;
            last = next.get();
        }
        if (whenFalse.isEmpty() || whenTrue.get().call() == whenFalse.get().call()
                || !java.util.Objects.equals(whenTrue.get().place(), whenFalse.get().place())) {
            return Optional.empty();
        }
        Outcome s = whenTrue.get().call() == small.get() ? whenTrue.get() : whenFalse.get();
        return Optional.of(new SyntaxChoice(shape, n, small.get(), large.get(), s.place(), s.stmt(), last));
    }

    /**
     * The choice an {@code #if} block cuts in two: the block (no {@code #else}) holds only an
     * {@code if} without else and the lone {@code else}, and the statement after the
     * {@code #endif} is the else half. {@code n} is the block or that {@code if}.
     */
    private static Optional<SyntaxChoice> splitChoice(SyntaxNode n, CallSite small, CallSite large) {
        SyntaxNode block = n.is("if_statement") ? n.parentOrNull() : n;
        if (block == null || !CSyntax.isPreprocBlock(block) || block.child("alternative").isPresent()) {
            return Optional.empty();
        }
        List<SyntaxNode> body = Statements.blockBody(block);
        if (body.size() != 2 || !body.get(0).is("if_statement") || body.get(0).child("alternative").isPresent()
                || !body.get(1).is("ERROR") || !body.get(1).text().strip().equals("else")
                || n.is("if_statement") && n != body.get(0)) {
            return Optional.empty();
        }
        SyntaxNode ifs = body.get(0);
        Optional<SyntaxNode> next = Statements.nextStatement(block);
        if (next.isEmpty() || next.get().field() != null) {
            return Optional.empty();
        }
        Optional<Outcome> whenTrue = ifs.child("consequence").flatMap(x -> outcome(x, small, large));
        Optional<Outcome> whenFalse = outcome(next.get(), small, large);
        if (whenTrue.isEmpty() || whenFalse.isEmpty() || whenTrue.get().call() == whenFalse.get().call()
                || whenTrue.get().place() == null
                || !java.util.Objects.equals(whenTrue.get().place(), whenFalse.get().place())) {
            return Optional.empty();
        }
        Outcome s = whenTrue.get().call() == small ? whenTrue.get() : whenFalse.get();
        return Optional.of(new SyntaxChoice(Shape.SPLIT_IF, block, small, large, s.place(), s.stmt(), next.get()));
    }

    private static boolean isEither(SyntaxNode n, CallSite a, CallSite b) {
        return n == a.call() || n == b.call();
    }

    /** The node with exactly this region, found by descending through the children that hold it. */
    static Optional<SyntaxNode> nodeAt(SyntaxNode root, Loc loc) {
        SyntaxNode n = root;
        while (true) {
            if (n.startByte() == loc.startByte() && n.endByte() == loc.endByte() && n != root) {
                return Optional.of(n);
            }
            SyntaxNode next = null;
            for (SyntaxNode c : n.children()) {
                if (c.startByte() <= loc.startByte() && loc.endByte() <= c.endByte()) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            n = next;
        }
    }

    /** Where one branch's allocation goes. */
    private record Outcome(CallSite call, SyntaxNode stmt, String place) {}

    /** The single allocation a branch makes: an assignment or a return of {@code small} or {@code large}. */
    private static Optional<Outcome> outcome(SyntaxNode branch, CallSite small, CallSite large) {
        List<Outcome> found = new ArrayList<>();
        for (SyntaxNode s : CSyntax.statements(branch)) {
            if (s.is("return_statement") && !s.namedChildren().isEmpty()) {
                SyntaxNode v = CSyntax.unwrap(s.namedChildren().getFirst());
                if (v == small.call() || v == large.call()) {
                    found.add(new Outcome(v == small.call() ? small : large, s, null));
                }
            } else if (s.is("expression_statement") && s.namedChildren().size() == 1) {
                SyntaxNode e = s.namedChildren().getFirst();
                if (e.is("assignment_expression") && e.child("right").isPresent()
                        && e.children().stream().anyMatch(x -> !x.isNamed() && x.text().equals("="))) {
                    SyntaxNode v = CSyntax.unwrap(e.child("right").get());
                    if (v == small.call() || v == large.call()) {
                        found.add(new Outcome(v == small.call() ? small : large, s,
                                e.child("left").map(CSyntax::canonical).orElse("")));
                    }
                }
            }
        }
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    /** The whole choice rewritten to the planned kvmalloc-family call; empty when the shape does not allow it. */
    static Optional<Fix> conversionFix(FileFacts facts, SyntaxChoice c, KvConversion.Plan plan, FixIndex index) {
        if (!plan.rewritable() || plan.callText() == null) {
            return Optional.empty();
        }
        var src = facts.source();
        Fix.TextEdit edit;
        switch (c.shape()) {
            case TERNARY -> edit = new Fix.TextEdit(c.construct().startByte(), c.construct().endByte(), plan.callText());
            case IF_ELSE, IF_RETURN, REVERSED -> {
                if (c.shape() != Shape.REVERSED && !singleStatementBranches(c)) {
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
            case SPLIT_IF -> {
                SyntaxNode ifs = splitIfStatement(c);
                if (CSyntax.statements(ifs.child("consequence").orElseThrow()).size() != 1
                        || CSyntax.statements(c.last()).size() != 1) {
                    return Optional.empty();
                }
                Optional<String> comments = movedComments(blockAnd(c.construct(), c.last()), c.smallStmt());
                int lineStart = lineStart(src, c.construct().startByte());
                int ifLine = lineStart(src, ifs.startByte());
                if (comments.isEmpty() || lineStart < 0 || ifLine < 0) {
                    return Optional.empty();
                }
                SyntaxNode stmt = c.smallStmt();
                String text = FixEdits.rewrite(src, stmt.startByte(), stmt.endByte(), List.of(
                        new Fix.TextEdit(c.small().call().startByte(), c.small().call().endByte(), plan.callText())));
                // from the start of the #if line: the new statement takes the if's indentation
                edit = new Fix.TextEdit(lineStart, c.last().endByte(),
                        src.text(ifLine, ifs.startByte()) + text + comments.get());
            }
            default -> throw new IllegalStateException();
        }
        String helper = plan.callText().substring(0, plan.callText().indexOf('('));
        KvConversion.Safety safety = KvConversion.frees(facts, c.place(), c.construct(), index);
        Fix fix = safety.fix("use " + helper + "()", safety.with(edit));
        if (c.shape() == Shape.SPLIT_IF) {
            String directive = src.text(c.construct().startByte(), c.construct().endByte()).lines().findFirst()
                    .orElse("").strip();
            fix = fix.concern(Fix.Applicability.UNSAFE, "'" + directive + "' goes with the choice: in the configuration"
                    + " it left out, the allocation was " + c.small().api().name() + "() alone and becomes " + helper + "()");
        }
        return Optional.of(fix);
    }

    /** Each branch is just its allocation statement (possibly in braces). */
    private static boolean singleStatementBranches(SyntaxChoice c) {
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
    private static Optional<String> movedComments(SyntaxChoice c) {
        List<SyntaxNode> nodes = new ArrayList<>();
        nodes.add(c.construct());
        for (Optional<SyntaxNode> n = c.construct().nextNamedSibling(); c.last() != c.construct() && n.isPresent();
                n = n.get().nextNamedSibling()) {
            nodes.add(n.get());
            if (n.get() == c.last()) {
                break;
            }
        }
        return movedComments(nodes, c.smallStmt());
    }

    private static Optional<String> movedComments(List<SyntaxNode> nodes, SyntaxNode smallStmt) {
        StringBuilder out = new StringBuilder();
        boolean[] bad = {false};
        for (SyntaxNode n : nodes) {
            n.walk(x -> {
                if (x.type().startsWith("preproc")) {
                    bad[0] = true;
                } else if (x.is("comment") && !smallStmt.contains(x)) {
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

    /** What an {@code #if} block holds (its statements and comments, not its condition), then {@code after}. */
    private static List<SyntaxNode> blockAnd(SyntaxNode block, SyntaxNode after) {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : block.children()) {
            if (c.isNamed() && c.field() == null) {
                out.add(c);
            }
        }
        out.add(after);
        return out;
    }

    /** The {@code if} inside a {@link Shape#SPLIT_IF} block. */
    private static SyntaxNode splitIfStatement(SyntaxChoice c) {
        return c.construct().children().stream().filter(x -> x.is("if_statement")).findFirst().orElseThrow();
    }

    /** The start of the line holding {@code at}, when only blanks come before it there; else -1. */
    private static int lineStart(org.kvlint.syntax.SourceText src, int at) {
        int i = at;
        while (i > 0) {
            String ch = src.text(i - 1, i);
            if (ch.equals("\n")) {
                return i;
            }
            if (!ch.equals(" ") && !ch.equals("\t")) {
                return -1;
            }
            i--;
        }
        return 0;
    }
}
