// SPDX-License-Identifier: GPL-2.0
/* KV001 positives: _node variants, __vmalloc, array elements, softer levels. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int bar_alloc_per_node(void **bufs, size_t size)
{
	int nid;

	for_each_node(nid) {
		bufs[nid] = kmalloc_node(size, GFP_KERNEL, nid); /* expect: KV001 */
		if (!bufs[nid])
			bufs[nid] = vmalloc_node(size, nid);
		if (!bufs[nid])
			return -ENOMEM;
	}
	return 0;
}

static void *bar_alloc_zeroed_node(size_t size, int node)
{
	void *p = kzalloc_node(size, GFP_KERNEL, node); /* expect: KV001 */

	if (!p)
		p = vzalloc_node(size, node);
	return p;
}

static void *bar_alloc_nofs(size_t size)
{
	void *p = kmalloc(size, GFP_NOFS); /* expect: KV001 */

	if (!p)
		p = __vmalloc(size, GFP_NOFS);
	return p;
}

static void *bar_alloc_noretry(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN); /* expect: KV001 */

	if (!p)
		p = vmalloc(size);
	return p;
}

static void *bar_alloc_conditional_first_try(size_t size)
{
	void *p = NULL;

	if (size <= PAGE_SIZE * 4)
		p = kmalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vmalloc(size);
	return p;
}

static void *bar_alloc_large_only(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001 */

	if (!p && size > PAGE_SIZE)
		p = vmalloc(size);
	return p;
}

static void *bar_alloc_atomic(size_t size)
{
	void *p = kmalloc(size, GFP_ATOMIC); /* expect: KV001 */

	if (!p)
		p = vmalloc(size);
	return p;
}

static void *bar_alloc_cast(size_t size)
{
	struct bar *b;

	b = (struct bar *)kmalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!b) {
		pr_debug("falling back to vmalloc\n");
		b = (struct bar *)vmalloc(size);
	}
	return b;
}

static void *bar_alloc_opportunistic(size_t size)
{
	gfp_t flags = GFP_KERNEL;
	void *p;

	flags &= ~__GFP_DIRECT_RECLAIM;
	flags |= __GFP_NOWARN | __GFP_NORETRY;
	do {
		p = kmalloc(size, flags); /* expect: KV001 */
		if (!p)
			p = vmalloc(size);
	} while (!p);
	return p;
}

/* a comment that argues for the slab first (old drivers/md/dm-ioctl.c) argues for kvmalloc()'s own order */
static void *commented_slab_first(size_t size)
{
	void *p;

	/* Try to avoid low memory issues: use kmalloc() rather than vmalloc() when we can. */
	p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (!p)
		p = vmalloc(size);
	return p;
}
