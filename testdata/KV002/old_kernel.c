// SPDX-License-Identifier: GPL-2.0
/* KV002 on an old tree: the helper does not exist yet, and GFP_NOFS needs 5.17. */
/* kvlint: kernel-version 4.9 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *old_alloc(size_t size)
{
	if (size > PAGE_SIZE) /* expect: KV002 -- "kvmalloc() once the tree has it (4.12+; this tree is 4.9)" */
		return vmalloc(size);
	return kmalloc(size, GFP_KERNEL);
}

static void *old_alloc_nofs(size_t size)
{
	return size > PAGE_SIZE ? __vmalloc(size, GFP_NOFS, PAGE_KERNEL) : kmalloc(size, GFP_NOFS); /* expect: KV002 */
}
