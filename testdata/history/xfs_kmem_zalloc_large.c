// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/xfs/kmem.c, kmem_zalloc_large()
 * Converted by: xfs converted kmem_zalloc_large() to the kvmalloc-family helpers later (5.x; commit not identified here)
 * Old code read from: the linux-mm archive, the kvmalloc discussion of 2017 (Dave Chinner quoting fs/xfs/kmem.c) and the "mm, vmalloc: use __GFP_HIGHMEM implicitly" diff context
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *
kmem_zalloc_large(size_t size, xfs_km_flags_t flags)
{
	unsigned nofs_flag = 0;
	void	*ptr;
	gfp_t	lflags;

	ptr = kmem_zalloc(size, flags | KM_MAYFAIL); /* todo-expect: KV001 -- first try through the xfs wrapper kmem_zalloc() */
	if (ptr)
		return ptr;

	/*
	 * __vmalloc() will allocate data pages and auxillary structures (e.g.
	 * pagetables) with GFP_KERNEL, yet we may be under GFP_NOFS context
	 * here. Hence we need to tell memory reclaim that we are in such a
	 * context via PF_MEMALLOC_NOFS to prevent memory reclaim re-entering
	 * the filesystem here and potentially deadlocking.
	 */
	if (flags & KM_NOFS)
		nofs_flag = memalloc_nofs_save();

	lflags = kmem_flags_convert(flags);
	ptr = __vmalloc(size, lflags | __GFP_HIGHMEM | __GFP_ZERO, PAGE_KERNEL);

	if (flags & KM_NOFS)
		memalloc_nofs_restore(nofs_flag);

	return ptr;
}
