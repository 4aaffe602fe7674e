// SPDX-License-Identifier: GPL-2.0
/* KV008: size-threshold choices (KV002's shape) whose two sides disagree on zeroing. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct cache {
	void *slots;
	size_t len;
};

static void *cache_alloc(size_t size)
{
	void *p;

	if (size > PAGE_SIZE) /* expect: KV002 */
		p = vmalloc(size); /* expect: KV008 -- error: large sizes get stale memory */
	else
		p = kzalloc(size, GFP_KERNEL);
	return p;
}

static void *cache_alloc_ternary(size_t size)
{
	return size > PAGE_SIZE ? vmalloc(size) : kzalloc(size, GFP_KERNEL); /* expect: KV002, KV008 */
}

static int cache_alloc_small_unzeroed(struct cache *c)
{
	if (c->len <= PAGE_SIZE) /* expect: KV002 */
		c->slots = kmalloc(c->len, GFP_KERNEL); /* expect: KV008 -- warning: only the large sizes are zeroed */
	else
		c->slots = vzalloc(c->len);
	return c->slots ? 0 : -ENOMEM;
}

static void *cache_alloc_return(size_t size)
{
	if (size > PAGE_SIZE) /* expect: KV002 */
		return vmalloc(size); /* expect: KV008 */
	return kcalloc(1, size, GFP_KERNEL);
}
