// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/vhost/net.c, vhost_net_open()
 * Converted by: "mm: support __GFP_REPEAT in kvmalloc_node for >32kB" (4.12)
 * Old code read from: linux-mm archive, [PATCH 2/9] mm: support __GFP_REPEAT in kvmalloc_node for >32kB, Message-Id <20170130094940.13546-3-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int vhost_net_open(struct inode *inode, struct file *f)
{
	struct vhost_net *n;
	struct vhost_dev *dev;
	struct vhost_virtqueue **vqs;
	int i;

	n = kmalloc(sizeof *n, GFP_KERNEL | __GFP_NOWARN | __GFP_REPEAT); /* expect: KV001 */
	if (!n) {
		n = vmalloc(sizeof *n);
		if (!n)
			return -ENOMEM;
	}
	vqs = kmalloc(VHOST_NET_VQ_MAX * sizeof(*vqs), GFP_KERNEL);
	if (!vqs) {
		kvfree(n);
		return -ENOMEM;
	}

	dev = &n->dev;
	/* ... */
	f->private_data = n;

	return 0;
}
