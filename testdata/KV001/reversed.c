// SPDX-License-Identifier: GPL-2.0
/* KV001: the reversed order: vmalloc first (under a condition), kmalloc when it failed. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *rev_alloc(size_t size)
{
	void *p = NULL;

	if (size > PAGE_SIZE)
		p = vmalloc(size); /* expect: KV001 */
	if (!p)
		p = kmalloc(size, GFP_KERNEL);
	return p;
}

static void *rev_alloc_early_return(size_t size)
{
	if (size >= SZ_64K) {
		void *p = vzalloc(size); /* expect: KV001 */

		if (p)
			return p;
	}
	return kzalloc(size, GFP_KERNEL);
}

/* the vmalloc side logs: found, not rewritten (the log would run for every size) */
static void *rev_alloc_early_return_logged(size_t size)
{
	if (size >= SZ_64K) {
		void *p = vzalloc(size); /* expect: KV001 */

		pr_debug("big table at %p\n", p);
		if (p)
			return p;
	}
	return kzalloc(size, GFP_KERNEL);
}

/* ---- must not find ---- */

static int rev_two_objects(void **big, void **small, size_t size)
{
	*big = vmalloc(size); /* ok: KV001 -- a different object is allocated when it fails */
	if (!*big) {
		*small = kmalloc(64, GFP_KERNEL);
		return *small ? -ENOMEM : -EAGAIN;
	}
	return 0;
}

/*
 * Documented as intended (6.12 lib/objpool.c objpool_init_percpu_slots()): the comment names both
 * allocators and why vmalloc comes first, so the order is a choice, not an open-coded kvmalloc.
 */
static int objpool_like(void **slots, int cpu, size_t size, gfp_t gfp)
{
	void *slot;

	/*
	 * in default vmalloc is used to reduce the pressure of kernel slab system. but if vmalloc
	 * fails or it is not available (e.g. GFP_ATOMIC) allocate percpu slot with kmalloc.
	 */
	slot = NULL;

	if ((gfp & (GFP_ATOMIC | GFP_KERNEL)) != GFP_ATOMIC)
		slot = __vmalloc_node(size, sizeof(void *), gfp, cpu_to_node(cpu), NULL); /* ok: KV001 */

	if (!slot) {
		slot = kmalloc_node(size, gfp, cpu_to_node(cpu));
		if (!slot)
			return -ENOMEM;
	}
	slots[cpu] = slot;
	return 0;
}

/* a comment that only narrates the fallback explains nothing */
static void *narrated(size_t size, bool big)
{
	void *p = NULL;

	/* try vmalloc first, fall back to kmalloc if vmalloc fails */
	if (big)
		p = vmalloc(size); /* expect: KV001 */
	if (!p)
		p = kmalloc(size, GFP_KERNEL);
	return p;
}
