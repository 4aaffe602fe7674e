// SPDX-License-Identifier: GPL-2.0
/* KV002 positives: the if/else, ternary and return shapes of a size-threshold choice. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct foo_ring {
	void *slots;
	u64 *stats;
	size_t len;
};

static void *foo_alloc_if_else(size_t size)
{
	void *p;

	if (size > PAGE_SIZE) /* expect: KV002 */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_KERNEL);
	return p;
}

static int foo_alloc_reversed(struct foo_ring *r)
{
	if (r->len <= PAGE_SIZE) { /* expect: KV002 */
		r->slots = kzalloc(r->len, GFP_KERNEL);
	} else {
		r->slots = vzalloc(r->len);
	}
	return r->slots ? 0 : -ENOMEM;
}

static void *foo_alloc_cache_threshold(size_t size)
{
	void *p;

	if (size >= KMALLOC_MAX_CACHE_SIZE) /* expect: KV002 */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	return p;
}

static void *foo_alloc_costly(size_t size)
{
	void *p;

	if (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER < size) /* expect: KV002 */
		p = __vmalloc(size, GFP_KERNEL);
	else
		p = kmalloc(size, GFP_KERNEL);
	return p;
}

static void *foo_alloc_ternary(size_t size)
{
	void *p;

	p = size > PAGE_SIZE ? vmalloc(size) : kmalloc(size, GFP_KERNEL); /* expect: KV002 */
	return p;
}

static int foo_alloc_ternary_decl(struct foo_ring *r, unsigned int n)
{
	u64 *s = (n * sizeof(u64) > PAGE_SIZE) ? vmalloc_array(n, sizeof(u64)) /* expect: KV002 */
					       : kmalloc_array(n, sizeof(u64), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	r->stats = s;
	return 0;
}

static void *foo_alloc_return_ternary(size_t size)
{
	return size > PAGE_SIZE ? vzalloc(size) : kzalloc(size, GFP_KERNEL); /* expect: KV002 */
}

static void *foo_alloc_early_return(size_t size)
{
	if (get_order(size) > 0) /* expect: KV002 */
		return vmalloc(size);
	return kmalloc(size, GFP_KERNEL);
}

static void *foo_alloc_small_first(size_t size, int node)
{
	if (unlikely(size <= 4096)) /* expect: KV002 */
		return kmalloc_node(size, GFP_KERNEL, node);
	return vmalloc_node(size, node);
}

static void *foo_alloc_if_else_return(size_t nr)
{
	if (nr * sizeof(struct foo_ring) > PAGE_SIZE) /* expect: KV002 */
		return vzalloc(nr * sizeof(struct foo_ring));
	else
		return kcalloc(nr, sizeof(struct foo_ring), GFP_KERNEL);
}

struct foo_ht {
	struct hlist_head *table;
	unsigned int order;
};

static int foo_ht_create(struct foo_ht *ht, unsigned int order)
{
	unsigned int size = 1 << order;

	ht->order = order;
	if (size <= PAGE_SIZE / sizeof(*ht->table)) /* expect: KV002 */
		ht->table = kcalloc(size, sizeof(*ht->table), GFP_KERNEL);
	else
		ht->table = vzalloc(array_size(size, sizeof(*ht->table)));
	if (!ht->table)
		return -ENOMEM;
	return 0;
}
