package org.kvlint.alloc;

/**
 * One symbolic GFP bit (§3.2). The model never uses the kernel's bit values: they move between
 * releases and are not ABI.
 */
public enum GfpFlag {
    DMA, HIGHMEM, DMA32, MOVABLE, RECLAIMABLE, HIGH, IO, FS, ZERO,
    /** {@code __GFP_ATOMIC}, part of GFP_ATOMIC up to 6.3. */
    ATOMIC,
    DIRECT_RECLAIM, KSWAPD_RECLAIM, WRITE, NOWARN, RETRY_MAYFAIL, NOFAIL, NORETRY, MEMALLOC, COMP,
    NOMEMALLOC, HARDWALL, THISNODE, ACCOUNT, ZEROTAGS,
    /** {@code __GFP_REPEAT}: 4.12 and older; replaced by RETRY_MAYFAIL in 4.13 (§1.2). */
    REPEAT;

    /** The C spelling, e.g. {@code __GFP_NOWARN}. */
    public String cName() {
        return "__GFP_" + name();
    }
}
