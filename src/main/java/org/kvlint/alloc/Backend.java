package org.kvlint.alloc;

/** What actually served an allocation (§2 legend, §5.2). */
public enum Backend {
    /** kmalloc(0) and friends: ZERO_SIZE_PTR, nothing allocated. */
    ZERO_SIZE,
    /** A kmalloc slab cache (size <= KMALLOC_MAX_CACHE_SIZE). */
    SLAB,
    /** kmalloc_large: compound pages from the page allocator. */
    PAGES,
    /** The vmalloc area ({@code is_vmalloc_addr()} true). */
    VMALLOC;

    /** Memory that kfree() releases correctly. */
    public boolean isKmalloc() {
        return this == SLAB || this == PAGES;
    }
}
