// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/lightnvm/pblk.h, pblk_malloc(), pblk_mfree()
 * Converted by: none: lightnvm was removed in 5.15; kvfree() does what pblk_mfree() chooses by type
 * Old code read from: a 4.19 tree (GitHub maxiangpan/linux-4.19, commit c46e277ca, directory kernel/), lines 933-946
 * Trimmed to the function(s) and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 * pblk_malloc() is quiet: the type is the caller's (a size test in pblk_lines_alloc_metadata(),
 * reported there as KV002), not a fallback or a size test of its own.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static inline void *pblk_malloc(size_t size, int type, gfp_t flags)
{
	if (type == PBLK_KMALLOC_META)
		return kmalloc(size, flags);
	return vmalloc(size);
}

static inline void pblk_mfree(void *ptr, int type)
{
	if (type == PBLK_KMALLOC_META) /* expect: KV003 */
		kfree(ptr);
	else
		vfree(ptr);
}
