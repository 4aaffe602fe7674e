// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: arch/arm/mm/dma-mapping.c, __iommu_free_buffer()
 * Converted by: converted to kvfree() upstream (6.1: arch/arm/mm/dma-mapping.c __iommu_free_buffer() calls kvfree(pages))
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), lines 1228-1248
 * Trimmed to the function(s) and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 * Under a path component named "mm": KV003 used to skip every such file (arch/*/mm too), and
 * missed this; now it skips only the allocators' own code of a kernel tree's mm/.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int __iommu_free_buffer(struct device *dev, struct page **pages,
			       size_t size, struct dma_attrs *attrs)
{
	int count = size >> PAGE_SHIFT;
	int array_size = count * sizeof(struct page *);
	int i;

	if (dma_get_attr(DMA_ATTR_FORCE_CONTIGUOUS, attrs)) {
		dma_release_from_contiguous(dev, pages[0], count);
	} else {
		for (i = 0; i < count; i++)
			if (pages[i])
				__free_pages(pages[i], 0);
	}

	if (array_size <= PAGE_SIZE) /* expect: KV003 */
		kfree(pages);
	else
		vfree(pages);
	return 0;
}
