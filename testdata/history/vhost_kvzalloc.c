// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/vhost/vhost.c, vhost_kvzalloc()
 * Converted by: "mm: support __GFP_REPEAT in kvmalloc_node for >32kB" (4.12)
 * Old code read from: linux-mm archive, [PATCH 2/9] mm: support __GFP_REPEAT in kvmalloc_node for >32kB, Message-Id <20170130094940.13546-3-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *vhost_kvzalloc(unsigned long size)
{
	void *n = kzalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_REPEAT); /* expect: KV001 */

	if (!n)
		n = vzalloc(size);
	return n;
}

struct vhost_umem *vhost_dev_reset_owner_prepare(void)
{
	return vhost_kvzalloc(sizeof(struct vhost_umem));
}
