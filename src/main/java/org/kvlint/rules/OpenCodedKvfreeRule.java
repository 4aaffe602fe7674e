package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FreeChoice;

/**
 * KV003: a {@code kfree(p)} and a {@code vfree(p)} of the same place under exclusive conditions
 * ({@code is_vmalloc_addr(p)}, a size, a flag or a pair of flags, as if/else, ?:, two ifs or an
 * early exit), which is what {@code kvfree(p)} does. The choices come from the value flow
 * ({@link org.kvlint.facts.FreeChoices}); this rule words them. See {@code rules/KV003.md}.
 */
public final class OpenCodedKvfreeRule implements Rule {
    public static final String ID = "KV003";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (!facts.kernel().atLeast(MismatchedFrees.KVFREE_SINCE)) {
            return out; // no kvfree() yet
        }
        for (FreeChoice c : facts.pointers().choices()) {
            // mm/util.c's kvfree() is this choice on purpose; other mm/ code (arch/arm/mm's
            // __iommu_free_buffer(), mm/percpu.c's pcpu_mem_free()) only uses the allocators
            boolean internals = facts.functions().stream().anyMatch(fn -> fn.loc().contains(c.kfreeLoc())
                    && AllocatorInternals.implementsAllocators(facts, fn));
            if (!internals) {
                out.add(finding(facts, ctx, c));
            }
        }
        return out;
    }

    /** {@code f&A} as {@code f & A}, {@code x==A} as {@code x == A}. */
    private static String spaced(String test) {
        return test.replaceFirst("==", " == ").replaceFirst("([^&])&([^&])", "$1 & $2");
    }

    private static Finding finding(FileFacts facts, RuleContext ctx, FreeChoice c) {
        String p = c.place();
        // the #if side a choice cut in two by a directive is made on
        String side = c.configuration().isEmpty() ? "" : " (" + c.configuration() + ")";
        String of = "'" + p + "'" + side;
        String use = "use kvfree(" + c.pointer() + ")";
        Level level = ctx.catalog().require(ID).level();
        String message = switch (c.kind()) {
            case VMALLOC_TEST -> "open-coded kvfree()" + side + ": is_vmalloc_addr(" + p + ") ? vfree() : kfree() is what kvfree()"
                    + " does; " + use;
            case INVERTED_VMALLOC_TEST -> "inverted is_vmalloc_addr() test: vmalloc memory in '" + p + "' goes to kfree()"
                    + " and kmalloc memory to vfree(); kvfree(" + c.pointer() + ") frees both correctly";
            case SIZE -> "size-selected free of " + of + ": kvfree() frees kmalloc and vmalloc memory alike, and this"
                    + " choice turns wrong once the allocation becomes kvmalloc(), which may serve large sizes from"
                    + " kmalloc; " + use;
            case FLAG -> "flag-selected free of " + of + ": kvfree() tells kmalloc from vmalloc memory itself; " + use;
            case HOLDER -> "open-coded kvfree() of " + of + ": '" + c.test().text() + "' holds the memory only when"
                    + " vmalloc() served it, and picks vfree(" + c.test().text() + ") or kfree(" + c.pointer() + "); '"
                    + p + "' holds it either way: " + use;
            case FLAG_PAIR -> "flag-selected free of " + of + ": '" + spaced(c.test().text()) + "' picks vfree() and '"
                    + spaced(c.other().text()) + "' kfree(); kvfree() tells kmalloc from vmalloc memory itself; " + use;
        };
        if (c.kind() == FreeChoice.Kind.INVERTED_VMALLOC_TEST) {
            level = Level.ERROR;
        }
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(c.vfreeLoc()), "vfree() arm"),
                new Finding.Related(Span.of(c.kfreeLoc()), "kfree() arm"));
        return new Finding(ID, level, facts.file().displayPath(), Span.of(c.statement()), message, related,
                KvfreeChoiceFix.of(c, facts).stream().toList());
    }
}
