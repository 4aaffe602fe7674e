// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/btrfs/ioctl.c, btrfs_clone()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int btrfs_clone(struct inode *src, struct inode *inode,
		       const u64 off, const u64 olen, const u64 olen_aligned,
		       const u64 destoff, int no_time_update)
{
	struct btrfs_fs_info *fs_info = btrfs_sb(inode->i_sb);
	struct btrfs_path *path = NULL;
	char *buf = NULL;
	int ret;
	u64 last_dest_end = destoff;

	ret = -ENOMEM;
	buf = kmalloc(fs_info->nodesize, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (!buf) {
		buf = vmalloc(fs_info->nodesize);
		if (!buf)
			return ret;
	}

	path = btrfs_alloc_path();
	if (!path) {
		kvfree(buf);
		return ret;
	}
	/* ... */
	btrfs_free_path(path);
	kvfree(buf);
	return ret;
}
