// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/net/ethernet/chelsio/cxgb3/cxgb3_offload.c, cxgb_alloc_mem(), cxgb_free_mem()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

/*
 * Allocate a chunk of memory using kmalloc or, if that fails, vmalloc.
 * The allocated memory is cleared.
 */
void *cxgb_alloc_mem(unsigned long size)
{
	void *p = kzalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */

	if (!p)
		p = vzalloc(size);
	return p;
}

/*
 * Free memory allocated through t3_alloc_mem().
 */
void cxgb_free_mem(void *addr)
{
	kvfree(addr);
}
