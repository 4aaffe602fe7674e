// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: mm/percpu.c, pcpu_mem_zalloc(), pcpu_mem_free()
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5) (pcpu_mem_free); pcpu_mem_zalloc() became kvzalloc() later
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff); pcpu_mem_zalloc() as it stood in the same 4.4-era file
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

/**
 * pcpu_mem_zalloc - allocate memory
 * @size: bytes to allocate
 *
 * Allocate @size bytes.  If @size is smaller than PAGE_SIZE,
 * kzalloc() is used; otherwise, vzalloc() is used.  The returned
 * memory is always zeroed.
 *
 * CONTEXT:
 * Does GFP_KERNEL allocation.
 *
 * RETURNS:
 * Pointer to the allocated area on success, NULL on failure.
 */
static void *pcpu_mem_zalloc(size_t size)
{
	if (WARN_ON_ONCE(!slab_is_available()))
		return NULL;

	if (size <= PAGE_SIZE) /* expect: KV002 */
		return kzalloc(size, GFP_KERNEL);
	else
		return vzalloc(size);
}

/**
 * pcpu_mem_free - free memory
 * @ptr: memory to free
 * @size: size of the area
 *
 * Free @ptr.  @ptr should have been allocated using pcpu_mem_zalloc().
 */
static void pcpu_mem_free(void *ptr, size_t size)
{
	if (size <= PAGE_SIZE) /* expect: KV003 */
		kfree(ptr);
	else
		vfree(ptr);
}
