// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: net/sched/sch_fq.c, fq_alloc_node(), fq_free()
 * Converted by: "net: use kvmalloc with __GFP_REPEAT rather than open coded variant" (4.12)
 * Old code read from: linux-mm archive, [PATCH 7/9] net: use kvmalloc with __GFP_REPEAT rather than open coded variant, Message-Id <20170306103327.2766-3-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *fq_alloc_node(size_t sz, int node)
{
	void *ptr;

	ptr = kmalloc_node(sz, GFP_KERNEL | __GFP_REPEAT | __GFP_NOWARN, node); /* expect: KV001 */
	if (!ptr)
		ptr = vmalloc_node(sz, node);
	return ptr;
}

static void fq_free(void *addr)
{
	kvfree(addr);
}
