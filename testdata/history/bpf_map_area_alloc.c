// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: kernel/bpf/syscall.c, bpf_map_area_alloc(), bpf_map_area_free()
 * Converted by: "net, bpf: use kvzalloc helper" (4.12, part of the kvmalloc series)
 * Old code read from: linux-mm archive, [PATCH 9/9] net, bpf: use kvzalloc helper (2017-01-30, the bpf_map_area_alloc()/xt_alloc_table_info() hunks; old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *bpf_map_area_alloc(size_t size)
{
	/* We definitely need __GFP_NORETRY, so OOM killer doesn't
	 * trigger under memory pressure as we really just want to
	 * fail instead.
	 */
	const gfp_t flags = __GFP_NOWARN | __GFP_NORETRY | __GFP_ZERO;
	void *area;

	if (size <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)) {
		area = kmalloc(size, GFP_USER | flags); /* expect: KV001 -- note: __GFP_NORETRY via a const mask */
		if (area != NULL)
			return area;
	}

	return __vmalloc(size, GFP_KERNEL | __GFP_HIGHMEM | flags,
			 PAGE_KERNEL);
}

void bpf_map_area_free(void *area)
{
	kvfree(area);
}
