package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.AtomicSections;
import org.kvlint.facts.KvAllocFact;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.KernelVersion;

/**
 * KV006: a kvmalloc-family call that can never use its vmalloc fallback because its GFP mask
 * cannot sleep, or that runs inside a spinlock / IRQ-off / preempt-off / RCU read-side section
 * of the same function. See {@code rules/KV006.md}.
 */
public final class AtomicContextKvmallocRule implements Rule {
    public static final String ID = "KV006";

    private static final KernelVersion V4_12 = new KernelVersion(4, 12, 0);
    private static final KernelVersion V4_18 = new KernelVersion(4, 18, 0);
    private static final KernelVersion V5_17 = new KernelVersion(5, 17, 0);
    private static final KernelVersion V6_0 = new KernelVersion(6, 0, 0);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (KvAllocFact c : facts.pointers().kvAllocations()) {
            Optional<Gfp> gfp = Optional.ofNullable(c.gfp()).map(Gfp::parse);
            boolean noSleep = gfp.map(AtomicSections::neverSleeps).orElse(false);
            if (!noSleep && c.atomic() == null) {
                continue;
            }
            out.add(describe(facts, ctx, c, gfp, noSleep, Optional.ofNullable(c.atomic())));
        }
        return out;
    }

    private static Finding describe(FileFacts facts, RuleContext ctx, KvAllocFact c, Optional<Gfp> gfp, boolean noSleep,
                                    Optional<KvAllocFact.Atomic> section) {
        String name = c.api() + "()";
        KernelVersion k = facts.kernel();
        List<Finding.Related> related = new ArrayList<>();
        section.ifPresent(s -> related.add(new Finding.Related(Span.of(s.enter()), s.text() + " enters the atomic section")));
        String where = section.map(s -> " " + s.words() + " (" + s.text() + " at line " + s.enter().line() + ")")
                .orElse("");
        String message;
        if (noSleep) {
            String mask = maskName(gfp.get());
            message = name + " with " + mask + where + " can never fall back to vmalloc(): " + effect(k)
                    + "; use kmalloc()-family allocation with " + mask + " (kvfree() stays correct), or allocate"
                    + " before the atomic section";
        } else if (gfp.isPresent() && gfp.get().known()) {
            String mask = maskName(gfp.get());
            message = name + " with " + mask + " called" + where + ": both its kmalloc() attempt and its vmalloc()"
                    + " fallback may sleep, a bug in atomic context; allocate before entering the section, or use"
                    + " kmalloc() with GFP_ATOMIC, which has no vmalloc() fallback either";
        } else {
            String mask = gfp.map(g -> "'" + g.text() + "'").orElse("its mask");
            message = name + " called" + where + " with the mask in " + mask + ": a sleeping mask is a bug here, and"
                    + " with a non-sleeping one the vmalloc() fallback can never run (" + effect(k)
                    + "); allocate before entering the section";
        }
        Level level = ctx.catalog().require(ID).level();
        return new Finding(ID, level, facts.file().displayPath(), Span.of(c.loc()), message, related);
    }

    private static String maskName(Gfp g) {
        String composite = g.nonBlockingName();
        return composite.startsWith("GFP_") ? composite : g.text().replaceAll("\\s+", " ");
    }

    /** What kvmalloc() does with a non-sleeping mask on the target kernel (allocator-semantics.md §1.2). */
    private static String effect(KernelVersion k) {
        String tree = "on this tree (" + k + ")";
        if (k.atLeast(V6_0)) {
            return tree + " it returns NULL as soon as the kmalloc() attempt fails";
        }
        if (k.atLeast(V5_17)) {
            return tree + " it goes on to vmalloc(), which may sleep: a BUG splat in atomic context (6.0 returns"
                    + " NULL instead)";
        }
        if (k.atLeast(V4_18)) {
            return tree + " it is a plain kmalloc() with the caller's flags, without __GFP_NORETRY/__GFP_NOWARN";
        }
        if (k.atLeast(V4_12)) {
            return tree + " it warns about the mask and still calls vmalloc(), which may sleep: a bug in atomic context";
        }
        return "kvmalloc() (4.12+) returns NULL on 6.0+, BUGs on 5.17-5.19 and does kmalloc() only on 4.18-5.16";
    }
}
