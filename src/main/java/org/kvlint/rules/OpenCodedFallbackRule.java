package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.Loc;

/**
 * KV001: a kmalloc-family allocation whose failure leads to a vmalloc-family allocation of the
 * same memory, in any shape: the NULL test right after it, an early return or goto on success,
 * chains through the page allocator, the reversed order. A query over the value flow
 * ({@link Fallbacks}). See {@code rules/KV001.md}.
 */
public final class OpenCodedFallbackRule implements Rule {
    public static final String ID = "KV001";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        FixIndex index = new FixIndex(facts);
        for (Fallbacks.Fallback f : Fallbacks.find(facts).fallbacks()) {
            describe(facts, ctx, f).map(d -> d.withFixes(FallbackFixes.forFallback(f, facts, ctx, index)))
                    .ifPresent(out::add);
        }
        return out;
    }

    /** The reportable fallbacks of a file (KV008 reads them too). */
    static List<Fallbacks.Fallback> reportable(FileFacts facts, RuleContext ctx) {
        List<Fallbacks.Fallback> out = new ArrayList<>();
        for (Fallbacks.Fallback f : Fallbacks.find(facts).fallbacks()) {
            if (deliberate(facts, ctx, f).isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    /** The kmalloc-family side of a fallback (the first try, or the stage after a vmalloc). */
    static AllocFact kmallocSide(Fallbacks.Fallback f) {
        return f.reversed() ? f.stages().getFirst() : f.first();
    }

    /** The first vmalloc-family side. */
    static AllocFact vmallocSide(Fallbacks.Fallback f) {
        return f.reversed() ? f.first() : f.vmallocStages().getFirst();
    }

    /** Why the code may mean it this way, or empty when it is an open-coded kvmalloc. */
    private static Optional<String> deliberate(FileFacts facts, RuleContext ctx, Fallbacks.Fallback f) {
        AllocFact k = kmallocSide(f);
        List<AllocFact> vs = f.reversed() ? List.of(f.first()) : f.vmallocStages();
        if (vs.stream().anyMatch(v -> Fallbacks.deliberateVmalloc(ctx, v))) {
            return Optional.of("vmalloc memory wanted on purpose (user mapping, DMA32, special protection)");
        }
        if (Fallbacks.dma(Fallbacks.mask(k))) {
            return Optional.of("address-limited memory: vmalloc cannot stand in, kvmalloc neither");
        }
        if (Fallbacks.pinned(f.fn(), k.place()).isPresent()) {
            return Optional.of("a use needs one backend");
        }
        Loc construct = span(f);
        // slab first, vmalloc when it fails, is kvmalloc()'s own order: a comment that only
        // argues for that order ("use kmalloc() rather than vmalloc() when we can") is no reason
        boolean againstKvOnly = !f.reversed();
        if (f.fn().explained(construct, againstKvOnly) || f.fn().explained(k.statement(), againstKvOnly)) {
            return Optional.of("a comment explains the choice");
        }
        if (AllocatorInternals.implementsAllocators(facts, f.fn())) {
            return Optional.of("the allocators' own code");
        }
        return Optional.empty();
    }

    /** From the first statement of the pair to the last. */
    static Loc span(Fallbacks.Fallback f) {
        Loc a = f.first().statement();
        Loc b = f.stages().getLast().statement();
        Loc first = a.startByte() <= b.startByte() ? a : b;
        Loc last = a.endByte() >= b.endByte() ? a : b;
        return new Loc(first.startByte(), last.endByte(), first.line(), first.column(), last.endLine(), last.endColumn());
    }

    private static Optional<Finding> describe(FileFacts facts, RuleContext ctx, Fallbacks.Fallback f) {
        if (deliberate(facts, ctx, f).isPresent()) {
            return Optional.empty();
        }
        AllocFact k = kmallocSide(f);
        AllocFact v = vmallocSide(f);
        String place = f.place();
        String kName = k.api() + "()";
        String vName = v.api() + "()";
        // a fallback chosen by zeroing (vzalloc or vmalloc by the caller's flags): the mask decides, not the helper
        AllocFact forHelper = f.reversed() ? v : f.vmallocStages().stream().filter(s -> !s.zeroes()).findFirst()
                .filter(s -> f.vmallocStages().stream().anyMatch(AllocFact::zeroes)).orElse(v);
        String helper = Suggestion.replacement(ctx.api(), facts.kernel(), k, forHelper);
        Gfp gfp = Fallbacks.mask(k);
        String where = f.configuration();
        List<Finding.Related> related = new ArrayList<>();
        String chain;
        if (f.reversed()) {
            chain = "open-coded " + vName + " -> " + kName + " fallback";
            related.add(new Finding.Related(Span.of(k.loc()), kName + " fallback for " + place));
        } else {
            StringBuilder b = new StringBuilder("open-coded ").append(kName);
            List<List<AllocFact>> steps = f.steps();
            for (List<AllocFact> step : steps) {
                b.append(" -> ").append(String.join(" or ", step.stream().map(s -> s.api() + "()").toList()));
                for (AllocFact s : step) {
                    related.add(new Finding.Related(Span.of(s.loc()), s.api() + "() fallback for " + place));
                }
            }
            chain = b.append(steps.size() > 1 ? " fallback chain" : " fallback").toString();
        }
        Level level;
        String message;
        if (f.reversed()) {
            level = ctx.catalog().require(ID).level();
            message = chain + " for " + place + where + ": " + kName + " runs only when " + vName + " failed, so"
                    + " the memory is virtually contiguous whenever vmalloc succeeds; kvmalloc() tries kmalloc() quietly"
                    + " first and falls back to vmalloc by itself: use " + helper + " (free with kvfree())";
        } else if (gfp.atomicContext()) {
            level = Level.WARNING;
            message = vName + " fallback for " + place + where + " after a " + gfp.nonBlockingName() + " " + kName
                    + ": vmalloc() may sleep, a bug in atomic context, and kvmalloc() never falls back for non-sleeping flags;"
                    + " allocate outside the atomic section or drop the fallback";
        } else if (!gfp.blocking()) {
            level = Level.NOTE;
            message = "open-coded kvmalloc() for " + place + where + ": the " + kName + " without direct reclaim lets the "
                    + vName + " fallback run (what kvmalloc() itself does from 6.16); before 6.16 " + helper
                    + " would reclaim before falling back";
        } else if (gfp.has("__GFP_NORETRY") || gfp.has("__GFP_RETRY_MAYFAIL")) {
            level = Level.NOTE;
            String flag = gfp.has("__GFP_NORETRY") ? "__GFP_NORETRY" : "__GFP_RETRY_MAYFAIL";
            message = "open-coded kvmalloc() for " + place + where + ": the " + flag + " " + kName + " lets the "
                    + vName + " fallback run, but " + helper + " does the same in one call (free with kvfree())";
        } else {
            level = ctx.catalog().require(ID).level();
            boolean noFs = gfp.has("GFP_NOFS") || gfp.has("GFP_NOIO");
            String with = gfp.known() ? gfp.names().stream().filter(n -> n.startsWith("GFP_")).findFirst()
                    .map(n -> " with " + n).orElse("") : "";
            message = chain + " for " + place + where + ": a " + kName + with
                    + " of up to 8 pages (32 KiB) does not fail, it retries"
                    + (noFs ? " (and cannot invoke the OOM killer)" : " and may invoke the OOM killer")
                    + ", so the fallback does not run when it matters; use " + helper + " (free with kvfree())";
        }
        Loc at = f.reversed() ? f.first().loc() : k.loc();
        return Optional.of(new Finding(ID, level, facts.file().displayPath(), Span.of(at), message, related));
    }

    /** True for a page-allocator stage of a chain. */
    static boolean pageStage(AllocFact a) {
        return a.family() != Family.KMALLOC && a.family() != Family.VMALLOC && a.family() != Family.KV;
    }
}
