package org.kvlint.facts;

import java.util.EnumSet;
import java.util.Set;
import org.kvlint.facts.ApiFunction.Family;

/**
 * One place the memory reaching a free (or any call argument) may come from: an
 * allocator-table call, or a call of a function whose summary says what it returns or stores
 * through an argument.
 *
 * @param families the allocator families (one for a table call; a wrapper's may be several)
 * @param site the allocating call's start byte, in the same file
 * @param loc the allocating call
 * @param callee the called name: the table allocator or the wrapper
 * @param table true for an allocator-table call
 * @param storedIn for a table call, the place its result was stored in (as written), or null
 * @param wrapper the wrapper's resolved summary, or null for a table call
 * @param function the name of the function containing the call, or "" when unknown
 * @param crossFunction true when the call is in another function than the use
 * @param outArg for memory a wrapper stored through its argument ({@code foo_alloc(&p)}), that
 *     argument's index; -1 for an allocation or a wrapper's return value
 *
 * <p>A rule-time answer (it holds the tree-wide summary of a wrapper), not a cached fact.
 */
public record MemorySource(Set<Family> families, int site, Loc loc, String callee, boolean table, String storedIn,
                           WrapperSummaries.Returns wrapper, String function, boolean crossFunction, int outArg) {
    public MemorySource {
        families = families.isEmpty() ? EnumSet.noneOf(Family.class) : EnumSet.copyOf(families);
    }

    /** 1-based line of the allocating call. */
    public int line() {
        return loc.line();
    }

    /** May this memory be vmalloc memory (vmalloc family, or kvmalloc's fallback)? */
    public boolean mayBeVmalloc() {
        return families.contains(Family.VMALLOC) || families.contains(Family.KV);
    }

    /** May this memory be kmalloc memory (kmalloc family, or kvmalloc's first try)? */
    public boolean mayBeKmalloc() {
        return families.contains(Family.KMALLOC) || families.contains(Family.KV);
    }

    /** How the wrapper hands the memory over: "may return" or "may store ... through its argument 2". */
    public String wrapperVerb(String family) {
        return outArg < 0 ? "may return " + family + " memory"
                : "may store " + family + " memory through its argument " + (outArg + 1);
    }
}
