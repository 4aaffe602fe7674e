package org.kvlint.alloc;

/**
 * A {@code memalloc_nofs_save()}/{@code memalloc_noio_save()} scope: {@code current_gfp_context()}
 * strips __GFP_FS (NOFS) or __GFP_IO|__GFP_FS (NOIO) from every allocation inside it (§3.2).
 */
public enum GfpScope {
    NOFS, NOIO
}
