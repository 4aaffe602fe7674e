package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.Loc;

/**
 * KV008: the two sides of an open-coded fallback (KV001's pairs) or of a choice (KV002's) disagree
 * on zeroing, so one path hands out uninitialised memory. A query over the value flow.
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
     * @param alloc the allocation
     * @param zeroed it returns zeroed memory, by API, by __GFP_ZERO or by a memset right after
     * @param by where it is zeroed (the call, or the memset)
     */
    private record Side(AllocFact alloc, boolean zeroed, Loc by) {
        static Side of(AllocFact a) {
            if (a.zeroes()) {
                return new Side(a, true, a.loc());
            }
            if (a.memset() != null) {
                return new Side(a, true, a.memset());
            }
            return new Side(a, false, a.loc());
        }

        boolean byCall() {
            return by.equals(alloc.loc());
        }
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        FixIndex index = new FixIndex(facts);
        for (Fallbacks.Fallback f : OpenCodedFallbackRule.reportable(facts, ctx)) {
            fallbackPair(facts, ctx, f, index).ifPresent(out::add);
        }
        for (Fallbacks.Choice c : SizeThresholdChoiceRule.reportable(facts, ctx)) {
            choicePair(facts, ctx, c, index).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Finding> fallbackPair(FileFacts facts, RuleContext ctx, Fallbacks.Fallback f, FixIndex index) {
        if (f.memsetAfter() != null) {
            return Optional.empty(); // both zeroed by the memset() after the pair
        }
        Side k = Side.of(OpenCodedFallbackRule.kmallocSide(f));
        List<AllocFact> vs = f.reversed() ? List.of(f.first()) : f.vmallocStages();
        if (vs.stream().map(Side::of).map(Side::zeroed).distinct().count() > 1) {
            return Optional.empty(); // the fallback itself is chosen by zeroing ('if (flags & __GFP_ZERO) vzalloc else vmalloc')
        }
        Side v = null;
        for (AllocFact s : f.reversed() ? List.of(f.first()) : f.vmallocStages()) {
            Side x = Side.of(s);
            if (x.zeroed() != k.zeroed()) {
                v = x;
                break;
            }
        }
        if (v == null) {
            return Optional.empty();
        }
        String place = f.place() + f.configuration();
        String kName = k.alloc().api() + "()";
        String vName = v.alloc().api() + "()";
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.kernel(), k.alloc(), v.alloc(), true);
        Level level;
        String message;
        Side bad;
        Side good;
        if (k.zeroed()) {
            bad = v;
            good = k;
            level = Level.ERROR;
            message = "the " + vName + " fallback for " + place + " returns uninitialised memory while "
                    + zeroingWords(ctx, k) + " at line " + k.by().line() + " zeroes it: under memory pressure " + f.place()
                    + " holds stale data (an information leak if it reaches user space); use " + plan.words()
                    + " (free with kvfree())";
        } else {
            bad = k;
            good = v;
            level = Level.WARNING;
            message = kName + " for " + place + " returns uninitialised memory while its " + vName + " fallback"
                    + (good.byCall() ? " at line " + good.by().line() + " zeroes it"
                            : " is zeroed by the memset() at line " + good.by().line())
                    + ": the two paths disagree; use " + plan.words()
                    + " (free with kvfree()), or drop the zeroing if every byte is written first";
        }
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(good.by()), "zeroed here"));
        Finding finding = new Finding(ID, level, facts.file().displayPath(), Span.of(bad.alloc().loc()), message, related);
        // zeroing by the calls themselves: KV001's own rewrite already picks the zeroing helper (P6),
        // so both findings carry the same edits; a memset() in the fallback branch needs this rule's
        List<Fix> fixes = k.byCall() && v.byCall() ? FallbackFixes.forFallback(f, facts, ctx, index)
                : FallbackFixes.match(f, facts).flatMap(m -> FallbackFixes.zeroingFallbackFix(facts, m, ctx, index))
                        .stream().toList();
        return Optional.of(finding.withFixes(fixes));
    }

    private static String zeroingWords(RuleContext ctx, Side s) {
        String name = s.alloc().api() + "()";
        if (!s.byCall()) {
            return "the memset() after " + name;
        }
        return ctx.api().get(s.alloc().api()).zero() == ApiFunction.Zeroing.GFP ? name + " with __GFP_ZERO" : name;
    }

    private static Optional<Finding> choicePair(FileFacts facts, RuleContext ctx, Fallbacks.Choice c, FixIndex index) {
        Side k = Side.of(c.small());
        Side v = Side.of(c.large());
        if (k.zeroed() == v.zeroed() || c.memsetAfter() != null) {
            return Optional.empty();
        }
        String who = c.place() + c.configuration();
        String cond = c.test().written();
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.kernel(), k.alloc(), v.alloc(), true);
        Side bad = k.zeroed() ? v : k;
        Side good = k.zeroed() ? k : v;
        String badName = bad.alloc().api() + "()";
        String range = c.sizeThreshold() ? (bad == v ? "the large sizes" : "the small sizes")
                : (bad == v ? "the '" + cond + "' side" : "the other side");
        String message = "inconsistent zeroing for " + who + " on '" + cond + "': " + badName + " returns uninitialised"
                + " memory for " + range + " while " + zeroingWords(ctx, good) + " at line " + good.by().line()
                + " zeroes the others; use " + plan.words() + " (free with kvfree())";
        Level level = k.zeroed() ? Level.ERROR : Level.WARNING;
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(good.by()), "zeroed here"));
        Finding f = new Finding(ID, level, facts.file().displayPath(), Span.of(bad.alloc().loc()), message, related);
        Optional<Fix> fix = k.byCall() && v.byCall() ? FallbackFixes.forChoice(c, facts, ctx, true, index) : Optional.empty();
        return Optional.of(fix.map(x -> f.withFixes(List.of(x))).orElse(f));
    }
}
