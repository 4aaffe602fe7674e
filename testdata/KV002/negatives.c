// SPDX-License-Identifier: GPL-2.0
/* KV002 negatives: choices that are not a plain size threshold, or that are deliberate. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static bool bar_force_vmalloc;
module_param(bar_force_vmalloc, bool, 0444);

struct bar {
	void *buf;
	void *shadow;
	size_t len;
	bool vmapped;
};

static void *bar_test_knob(size_t size)
{
	void *p;

	if (bar_force_vmalloc) /* ok: KV002 -- a test knob, not a size threshold */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_KERNEL);
	return p;
}

static void *bar_compound_condition(size_t size, bool atomic)
{
	void *p;

	if (size > PAGE_SIZE && !atomic) /* ok: KV002 -- not a pure threshold */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_ATOMIC);
	return p;
}

static void *bar_user_mapping(size_t size)
{
	if (size > PAGE_SIZE) /* ok: KV002 -- vmalloc_user() memory is mapped to user space */
		return vmalloc_user(size);
	return kzalloc(size, GFP_KERNEL);
}

static void *bar_dma(size_t size)
{
	return size > PAGE_SIZE ? vmalloc(size) : kmalloc(size, GFP_KERNEL | GFP_DMA); /* ok: KV002 -- DMA */
}

static void *bar_atomic_small_side(size_t size)
{
	void *p;

	if (size > PAGE_SIZE) /* ok: KV002 -- kvmalloc() cannot fall back with GFP_ATOMIC */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_ATOMIC);
	return p;
}

static int bar_two_owners(struct bar *b)
{
	if (b->len > PAGE_SIZE) /* ok: KV002 -- different places */
		b->buf = vmalloc(b->len);
	else
		b->shadow = kmalloc(b->len, GFP_KERNEL);
	return 0;
}

static void *bar_unrelated_condition(size_t size, unsigned int users)
{
	void *p;

	if (users > 16) /* ok: KV002 -- the condition is not about the size */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_KERNEL);
	return p;
}

static void *bar_vmalloc_for_small(size_t size)
{
	if (size < PAGE_SIZE) /* ok: KV002 -- vmalloc for the small sizes: something else entirely */
		return vmalloc(size);
	return kmalloc(size, GFP_KERNEL);
}

static void *bar_already_kv(size_t size)
{
	return kvmalloc(size, GFP_KERNEL); /* ok: KV002 */
}

static void *bar_else_if(size_t size)
{
	void *p = NULL;

	if (size > SZ_1M) /* ok: KV002 -- an else-if chain, not a two-way choice */
		p = vmalloc(size);
	else if (size > 64)
		p = kmalloc(size, GFP_KERNEL);
	return p;
}

static int bar_backend_pinned(struct bar *b)
{
	struct page *pg;

	if (b->len > PAGE_SIZE) /* expect: KV002 -- a note: vmalloc_to_page() needs vmalloc memory */
		b->buf = vmalloc(b->len);
	else
		b->buf = kmalloc(b->len, GFP_KERNEL);
	if (!b->buf)
		return -ENOMEM;
	pg = vmalloc_to_page(b->buf);
	return bar_map(pg);
}

static void *bar_exec(size_t size)
{
	if (size > PAGE_SIZE) /* ok: KV002 -- executable memory: kvmalloc() is always PAGE_KERNEL */
		return __vmalloc(size, GFP_KERNEL, PAGE_KERNEL_EXEC);
	return kmalloc(size, GFP_KERNEL);
}

static void *bar_explained(size_t size)
{
	/*
	 * Not kvmalloc(): the firmware wants a physically contiguous buffer for
	 * small tables and walks the page list of large ones.
	 */
	if (size > PAGE_SIZE) /* ok: KV002 -- explained by the comment above */
		return vmalloc(size);
	return kmalloc(size, GFP_KERNEL);
}
