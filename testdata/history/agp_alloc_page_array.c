// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/char/agp/generic.c, agp_alloc_page_array()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct agp_memory {
	struct page **pages;
	size_t page_count;
};

void agp_alloc_page_array(size_t size, struct agp_memory *mem)
{
	mem->pages = NULL;

	if (size <= 2*PAGE_SIZE)
		mem->pages = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (mem->pages == NULL) {
		mem->pages = vmalloc(size);
	}
}

void agp_free_page_array(struct agp_memory *mem)
{
	kvfree(mem->pages);
}
