// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/coda/coda_linux.h, CODA_ALLOC(), CODA_FREE() (macros)
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5) (CODA_FREE; CODA_ALLOC went to kvzalloc later)
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff); CODA_ALLOC as it stood in the same 4.4-era header
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

/* inode to cnode access functions */
#define CODA_ALLOC(ptr, cast, size) do { \
    if (size < PAGE_SIZE) /* expect: KV002 */ \
        ptr = kzalloc((unsigned long) size, GFP_KERNEL); \
    else \
        ptr = (cast)vzalloc((unsigned long) size); \
    if (!ptr) \
	pr_warn("kernel malloc returns 0 at %s:%d\n", __FILE__, __LINE__); \
} while (0)


#define CODA_FREE(ptr,size) \
    do { if (size < PAGE_SIZE) kfree((ptr)); else vfree((ptr)); } while (0) /* expect: KV003 */
