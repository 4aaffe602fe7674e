package org.kvlint.facts;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.syntax.SyntaxNode;

/**
 * One place the memory reaching a free (or any call argument) may come from: an allocator-table
 * call, or a call of a function whose summary says what it returns.
 *
 * @param families the allocator families (one for a table call; a wrapper's may be several)
 * @param site the allocating call_expression, in the same file
 * @param callee the called name: the table allocator or the wrapper
 * @param allocation the table call, or null for a wrapper
 * @param allocSite the place the table call's result was stored in, or null
 * @param wrapper the wrapper's resolved summary, or null for a table call
 * @param function the name of the function containing {@code site}, or "" when unknown
 * @param crossFunction true when {@code site} is in another function than the use
 * @param outArg for memory a wrapper stored through its argument ({@code foo_alloc(&p)}), that
 *     argument's index; -1 for an allocation or a wrapper's return value
 */
public record MemorySource(Set<Family> families, SyntaxNode site, String callee, CallSite allocation,
                           AllocSite allocSite, WrapperSummaries.Returns wrapper, String function,
                           boolean crossFunction, int outArg) {
    public MemorySource {
        families = families.isEmpty() ? EnumSet.noneOf(Family.class) : EnumSet.copyOf(families);
    }

    /** How the wrapper hands the memory over: "may return" or "may store ... through its argument 2". */
    public String wrapperVerb(String family) {
        return outArg < 0 ? "may return " + family + " memory"
                : "may store " + family + " memory through its argument " + (outArg + 1);
    }

    /** 1-based line of the allocating call. */
    public int line() {
        return site.startRow() + 1;
    }

    /** May this memory be vmalloc memory (vmalloc family, or kvmalloc's fallback)? */
    public boolean mayBeVmalloc() {
        return families.contains(Family.VMALLOC) || families.contains(Family.KV);
    }

    /** May this memory be kmalloc memory (kmalloc family, or kvmalloc's first try)? */
    public boolean mayBeKmalloc() {
        return families.contains(Family.KMALLOC) || families.contains(Family.KV);
    }

    public Optional<AllocSite> alloc() {
        return Optional.ofNullable(allocSite);
    }
}
