// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/vfio/vfio_iommu_type1.c, vfio_dma_bitmap_alloc(), vfio_dma_bitmap_free()
 * Fixed by: commit not identified here (5.10.13 frees with kfree(), 6.1 with kvfree())
 * Old code read from: the 5.10.13 tree in GitHub Rtoax/linux-5.10.13 (commit 4145aee3aa37), checked against /work/trees/linux-source-6.1
 * Trimmed to the functions and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int vfio_dma_bitmap_alloc(struct vfio_dma *dma, size_t pgsize)
{
	uint64_t npages = dma->size / pgsize;

	if (npages > DIRTY_BITMAP_PAGES_MAX)
		return -EINVAL;

	/*
	 * Allocate extra 64 bits that are used to calculate shift required for
	 * bitmap_shift_left() to manipulate and club unaligned number of pages
	 * in adjacent vfio_dma ranges.
	 */
	dma->bitmap = kvzalloc(DIRTY_BITMAP_BYTES(npages) + sizeof(u64),
			       GFP_KERNEL);
	if (!dma->bitmap)
		return -ENOMEM;

	return 0;
}

static void vfio_dma_bitmap_free(struct vfio_dma *dma)
{
	kfree(dma->bitmap); /* expect: KV004 */
	dma->bitmap = NULL;
}
