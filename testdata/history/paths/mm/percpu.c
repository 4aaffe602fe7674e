// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: mm/percpu.c, pcpu_mem_zalloc(), pcpu_mem_free()
 * Converted by: pcpu_mem_free() converted to kvfree() upstream (6.1); pcpu_mem_zalloc() keeps its size choice in 6.1
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), lines 298-307, 316-322
 * Trimmed to the function(s) and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 * KV002 is found here (mm/percpu.c is not one of the allocator files), and so is the KV003 of the
 * matching free (KV003 used to skip all of mm/; now only the allocators' own code).
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *pcpu_mem_zalloc(size_t size)
{
	if (WARN_ON_ONCE(!slab_is_available()))
		return NULL;

	if (size <= PAGE_SIZE) /* expect: KV002 */
		return kzalloc(size, GFP_KERNEL);
	else
		return vzalloc(size);
}
/* ... */

static void pcpu_mem_free(void *ptr, size_t size)
{
	if (size <= PAGE_SIZE) /* expect: KV003 */
		kfree(ptr);
	else
		vfree(ptr);
}
