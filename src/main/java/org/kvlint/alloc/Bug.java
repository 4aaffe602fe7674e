package org.kvlint.alloc;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of {@link Diagnostic} (§5.2 Bug, plus the latent and availability kinds the model adds). */
public enum Bug {
    /** Free with a function that cannot release this backend (§2.4 "BUG"). */
    MISMATCHED_FREE,
    /** Free that works only because of the backend chosen this time: wrong by provenance (§2.4 "latent bug"). */
    LATENT_MISMATCHED_FREE,
    DOUBLE_FREE,
    /** Free of a pointer the model never handed out, or of an interior pointer. */
    INVALID_FREE,
    /** realloc of freed memory. */
    USE_AFTER_FREE,
    /** A length argument beyond the allocation (kvfree_sensitive len, kvrealloc oldsize). */
    OUT_OF_BOUNDS,
    /** Still live at the end of the run. */
    LEAK,
    /** A call that may sleep, made in a context that must not sleep. */
    SLEEP_IN_ATOMIC,
    /** Would sleep in this atomic context if the other kvmalloc backend had served the memory (§5.8 #20). */
    LATENT_SLEEP_IN_ATOMIC,
    ALLOC_IN_NMI,
    FREE_IN_NMI,
    /** __GFP_HIGHMEM/__GFP_DMA32 given to kmalloc: "Unexpected gfp … Fix your code!" (§3.2). */
    BAD_GFP_FOR_SLAB,
    /** Flags the function does not support (kvmalloc before 4.18, vmalloc with non-blocking flags, NORETRY). */
    UNSUPPORTED_GFP,
    /** __GFP_NOFAIL without direct reclaim, or for a costly order (§3.3 step 10). */
    NOFAIL_MISUSE,
    /** Size above a hard limit, with a WARN (KMALLOC_MAX_SIZE, INT_MAX for kvmalloc). */
    WARN_OVERSIZE,
    /** warn_alloc(): "page allocation failure" / "vmalloc error" printed (no __GFP_NOWARN). */
    WARN_ALLOC_FAIL,
    /** vmalloc(0): WARN_ON_ONCE(!size) in 6.1.192. */
    WARN_ZERO_SIZE,
    KREALLOC_ON_VMALLOC,
    /** krealloc of kvmalloc memory that kmalloc happened to serve. */
    LATENT_KREALLOC_ON_VMALLOC,
    /** kvrealloc before 6.12 never shrinks. */
    SHRINK_EXPECTED,
    /** The function does not exist in the profile's kernel (or has another signature there). */
    UNAVAILABLE_API;

    private static final Set<Bug> ILLEGAL_FREES = EnumSet.of(MISMATCHED_FREE, LATENT_MISMATCHED_FREE, DOUBLE_FREE,
            INVALID_FREE, USE_AFTER_FREE, OUT_OF_BOUNDS, KREALLOC_ON_VMALLOC, LATENT_KREALLOC_ON_VMALLOC, FREE_IN_NMI);

    /** A release (free or realloc) that is not legal for the memory's provenance or state. */
    public boolean isIllegalRelease() {
        return ILLEGAL_FREES.contains(this);
    }
}
