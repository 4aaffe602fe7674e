package org.kvlint.alloc;

import org.kvlint.facts.KernelVersion;

/**
 * A kernel release range with one allocator behaviour (§1.2, §5.5.9). Each profile is named after
 * the first release of its range; a profile covers releases up to the next profile. The
 * predicates below are the only place where behaviour depends on the version.
 */
public enum KernelProfile {
    /** kvmalloc introduced: WARN on non-GFP_KERNEL flags but carry on; __GFP_REPEAT special case. */
    V4_12(4, 12),
    /** __GFP_RETRY_MAYFAIL replaces __GFP_REPEAT. */
    V4_13(4, 13),
    /** Non-GFP_KERNEL-compatible flags: plain kmalloc, no fallback (commit ce91f6ee5b3b). */
    V4_18(4, 18),
    /** kvfree_sensitive; 2-argument __vmalloc. */
    V5_8(5, 8),
    /** kvfree_rcu; kfree_rcu frees vmalloc memory correctly; kfree_sensitive. */
    V5_9(5, 9),
    /** kvmalloc refuses size > INT_MAX (commit 7661809d493b); kvrealloc. */
    V5_15(5, 15),
    /** GFP_KERNEL check removed, NOFAIL stripped from the kmalloc try, vmalloc honours NOFS/NOIO/NOFAIL. */
    V5_17(5, 17),
    /** Non-blocking flags bail out before vmalloc (commit 30c19366636f). */
    V6_0(6, 0),
    /** The reference: Debian 6.1.192 (§1.1). Same kvmalloc logic as 6.0. */
    V6_1(6, 1),
    /** kvmemdup. */
    V6_5(6, 5),
    /** kvrealloc(p, size, gfp) on vrealloc/krealloc; krealloc honours __GFP_ZERO. */
    V6_12(6, 12),
    /** The kmalloc try of a large kvmalloc drops __GFP_DIRECT_RECLAIM (commit 46459154f997). */
    V6_16(6, 16),
    /**
     * Uladzislau Rezki's Oct 2025 series (merge status unverified, §1.2): no blocking bail-out,
     * vmalloc supports GFP_NOWAIT/GFP_ATOMIC. Never chosen by {@link #of(KernelVersion)}.
     */
    VNEXT_NONBLOCK(6, 19);

    private final KernelVersion version;

    KernelProfile(int major, int minor) {
        this.version = new KernelVersion(major, minor, 0);
    }

    /** The first release of the range; API availability ({@code since}) is checked against it. */
    public KernelVersion version() {
        return version;
    }

    /** The profile whose range contains {@code v} (never {@link #VNEXT_NONBLOCK}). */
    public static KernelProfile of(KernelVersion v) {
        if (!v.atLeast(V4_12.version)) {
            throw new IllegalArgumentException("the allocator model starts at 4.12 (kvmalloc), not " + v);
        }
        KernelProfile best = V4_12;
        for (KernelProfile p : values()) {
            if (p != VNEXT_NONBLOCK && v.atLeast(p.version)) {
                best = p;
            }
        }
        return best;
    }

    private boolean atLeast(KernelProfile p) {
        return compareTo(p) >= 0;
    }

    /** What kvmalloc_node does with flags that are not a superset of GFP_KERNEL (§1.2 summary table). */
    public enum GfpKernelRule {
        /** 4.12–4.17: WARN_ON_ONCE, then the normal path (vmalloc fallback included). */
        WARN_AND_CONTINUE,
        /** 4.18–5.16: {@code return kmalloc_node(size, flags, node)} with the caller's flags. */
        KMALLOC_ONLY,
        /** 5.17+: no check. */
        NONE
    }

    public GfpKernelRule kvGfpKernelRule() {
        return atLeast(V5_17) ? GfpKernelRule.NONE : atLeast(V4_18) ? GfpKernelRule.KMALLOC_ONLY : GfpKernelRule.WARN_AND_CONTINUE;
    }

    /** 4.12: NORETRY is omitted only for __GFP_REPEAT requests above {@code PAGE_SIZE << COSTLY_ORDER}. */
    public boolean kvRepeatSpecialCase() {
        return this == V4_12;
    }

    /** 5.15+: {@code size > INT_MAX} returns NULL (WARN unless NOWARN) before the vmalloc fallback. */
    public boolean kvIntMaxCheck() {
        return atLeast(V5_15);
    }

    /** 5.17+: the kmalloc try of a large request drops __GFP_NOFAIL; vmalloc implements it. */
    public boolean kvStripsNofail() {
        return atLeast(V5_17);
    }

    /** 5.17+: vmalloc honours GFP_NOFS/GFP_NOIO (scoped page-table allocations) and __GFP_NOFAIL. */
    public boolean vmallocHonoursNofsNoioNofail() {
        return atLeast(V5_17);
    }

    /** 6.0 … 6.18: {@code if (!gfpflags_allow_blocking(flags)) return NULL;} before the fallback. */
    public boolean kvBlockingBailOut() {
        return atLeast(V6_0) && this != VNEXT_NONBLOCK;
    }

    /** 6.16+: kmalloc_gfp_adjust clears __GFP_DIRECT_RECLAIM instead of adding __GFP_NORETRY. */
    public boolean kvDropsDirectReclaim() {
        return atLeast(V6_16);
    }

    /** Rezki series: vmalloc with GFP_NOWAIT/GFP_ATOMIC does not sleep. */
    public boolean vmallocSupportsNonBlocking() {
        return this == VNEXT_NONBLOCK;
    }

    /** 5.9+: kfree_rcu goes through kvfree_call_rcu, which vfree()s vmalloc pointers (§2.3). */
    public boolean kfreeRcuHandlesVmalloc() {
        return atLeast(V5_9);
    }

    /** 6.12+: krealloc honours __GFP_ZERO; kvrealloc has the (p, size, gfp) signature. */
    public boolean reallocSince612() {
        return atLeast(V6_12);
    }

    /** 6.1.192 has {@code WARN_ON_ONCE(!size)} in __vmalloc_node_range (§2.2); older trees not checked. */
    public boolean vmallocWarnsOnZeroSize() {
        return atLeast(V6_1);
    }
}
