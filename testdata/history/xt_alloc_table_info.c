// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: net/netfilter/x_tables.c, xt_alloc_table_info(), xt_free_table_info()
 * Converted by: "net, bpf: use kvzalloc helper" (4.12, part of the kvmalloc series)
 * Old code read from: linux-mm archive, [PATCH 9/9] net, bpf: use kvzalloc helper (2017-01-30, the bpf_map_area_alloc()/xt_alloc_table_info() hunks; old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define SMP_ALIGN(x) (((x) + SMP_CACHE_BYTES-1) & ~(SMP_CACHE_BYTES-1))

struct xt_table_info *xt_alloc_table_info(unsigned int size)
{
	struct xt_table_info *info = NULL;
	size_t sz = sizeof(*info) + size;

	if (sz < sizeof(*info))
		return NULL;

	/* Pedantry: prevent them from hitting BUG() in vmalloc.c --RR */
	if ((SMP_ALIGN(size) >> PAGE_SHIFT) + 2 > totalram_pages)
		return NULL;

	if (sz <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER))
		info = kmalloc(sz, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY); /* expect: KV001 -- note: __GFP_NORETRY */
	if (!info) {
		info = __vmalloc(sz, GFP_KERNEL | __GFP_NOWARN |
				     __GFP_NORETRY | __GFP_HIGHMEM,
				 PAGE_KERNEL);
		if (!info)
			return NULL;
	}
	memset(info, 0, sizeof(*info));
	info->size = size;
	return info;
}
EXPORT_SYMBOL(xt_alloc_table_info);

void xt_free_table_info(struct xt_table_info *info)
{
	/* ... */
	kvfree(info);
}
EXPORT_SYMBOL(xt_free_table_info);
