// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: include/drm/drm_mem_util.h, drm_calloc_large(), drm_malloc_ab(), drm_malloc_gfp(), drm_free_large()
 * Converted by: Michal Hocko's 2017 patch turning drm_malloc_ab()/drm_calloc_large()/drm_malloc_gfp()
 *   into kvmalloc_array() (title not verified), before the header was removed
 * Old code read from: include/drm/drm_mem_util.h of old kernel forks (find_string hits: the SIZE_MAX /
 *   vmalloc() version) and the linux-mm archive copy of that 2017 patch (old side)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static __inline__ void *drm_calloc_large(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;

	if (size * nmemb <= PAGE_SIZE) /* expect: KV002 */
	    return kcalloc(nmemb, size, GFP_KERNEL);

	return vzalloc(size * nmemb);
}

/* Modeled after cairo's malloc_ab, it's like calloc but without the zeroing. */
static __inline__ void *drm_malloc_ab(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;

	if (size * nmemb <= PAGE_SIZE) /* expect: KV002 */
	    return kmalloc(nmemb * size, GFP_KERNEL);

	return vmalloc(size * nmemb);
}

static __inline__ void *drm_malloc_gfp(size_t nmemb, size_t size, gfp_t gfp)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;

	if (size * nmemb <= PAGE_SIZE)
		return kmalloc(nmemb * size, gfp);

	if (gfp & __GFP_RECLAIMABLE) {
		void *ptr = kmalloc(nmemb * size, /* expect: KV001 */
				    gfp | __GFP_NOWARN | __GFP_NORETRY);
		if (ptr)
			return ptr;
	}

	return __vmalloc(size * nmemb, gfp, PAGE_KERNEL);
}

static __inline void drm_free_large(void *ptr)
{
	kvfree(ptr);
}
