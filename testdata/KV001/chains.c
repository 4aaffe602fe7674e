// SPDX-License-Identifier: GPL-2.0
/*
 * KV001: fallback chains of more than two stages, each behind the previous one's failure:
 * kmalloc, then the page allocator, then vmalloc (what kvmalloc() does in one call), and a
 * choice between two fallbacks of the same step.
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static atomic_t *prof_like_buffer;

static int chain_init(int buffer_bytes)
{
	prof_like_buffer = kzalloc(buffer_bytes, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (prof_like_buffer)
		return 0;

	prof_like_buffer = alloc_pages_exact(buffer_bytes, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (prof_like_buffer)
		return 0;

	prof_like_buffer = vzalloc(buffer_bytes);
	if (prof_like_buffer)
		return 0;

	return -ENOMEM;
}

static void *chain_nested(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */

	if (!p) {
		p = (void *)__get_free_pages(GFP_KERNEL | __GFP_NOWARN, get_order(size));
		if (!p)
			p = vmalloc(size);
	}
	return p;
}

/* a choice inside the fallback branch: one step, two alternatives */
static void *chain_choice_in_fallback(size_t n, gfp_t flags)
{
	void *p = kmalloc(n, flags | __GFP_NOWARN); /* expect: KV001 */ /* ok: KV008 -- the zeroing follows 'flags' on both sides */

	if (!p) {
		if (flags & __GFP_ZERO)
			p = vzalloc(n);
		else
			p = vmalloc(n);
	}
	return p;
}

/* the two fallbacks differ in size: kvmalloc() cannot stand in for the choice, so no rewrite */
static void *choice_of_sizes(size_t n, gfp_t flags)
{
	void *p = kmalloc(n, flags | __GFP_NOWARN); /* expect: KV001 */ /* ok: KV008 -- the zeroing follows 'flags' on both sides */

	if (!p) {
		if (flags & __GFP_ZERO)
			p = vzalloc(n);
		else
			p = vmalloc(2 * n);
	}
	return p;
}

/* ---- must not find ---- */

/* pages, then vmalloc: no kmalloc stage, and such memory is freed with free_pages()/vfree() by address */
static int chain_pages_then_vmalloc(void **map, int order, size_t size)
{
	*map = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, order); /* ok: KV001 */
	if (!*map) {
		*map = vzalloc(size);
		if (!*map)
			return -ENOMEM;
	}
	return 0;
}

/* kmalloc, then pages: nothing for kvmalloc to replace */
static void *chain_kmalloc_then_pages(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* ok: KV001 */

	if (!p)
		p = alloc_pages_exact(size, GFP_KERNEL);
	return p;
}
