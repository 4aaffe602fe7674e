// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/gfs2/dir.c, gfs2_alloc_sort_buffer()
 * Converted by: not converted: 6.1 keeps the size-guarded kmalloc() -> __vmalloc() (freed with kvfree())
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), lines 1287-1296
 * Trimmed to the function(s) and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *gfs2_alloc_sort_buffer(unsigned size)
{
	void *ptr = NULL;

	if (size < KMALLOC_MAX_SIZE)
		ptr = kmalloc(size, GFP_NOFS | __GFP_NOWARN); /* expect: KV001 */
	if (!ptr)
		ptr = __vmalloc(size, GFP_NOFS, PAGE_KERNEL);
	return ptr;
}
