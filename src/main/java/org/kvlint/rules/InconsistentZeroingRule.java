package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.Assignment;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Memsets;
import org.kvlint.facts.NullTest;
import org.kvlint.facts.Statements;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * KV008: the two branches of an open-coded fallback (KV001's shape) or of a size-threshold
 * choice (KV002's shape) disagree on zeroing, so one path hands out uninitialised memory.
 * See {@code rules/KV008.md}.
 */
public final class InconsistentZeroingRule implements Rule {
    public static final String ID = "KV008";

    @Override
    public String id() {
        return ID;
    }

    /**
     * One side of a pair and how it gets zeroed.
     *
     * @param call the allocator call
     * @param zeroed it returns zeroed memory, by API, by __GFP_ZERO or by a memset right after
     * @param by the node that zeroes (the call, or the memset)
     */
    private record Side(CallSite call, boolean zeroed, SyntaxNode by) {}

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Assignment fallback : facts.assignments()) {
            ApiFunction v = fallback.call().api();
            if (v.family() != ApiFunction.Family.VMALLOC || v.role() != ApiFunction.Role.ALLOC) {
                continue;
            }
            OpenCodedFallbackRule.match(facts, fallback).flatMap(m -> fallbackPair(facts, ctx, m)).ifPresent(out::add);
        }
        for (SizeThresholdChoiceRule.Choice c : SizeThresholdChoiceRule.find(facts)) {
            thresholdPair(facts, ctx, c).ifPresent(out::add);
        }
        return out;
    }

    private static Side side(CallSite call, SyntaxNode stmt, String place, SyntaxNode before) {
        if (call.zeroes()) {
            return new Side(call, true, call.call());
        }
        if (stmt == null || place == null) {
            return new Side(call, false, call.call());
        }
        Optional<Memsets.Zeroing> z = Memsets.after(stmt, place, call);
        if (z.isPresent() && (before == null || z.get().call().endByte() <= before.startByte())) {
            return new Side(call, true, z.get().call());
        }
        return new Side(call, false, call.call());
    }

    private static Optional<Finding> fallbackPair(FileFacts facts, RuleContext ctx, OpenCodedFallbackRule.Match m) {
        if (KvConversion.deliberateVmalloc(m.fallback().call())) {
            return Optional.empty(); // vmalloc_user(): zeroed because it is mapped to user space; a deliberate pair
        }
        String place = m.first().place();
        Side k = side(m.first().call(), m.first().statement(), place, m.ifStatement());
        Side v = side(m.fallback().call(), m.fallback().statement(), place, null);
        if (k.zeroed() == v.zeroed() || Memsets.after(m.ifStatement(), place, m.first().call()).isPresent()) {
            return Optional.empty();
        }
        String kName = k.call().api().name() + "()";
        String vName = v.call().api().name() + "()";
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), k.call(), v.call(), true);
        Level level;
        String message;
        Side bad;
        Side good;
        if (k.zeroed()) {
            bad = v;
            good = k;
            level = Level.ERROR;
            message = "the " + vName + " fallback for '" + place + "' returns uninitialised memory while "
                    + zeroingWords(k) + " at line " + line(k.by()) + " zeroes it: under memory pressure '" + place
                    + "' holds stale data (an information leak if it reaches user space); use " + plan.words()
                    + " (free with kvfree())";
        } else {
            bad = k;
            good = v;
            level = Level.WARNING;
            message = kName + " for '" + place + "' returns uninitialised memory while its " + vName + " fallback"
                    + (good.by() == good.call().call() ? " at line " + line(good.by()) + " zeroes it"
                            : " is zeroed by the memset() at line " + line(good.by()))
                    + ": the two paths disagree; use " + plan.words()
                    + " (free with kvfree()), or drop the zeroing if every byte is written first";
        }
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(good.by()), "zeroed here"));
        Finding f = new Finding(ID, level, facts.file().displayPath(), Span.of(bad.call().call()), message, related);
        // zeroing by the calls themselves: KV001's own rewrite already picks the zeroing helper (P6),
        // so both findings carry the same edits; a memset() in the fallback branch needs this rule's
        Optional<Fix> fix = SizeThresholdChoiceRule.allocatorInternals(facts) ? Optional.empty()
                : zeroedSidesAreCalls(k, v) ? OpenCodedFallbackFix.of(m, facts, ctx.api())
                : fallbackFix(facts, m, plan);
        return Optional.of(fix.map(x -> f.withFixes(List.of(x))).orElse(f));
    }

    private static String zeroingWords(Side s) {
        String name = s.call().api().name() + "()";
        if (s.by() != s.call().call()) {
            return "the memset() after " + name;
        }
        return s.call().api().zero() == ApiFunction.Zeroing.GFP ? name + " with __GFP_ZERO" : name;
    }

    private static Optional<Finding> thresholdPair(FileFacts facts, RuleContext ctx, SizeThresholdChoiceRule.Choice c) {
        if (KvConversion.deliberateVmalloc(c.large())) {
            return Optional.empty(); // vmalloc_user()/vmalloc_32()/exec memory: a deliberate pair
        }
        boolean ternary = c.shape() == SizeThresholdChoiceRule.Shape.TERNARY;
        Side k = side(c.small(), ternary ? null : c.smallStmt(), c.place(), null);
        Side v = side(c.large(), ternary ? null : c.largeStmt(), c.place(), null);
        if (k.zeroed() == v.zeroed()) {
            return Optional.empty();
        }
        if (c.place() != null && Memsets.after(Statements.statementOf(c.last()), c.place(), c.small()).isPresent()) {
            return Optional.empty(); // both zeroed after the choice
        }
        String who = c.place() == null ? "the returned memory" : "'" + c.place() + "'";
        String cond = c.comparison().text().replaceAll("\\s+", " ");
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.source(), facts.kernel(), c.small(), c.large(), true);
        Side bad = k.zeroed() ? v : k;
        Side good = k.zeroed() ? k : v;
        String badName = bad.call().api().name() + "()";
        String range = bad == v ? "the large sizes" : "the small sizes";
        String message = "inconsistent zeroing for " + who + " on '" + cond + "': " + badName + " returns uninitialised"
                + " memory for " + range + " while " + zeroingWords(good) + " at line " + line(good.by())
                + " zeroes the others; use " + plan.words() + " (free with kvfree())";
        Level level = k.zeroed() ? Level.ERROR : Level.WARNING;
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(good.by()), "zeroed here"));
        Finding f = new Finding(ID, level, facts.file().displayPath(), Span.of(bad.call().call()), message, related);
        if (SizeThresholdChoiceRule.allocatorInternals(facts)) {
            return Optional.of(f);
        }
        Optional<Fix> fix = zeroedSidesAreCalls(k, v)
                ? SizeThresholdChoiceRule.conversionFix(facts, c, plan) : Optional.empty();
        return Optional.of(fix.map(x -> f.withFixes(List.of(x))).orElse(f));
    }

    /** A memset inside a branch would survive a rewrite that keeps only the kmalloc side. */
    private static boolean zeroedSidesAreCalls(Side k, Side v) {
        return k.by() == k.call().call() && v.by() == v.call().call();
    }

    private static int line(SyntaxNode n) {
        return n.startRow() + 1;
    }

    /**
     * The KV001 pair rewritten: the first try becomes the zeroing kv helper and the whole
     * fallback {@code if} goes. Only for the plain shape: first try as its own statement, an
     * {@code if} without else whose body is the fallback (and its memset), nothing else.
     */
    private static Optional<Fix> fallbackFix(FileFacts facts, OpenCodedFallbackRule.Match m, KvConversion.Plan plan) {
        if (!plan.rewritable()) {
            return Optional.empty();
        }
        SyntaxNode firstStmt = m.first().statement();
        SyntaxNode parent = firstStmt.parent().orElse(null);
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
        CallSite k = m.first().call();
        Fix.TextEdit rename = new Fix.TextEdit(k.call().startByte(), k.call().endByte(), plan.callText());
        KvConversion.Safety safety = KvConversion.frees(facts, m.first().place(), m.first().store());
        String helper = plan.callText().substring(0, plan.callText().indexOf('('));
        return Optional.of(new Fix("use " + helper + "() and drop the fallback", safety.with(rename, delete.get()),
                safety.applicability(), safety.reason()));
    }
}
