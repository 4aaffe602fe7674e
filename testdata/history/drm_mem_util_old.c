// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: include/drm/drm_mem_util.h, drm_calloc_large(), drm_malloc_ab(), drm_free_large() (the 3.x form: __vmalloc with PAGE_KERNEL, open-coded free)
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5) (drm_free_large); the allocators in 4.12
 * Old code read from: include/drm/drm_mem_util.h of an old kernel fork (find_string hit, ULONG_MAX version)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static __inline__ void *drm_calloc_large(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > ULONG_MAX / size)
		return NULL;

	if (size * nmemb <= PAGE_SIZE) /* expect: KV002 */
	    return kcalloc(nmemb, size, GFP_KERNEL);

	return __vmalloc(size * nmemb,
			 GFP_KERNEL | __GFP_HIGHMEM | __GFP_ZERO, PAGE_KERNEL);
}

/* Modeled after cairo's malloc_ab, it's like calloc but without the zeroing. */
static __inline__ void *drm_malloc_ab(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > ULONG_MAX / size)
		return NULL;

	if (size * nmemb <= PAGE_SIZE) /* expect: KV002 */
	    return kmalloc(nmemb * size, GFP_KERNEL);

	return __vmalloc(size * nmemb,
			 GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL);
}

static __inline void drm_free_large(void *ptr)
{
	if (!is_vmalloc_addr(ptr)) /* expect: KV003 -- early exit written as "return kfree(ptr);" */
		return kfree(ptr);

	vfree(ptr);
}
