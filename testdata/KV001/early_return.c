// SPDX-License-Identifier: GPL-2.0
/*
 * KV001: fallbacks written with an early exit on success. The first try returns (or jumps
 * away) when it worked; the code after it is the fallback. Shapes of the helpers that 4.12's
 * "treewide: use kv[mz]alloc* rather than opencoded variants" and its follow-ups removed.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ring {
	void *slots;
	size_t len;
	int node;
};

static void *ring_alloc_return(size_t size)
{
	void *p;

	p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (p)
		return p;
	return vmalloc(size);
}

static void *ring_alloc_store_then_return(size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL); /* expect: KV001 */

	if (p != NULL)
		return p;
	p = vzalloc(size);
	return p;
}

static int ring_alloc_goto(struct ring *r)
{
	r->slots = kmalloc_node(r->len, GFP_KERNEL | __GFP_NOWARN, r->node); /* expect: KV001 */
	if (likely(r->slots))
		goto done;
	r->slots = vmalloc_node(r->len, r->node);
	if (!r->slots)
		return -ENOMEM;
done:
	return 0;
}

/* the first try only for sizes the slab allocator handles well */
static void *ring_alloc_guarded(size_t size, gfp_t flags)
{
	if (size <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)) {
		void *ptr = kmalloc(size, flags | __GFP_NOWARN); /* expect: KV001 */

		if (ptr)
			return ptr;
	}
	return __vmalloc(size, flags);
}

/* an overflow check that only guarded the fallback */
static unsigned int *ring_alloc_offsets(unsigned int size)
{
	unsigned int *off;

	off = kcalloc(size, sizeof(unsigned int), GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (off)
		return off;
	if (size < (SIZE_MAX / sizeof(unsigned int)))
		off = vzalloc(size * sizeof(unsigned int));
	return off;
}

/* a narrower limit on the fallback is a size policy, not an overflow check: found, not rewritten */
static unsigned int *ring_alloc_limited(unsigned int size)
{
	unsigned int *off;

	off = kcalloc(size, sizeof(unsigned int), GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (off)
		return off;
	if (size < 65536)
		off = vzalloc(size * sizeof(unsigned int));
	return off;
}

static void *ring_alloc_logged(size_t size)
{
	void *buf = kmalloc(size, GFP_KERNEL); /* expect: KV001 */

	if (buf)
		return buf;
	pr_debug("ring: %zu bytes from vmalloc\n", size);
	buf = vmalloc(size);
	return buf;
}

static int ring_alloc_else(struct ring *r)
{
	r->slots = kmalloc(r->len, GFP_KERNEL); /* expect: KV001 -- the fallback in the else of the success test */
	if (r->slots)
		pr_debug("ring: slab\n");
	else
		r->slots = vmalloc(r->len);
	return r->slots ? 0 : -ENOMEM;
}

/* ---- must not find ---- */

static void *ring_two_objects(size_t size, void **shadow)
{
	void *p = kmalloc(64, GFP_KERNEL); /* ok: KV001 -- 'p' and the vmalloc memory never meet */

	if (p)
		return p;
	*shadow = vmalloc(size);
	return NULL;
}

static int ring_done_then_new(struct ring *r, void **big)
{
	void *hdr = kmalloc(64, GFP_KERNEL); /* ok: KV001 -- the vmalloc runs after the first try succeeded */

	if (!hdr)
		return -ENOMEM;
	*big = vmalloc(r->len);
	kfree(hdr);
	return 0;
}

static void *ring_dma(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | GFP_DMA32); /* ok: KV001 -- address-limited memory */

	if (p)
		return p;
	return vmalloc(size);
}
