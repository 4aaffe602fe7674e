package org.kvlint.facts;

import java.util.List;
import java.util.Optional;

/**
 * One row of the allocator API table ({@code rules/allocators.yaml}).
 *
 * @param name the C function (or macro) name
 * @param role what a call does to memory
 * @param family for allocations: where the memory comes from; null for frees and queries
 * @param frees for frees: the families it releases correctly
 * @param sizeArgs argument indexes whose product is the size in bytes
 * @param gfpArg argument index of the GFP mask, or -1
 * @param impliedGfp the GFP mask used when there is no argument (e.g. vmalloc: GFP_KERNEL), or null
 * @param nodeArg argument index of the NUMA node, or -1
 * @param zero when the memory comes back zeroed
 * @param kv for kmalloc-family allocators: the kvmalloc-family replacement, or null
 * @param kvFallback for vmalloc-family allocators: false when kmalloc memory may not stand in
 * @param since first kernel release with this function
 * @param freesAllSince for frees: the release from which it also frees vmalloc and kvmalloc
 *     memory correctly ({@code kfree_rcu} since 5.9), or null
 * @param properFree for allocations whose memory needs a special free ({@code kstrdup_const} →
 *     {@code kfree_const}), or null
 */
public record ApiFunction(String name, Role role, Family family, List<Family> frees, List<Integer> sizeArgs,
                          int gfpArg, String impliedGfp, int nodeArg, Zeroing zero, String kv,
                          boolean kvFallback, KernelVersion since, KernelVersion freesAllSince, String properFree) {

    /** A row without the version-dependent free and the special free. */
    public ApiFunction(String name, Role role, Family family, List<Family> frees, List<Integer> sizeArgs,
                       int gfpArg, String impliedGfp, int nodeArg, Zeroing zero, String kv,
                       boolean kvFallback, KernelVersion since) {
        this(name, role, family, frees, sizeArgs, gfpArg, impliedGfp, nodeArg, zero, kv, kvFallback, since, null, null);
    }

    public enum Role { ALLOC, REALLOC, FREE, QUERY }

    public enum Family {
        KMALLOC, VMALLOC, KV,
        /** The page allocator ({@code alloc_pages_exact()}, {@code __get_free_pages()}): whole pages. */
        PAGE;

        public String label() {
            return switch (this) {
                case KMALLOC -> "kmalloc";
                case VMALLOC -> "vmalloc";
                case KV -> "kvmalloc";
                case PAGE -> "page allocator";
            };
        }
    }

    public enum Zeroing { ALWAYS, NEVER, GFP }

    public boolean isAllocation() {
        return role == Role.ALLOC || role == Role.REALLOC;
    }

    public boolean isFree() {
        return role == Role.FREE;
    }

    public boolean hasNode() {
        return nodeArg >= 0;
    }

    public boolean freesCorrectly(Family memory) {
        return frees.contains(memory);
    }

    /** Does this free release {@code memory} correctly on {@code kernel} ({@code kfree_rcu}: kv memory only from 5.9)? */
    public boolean freesCorrectly(Family memory, KernelVersion kernel) {
        return frees.contains(memory) || freesAllSince != null && kernel.atLeast(freesAllSince);
    }

    /** The free this allocation's memory needs when it is not the family's plain one ({@code kfree_const}). */
    public Optional<String> properFreeName() {
        return Optional.ofNullable(properFree);
    }

    public Optional<String> kvReplacement() {
        return Optional.ofNullable(kv);
    }
}
