package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.AtomicSections;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.Gfp;

/**
 * KV002: a runtime test chooses between a vmalloc-family and a kmalloc-family allocation of the
 * same memory: a size threshold ({@code if (size > PAGE_SIZE) p = vmalloc(size); else p =
 * kmalloc(size, GFP_KERNEL);}, the ternary and return forms), or a flag or predicate of any name
 * ({@code if (uses_vmalloc(c)) ... else ...}). A query over the value flow ({@link Fallbacks}).
 * See {@code rules/KV002.md}.
 */
public final class SizeThresholdChoiceRule implements Rule {
    public static final String ID = "KV002";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        FixIndex index = new FixIndex(facts);
        for (Fallbacks.Choice c : Fallbacks.find(facts).choices()) {
            describe(facts, ctx, c, index).ifPresent(out::add);
        }
        return out;
    }

    /** The choices KV002 reports (KV008 reads them too): not deliberate, not mm/ internals. */
    static List<Fallbacks.Choice> reportable(FileFacts facts, RuleContext ctx) {
        List<Fallbacks.Choice> out = new ArrayList<>();
        for (Fallbacks.Choice c : Fallbacks.find(facts).choices()) {
            if (deliberate(facts, ctx, c).isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Why the code means it this way, or empty. */
    private static Optional<String> deliberate(FileFacts facts, RuleContext ctx, Fallbacks.Choice c) {
        FunctionFacts fn = c.fn();
        if (Fallbacks.deliberateVmalloc(ctx, c.large())) {
            return Optional.of("vmalloc memory wanted on purpose");
        }
        if (c.test().construct() != null && fn.explained(c.test().construct())) {
            return Optional.of("a comment explains the choice");
        }
        Gfp gfp = Fallbacks.mask(c.small());
        if (Fallbacks.dma(gfp)) {
            return Optional.of("address-limited memory");
        }
        if (AtomicSections.neverSleeps(gfp)) {
            return Optional.of("a non-sleeping small side: kvmalloc() would never fall back (KV006's subject)");
        }
        if (AllocatorInternals.implementsAllocators(facts, fn)) {
            return Optional.of("the allocators' own code");
        }
        return Optional.empty();
    }

    private static Optional<Finding> describe(FileFacts facts, RuleContext ctx, Fallbacks.Choice c, FixIndex index) {
        if (deliberate(facts, ctx, c).isPresent()) {
            return Optional.empty();
        }
        AllocFact k = c.small();
        AllocFact v = c.large();
        boolean zero = k.zeroes() || v.zeroes();
        KvConversion.Plan plan = KvConversion.plan(ctx.api(), facts.kernel(), k, v, zero);
        String kName = k.api() + "()";
        String vName = v.api() + "()";
        String who = c.place() + c.configuration();
        String cond = c.test().written();
        List<Finding.Related> related = List.of(
                new Finding.Related(Span.of(v.loc()), vName + (c.sizeThreshold() ? " for the sizes above the threshold"
                        : " when '" + cond + "' holds")),
                new Finding.Related(Span.of(k.loc()), kName + (c.sizeThreshold() ? " for the sizes below it"
                        : " otherwise")));
        Optional<FunctionFacts.BackendUse> pinned = Fallbacks.pinned(c.fn(), c.placeText());
        String kind = c.sizeThreshold() ? "size-threshold choice" : "choice between " + vName + " and " + kName;
        if (pinned.isPresent()) {
            String use = pinned.get().callee() + "()";
            String message = kind + " for " + who + " on '" + cond + "' (" + vName + " at line " + v.line()
                    + ", " + kName + " at line " + k.line() + "), but " + use + " at line " + pinned.get().loc().line()
                    + " needs one backend: " + plan.words() + " only after that use checks is_vmalloc_addr()";
            return Optional.of(new Finding(ID, Level.NOTE, facts.file().displayPath(), Span.of(c.test().loc()),
                    message, related));
        }
        String message;
        if (c.sizeThreshold()) {
            message = kind + " for " + who + " on '" + cond + "': " + vName + " at line " + v.line()
                    + " never tries kmalloc() for the large sizes, losing physically contiguous memory, and " + kName
                    + " at line " + k.line() + " takes the rest"
                    + (c.thresholdAbovePage() ? ", including multi-page sizes it retries hard for (and may invoke the OOM killer)"
                            : "")
                    + "; kvmalloc() tries kmalloc() quietly first and falls back by itself: use " + plan.words()
                    + " (free with kvfree(), never by size)";
        } else {
            message = kind + " for " + who + " on '" + cond + "': " + vName + " at line " + v.line()
                    + " never tries kmalloc() when it holds, and " + kName + " at line " + k.line()
                    + " never falls back when it does not; kvmalloc() tries kmalloc() quietly first and falls back"
                    + " by itself: use " + plan.words() + " (free with kvfree(), never by '" + cond + "')";
        }
        Level level = ctx.catalog().require(ID).level();
        Finding f = new Finding(ID, level, facts.file().displayPath(), Span.of(c.test().loc()), message, related);
        return Optional.of(FallbackFixes.forChoice(c, facts, ctx, zero, index).map(x -> f.withFixes(List.of(x))).orElse(f));
    }
}
