// SPDX-License-Identifier: GPL-2.0
/* KV006: kvmalloc-family calls with masks that cannot sleep. */
#include <linux/slab.h>
#include <linux/mm.h>

struct rx_ring {
	void *desc;
	u32 *map;
	unsigned int count;
};

static int rx_ring_grow_atomic(struct rx_ring *r, size_t size)
{
	r->desc = kvmalloc(size, GFP_ATOMIC); /* expect: KV006 */
	return r->desc ? 0 : -ENOMEM;
}

static int rx_ring_grow_nowait(struct rx_ring *r)
{
	r->map = kvcalloc(r->count, sizeof(u32), GFP_NOWAIT | __GFP_NOWARN); /* expect: KV006 */
	return r->map ? 0 : -ENOMEM;
}

static void *rx_alloc_no_reclaim(size_t size)
{
	return kvzalloc(size, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM); /* expect: KV006 */
}

static void *rx_alloc_modifiers_only(size_t size, int node)
{
	return kvmalloc_node(size, __GFP_HIGH | __GFP_NOWARN, node); /* expect: KV006 */
}

static void *rx_alloc_local_mask(size_t size)
{
	gfp_t gfp = GFP_ATOMIC;

	gfp |= __GFP_NOWARN;
	return kvmalloc_array(size, 8, gfp); /* expect: KV006 */
}

static void *rx_alloc_sleeping(size_t size)
{
	return kvmalloc(size, GFP_KERNEL); /* ok: KV006 */
}

static void *rx_alloc_nofs(size_t size)
{
	return kvzalloc(size, GFP_NOFS | __GFP_NOWARN); /* ok: KV006 -- GFP_NOFS may sleep */
}

static void *rx_alloc_param(size_t size, gfp_t gfp)
{
	return kvmalloc(size, gfp); /* ok: KV006 -- the caller's mask is unknown */
}

static void *rx_alloc_plain_atomic(size_t size)
{
	return kmalloc(size, GFP_ATOMIC); /* ok: KV006 -- not the kvmalloc family */
}

static void *rx_alloc_account(size_t size)
{
	return kvzalloc(size, GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL); /* ok: KV006 */
}
