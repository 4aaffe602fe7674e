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
