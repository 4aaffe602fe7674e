// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/md/dm-stats.c, dm_kvzalloc(), dm_kvfree()
 * Converted by: a7c3e901a46f "mm: introduce kv[mz]alloc helpers" (4.12)
 * Old code read from: linux-mm archive, [PATCH 1/9] mm: introduce kv[mz]alloc helpers (v4), Message-Id <20170306103032.2540-2-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static bool claim_shared_memory(size_t alloc_size);
static void free_shared_memory(size_t alloc_size);

static void *dm_kvzalloc(size_t alloc_size, int node)
{
	void *p;

	if (!claim_shared_memory(alloc_size))
		return NULL;

	if (alloc_size <= KMALLOC_MAX_SIZE) {
		p = kzalloc_node(alloc_size, GFP_KERNEL | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN, node); /* expect: KV001 -- note: __GFP_NORETRY */
		if (p)
			return p;
	}
	p = vzalloc_node(alloc_size, node);
	if (p)
		return p;

	free_shared_memory(alloc_size);

	return NULL;
}

static void dm_kvfree(void *ptr, size_t alloc_size)
{
	if (!ptr)
		return;

	free_shared_memory(alloc_size);

	kvfree(ptr);
}
