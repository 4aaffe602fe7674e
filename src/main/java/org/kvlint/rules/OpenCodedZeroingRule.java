package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.KernelVersion;

/**
 * KV009: {@code memset(p, 0, size)} right after {@code p = vmalloc(size)} or
 * {@code p = kvmalloc(size, ...)}: the zeroing variant does it in one call. A query over the
 * allocation facts (the memset is found at extraction); the fix comes from the syntax at the
 * end ({@link ZeroingFixes}). See {@code rules/KV009.md}.
 */
public final class OpenCodedZeroingRule implements Rule {
    public static final String ID = "KV009";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        Set<Integer> paired = Fallbacks.pairedSides(facts);
        List<Finding> out = new ArrayList<>();
        for (FunctionFacts fn : facts.functions()) {
            for (AllocFact a : fn.allocations()) {
                ApiFunction f = ctx.api().lookup(a.api()).orElse(null);
                if (f == null || a.memset() == null || a.place() == null || f.role() != ApiFunction.Role.ALLOC
                        || f.family() != ApiFunction.Family.VMALLOC && f.family() != ApiFunction.Family.KV) {
                    continue;
                }
                if (f.sizeArgs().isEmpty() || f.sizeArgs().getFirst() != 0) {
                    continue; // kvmemdup()/vmemdup_user(): the memory is a copy, a memset would be a different bug
                }
                if (paired.contains(a.id())) {
                    continue; // one side of a pair: KV001/KV002/KV008 rewrite the whole pair
                }
                describe(facts, ctx, a, f).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * How to make the call itself zero: a zeroing twin ({@code vzalloc()}), or __GFP_ZERO in its
     * mask; {@code gfp} says whether the mask is there to extend.
     */
    record Zeroed(String words, String twin) {}

    private static Optional<Zeroed> zeroed(AllocatorApi api, KernelVersion kernel, ApiFunction f) {
        Optional<ApiFunction> twin = api.zeroingTwin(f).filter(t -> t.kvFallback() == f.kvFallback() && t.kvFallback());
        if (twin.isPresent() && kernel.atLeast(twin.get().since())) {
            return Optional.of(new Zeroed(twin.get().name() + "()", twin.get().name()));
        }
        if (f.zero() == ApiFunction.Zeroing.GFP && f.gfpArg() >= 0) {
            return Optional.of(new Zeroed(f.name() + "() with __GFP_ZERO"
                    + twin.map(t -> " (" + t.name() + "() needs " + t.since() + ")").orElse(""), null));
        }
        return Optional.empty();
    }

    private static Optional<Finding> describe(FileFacts facts, RuleContext ctx, AllocFact a, ApiFunction f) {
        String name = a.api() + "()";
        int memsetLine = a.memset().line();
        String memset = ZeroingFixes.text(facts, a.memset());
        String message;
        String description;
        Optional<Zeroed> how = Optional.empty();
        if (a.zeroes()) {
            message = "'" + memset + "' at line " + memsetLine + " clears memory that " + name + " already zeroed;"
                    + " drop the memset()";
            description = "drop the redundant memset()";
        } else {
            how = zeroed(ctx.api(), facts.kernel(), f);
            if (how.isEmpty()) {
                return Optional.empty(); // vmalloc_32() and friends: no zeroing form to suggest
            }
            message = name + " for '" + a.place() + "' is followed at line " + memsetLine + " by '" + memset
                    + "', which zeroes all of it; use " + how.get().words() + ", which returns zeroed memory";
            description = "use " + how.get().words() + " and drop the memset()";
        }
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(a.memset()), "zeroes the whole allocation"));
        Level level = ctx.catalog().require(ID).level();
        Finding finding = new Finding(ID, level, facts.file().displayPath(), Span.of(a.loc()), message, related);
        return Optional.of(ZeroingFixes.fix(facts, a, f, how.map(Zeroed::twin).orElse(null), how.isPresent(), description)
                .map(x -> finding.withFixes(List.of(x))).orElse(finding));
    }
}
