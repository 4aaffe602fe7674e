// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/staging/lustre/lnet/libcfs/linux/linux-mem.c, libcfs_kvzalloc_cpt()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

void *libcfs_kvzalloc_cpt(struct cfs_cpt_table *cptab, int cpt, size_t size,
			  gfp_t flags)
{
	void *ret;

	ret = kzalloc_node(size, flags | __GFP_NOWARN, /* expect: KV001 */
			   cfs_cpt_spread_node(cptab, cpt));
	if (!ret) {
		WARN_ON(!(flags & (__GFP_FS | __GFP_HIGH)));
		ret = vmalloc_node(size, cfs_cpt_spread_node(cptab, cpt)); /* expect: KV008 -- the vmalloc side is not zeroed: a real bug the conversion fixed */
	}

	return ret;
}
EXPORT_SYMBOL(libcfs_kvzalloc_cpt);
