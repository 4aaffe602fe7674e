// SPDX-License-Identifier: GPL-2.0
/* KV002: return-branch choices (6.1 mm/percpu.c pcpu_mem_zalloc() and its relatives). */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *pc_mem_zalloc(size_t size, gfp_t gfp)
{
	if (WARN_ON_ONCE(!slab_is_available()))
		return NULL;

	if (size <= PAGE_SIZE) /* expect: KV002 */
		return kzalloc(size, gfp);
	else
		return __vmalloc(size, gfp | __GFP_ZERO);
}

static void *pc_mem_ternary(size_t size)
{
	return size <= PAGE_SIZE ? kmalloc(size, GFP_KERNEL) : vmalloc(size); /* expect: KV002 */
}

static struct hlist_head *pc_hash_alloc(unsigned int sz)
{
	struct hlist_head *n;

	if (sz <= PAGE_SIZE) /* expect: KV002 */
		n = kzalloc(sz, GFP_KERNEL);
	else
		n = vzalloc(sz);
	return n;
}

/* ---- must not find ---- */

/* three ways: small from slab, large from vmalloc or from the page allocator by a mode */
static struct hlist_head *pc_hash_alloc_three(unsigned int sz)
{
	struct hlist_head *n;

	if (sz <= PAGE_SIZE) /* ok: KV002 -- a third allocator serves some sizes */
		n = kzalloc(sz, GFP_KERNEL);
	else if (pc_hashdist)
		n = vzalloc(sz);
	else
		n = (struct hlist_head *)__get_free_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO, get_order(sz));
	return n;
}

/* old include/drm/drm_mem_util.h drm_malloc_ab(): the two sizes are the same product, written in two orders */
static void *malloc_ab_like(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;

	if (size * nmemb <= PAGE_SIZE) /* expect: KV002 */
		return kmalloc(nmemb * size, GFP_KERNEL);

	return vmalloc(size * nmemb);
}

/* the local size is changed after it is computed: the two sizes differ, found, not rewritten */
static u32 *table_resized(unsigned int n)
{
	size_t size = n * sizeof(u32);

	size += 64;
	if (size > PAGE_SIZE) /* expect: KV002 */
		return vmalloc(size);
	return kmalloc_array(n, sizeof(u32), GFP_KERNEL);
}
