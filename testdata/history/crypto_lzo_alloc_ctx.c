// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: crypto/lzo.c, lzo_alloc_ctx()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define LZO1X_MEM_COMPRESS (16384 * sizeof(unsigned char *))

static void *lzo_alloc_ctx(struct crypto_scomp *tfm)
{
	void *ctx;

	ctx = kmalloc(LZO1X_MEM_COMPRESS, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (!ctx)
		ctx = vmalloc(LZO1X_MEM_COMPRESS);
	if (!ctx)
		return ERR_PTR(-ENOMEM);

	return ctx;
}

static void lzo_free_ctx(struct crypto_scomp *tfm, void *ctx)
{
	kvfree(ctx);
}
