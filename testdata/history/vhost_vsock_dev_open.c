// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/vhost/vsock.c, vhost_vsock_dev_open()
 * Converted by: "mm: support __GFP_REPEAT in kvmalloc_node for >32kB" (4.12)
 * Old code read from: linux-mm archive, [PATCH 2/9] mm: support __GFP_REPEAT in kvmalloc_node for >32kB, Message-Id <20170130094940.13546-3-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int vhost_vsock_dev_open(struct inode *inode, struct file *file)
{
	struct vhost_virtqueue **vqs;
	struct vhost_vsock *vsock;
	int ret;

	/* This struct is large and allocation could fail, fall back to vmalloc
	 * if there is no other way.
	 */
	vsock = kzalloc(sizeof(*vsock), GFP_KERNEL | __GFP_NOWARN | __GFP_REPEAT); /* expect: KV001 */
	if (!vsock) {
		vsock = vmalloc(sizeof(*vsock)); /* expect: KV008 */
		if (!vsock)
			return -ENOMEM;
	}

	vqs = kmalloc_array(ARRAY_SIZE(vsock->vqs), sizeof(*vqs), GFP_KERNEL);
	if (!vqs) {
		ret = -ENOMEM;
		goto out;
	}
	/* ... */
	file->private_data = vsock;
	return 0;

out:
	vhost_vsock_free(vsock);
	return ret;
}

static void vhost_vsock_free(struct vhost_vsock *vsock)
{
	kvfree(vsock);
}
