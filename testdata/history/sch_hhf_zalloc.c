// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: net/sched/sch_hhf.c, hhf_zalloc(), hhf_free()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *hhf_zalloc(size_t sz)
{
	void *ptr = kzalloc(sz, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */

	if (!ptr)
		ptr = vzalloc(sz);

	return ptr;
}

static void hhf_free(void *addr)
{
	kvfree(addr);
}
