// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/f2fs/f2fs.h, f2fs_kvmalloc(), f2fs_kvzalloc()
 * Converted by: a7c3e901a46f "mm: introduce kv[mz]alloc helpers" (4.12)
 * Old code read from: linux-mm archive, [PATCH 1/9] mm: introduce kv[mz]alloc helpers (v4), Message-Id <20170306103032.2540-2-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static inline void *f2fs_kvmalloc(size_t size, gfp_t flags)
{
	void *ret;

	ret = kmalloc(size, flags | __GFP_NOWARN); /* expect: KV001 */
	if (!ret)
		ret = __vmalloc(size, flags, PAGE_KERNEL);
	return ret;
}

static inline void *f2fs_kvzalloc(size_t size, gfp_t flags)
{
	void *ret;

	ret = kzalloc(size, flags | __GFP_NOWARN); /* expect: KV001 */
	if (!ret)
		ret = __vmalloc(size, flags | __GFP_ZERO, PAGE_KERNEL);
	return ret;
}
