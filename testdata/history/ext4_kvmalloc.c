// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/ext4/super.c, ext4_kvmalloc(), ext4_kvzalloc()
 * Converted by: a7c3e901a46f "mm: introduce kv[mz]alloc helpers" (4.12) converted the GFP_KERNEL
 *   callers; the helpers themselves went in a later ext4 commit (GFP_NOFS users; not identified here)
 * Old code read from: fs/ext4/super.c of an old kernel fork (find_string hit, 4.x era) and the same
 *   body quoted on linux-mm in the kvmalloc discussion (2017)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *ext4_kvmalloc(size_t size, gfp_t flags)
{
	void *ret;

	ret = kmalloc(size, flags | __GFP_NOWARN); /* expect: KV001 */
	if (!ret)
		ret = __vmalloc(size, flags, PAGE_KERNEL);
	return ret;
}

void *ext4_kvzalloc(size_t size, gfp_t flags)
{
	void *ret;

	ret = kzalloc(size, flags | __GFP_NOWARN); /* expect: KV001 */
	if (!ret)
		ret = __vmalloc(size, flags | __GFP_ZERO, PAGE_KERNEL);
	return ret;
}
