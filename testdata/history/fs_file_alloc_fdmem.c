// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/file.c, alloc_fdmem()
 * Converted by: "fs/file.c: replace alloc_fdmem() with kvmalloc() alternative" (4.12, title as recalled, not checked)
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), checked against the converted code in /work/trees/linux-source-6.1
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *alloc_fdmem(size_t size)
{
	/*
	 * Very large allocations can stress page reclaim, so fall back to
	 * vmalloc() if the allocation size will be considered "large" by the VM.
	 */
	if (size <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)) {
		void *data = kmalloc(size, GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY); /* expect: KV001 */
		if (data != NULL)
			return data;
	}
	return vmalloc(size);
}
