// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/scsi/cxgbi/libcxgbi.h, cxgbi_alloc_big_mem(), cxgbi_free_big_mem()
 * Converted by: converting commit not identified here (the old form is in 4.4, kvzalloc() at the callers in 6.1)
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), checked against the converted code in /work/trees/linux-source-6.1
 * Trimmed to the functions and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static inline void *cxgbi_alloc_big_mem(unsigned int size,
					gfp_t gfp)
{
	void *p = kzalloc(size, gfp | __GFP_NOWARN); /* expect: KV001 */

	if (!p)
		p = vzalloc(size);

	return p;
}

static inline void cxgbi_free_big_mem(void *addr)
{
	kvfree(addr);
}
