package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.AtomicSections;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.KvAllocFact;

/**
 * KV007: a kvmalloc-family call whose size is a constant of at most PAGE_SIZE on every
 * architecture: kvmalloc() never falls back for such sizes, it is a plain kmalloc().
 * See {@code rules/KV007.md}.
 */
public final class SmallConstantKvmallocRule implements Rule {
    public static final String ID = "KV007";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (KvAllocFact c : facts.pointers().kvAllocations()) {
            if (c.role() != ApiFunction.Role.ALLOC || c.sizeArgCount() == 0 || !c.smallConstant()) {
                continue;
            }
            if (Optional.ofNullable(c.gfp()).map(Gfp::parse).map(AtomicSections::neverSleeps).orElse(false)) {
                continue; // no fallback for a second reason: KV006 reports it
            }
            ctx.api().lookup(c.api()).ifPresent(api -> out.add(describe(facts, ctx, c, api)));
        }
        return out;
    }

    /** The kmalloc-family allocator that kvmalloc-family {@code kv} replaces for fallbacks. */
    static Optional<ApiFunction> kmallocTwin(AllocatorApi api, ApiFunction kv) {
        return api.all().stream()
                .filter(g -> g.family() == ApiFunction.Family.KMALLOC && kv.name().equals(g.kv()))
                .findFirst();
    }

    private static Finding describe(FileFacts facts, RuleContext ctx, KvAllocFact c, ApiFunction api) {
        String name = c.api() + "()";
        String size = "'" + c.size() + "'";
        String amount = c.bytesOnX86() >= 0 && !size.equals("'" + c.bytesOnX86() + "'")
                ? size + " (" + c.bytesOnX86() + " bytes on x86-64)" : size;
        Optional<ApiFunction> twin = kmallocTwin(ctx.api(), api);
        String use;
        List<Fix> fixes = List.of();
        if (twin.isPresent() && facts.kernel().atLeast(twin.get().since())) {
            use = "; use " + twin.get().name() + "() (existing kvfree() calls stay correct)";
            fixes = List.of(new Fix("use " + twin.get().name() + "()", List.of(new Fix.TextEdit(c.nameLoc().startByte(),
                    c.nameLoc().endByte(), twin.get().name())), Fix.Applicability.SAFE, ""));
        } else if (twin.isPresent()) {
            use = "; " + twin.get().name() + "() would do, but it needs " + twin.get().since() + " (this tree is "
                    + facts.kernel() + ")";
        } else {
            use = "; the kmalloc() family does the same";
        }
        String message = name + " of a constant " + amount + ", at most PAGE_SIZE on every architecture, never falls"
                + " back to vmalloc(): kvmalloc() is a plain kmalloc() for such sizes" + use;
        Level level = ctx.catalog().require(ID).level();
        return new Finding(ID, level, facts.file().displayPath(), Span.of(c.loc()), message, List.of(), fixes);
    }
}
