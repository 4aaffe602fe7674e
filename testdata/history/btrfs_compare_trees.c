// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/btrfs/ctree.c, btrfs_compare_trees()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

int btrfs_compare_trees(struct btrfs_root *left_root,
			struct btrfs_root *right_root,
			btrfs_changed_cb_t changed_cb, void *ctx)
{
	struct btrfs_fs_info *fs_info = left_root->fs_info;
	int ret;
	char *tmp_buf = NULL;
	struct btrfs_path *left_path = NULL;
	struct btrfs_path *right_path = NULL;

	left_path = btrfs_alloc_path();
	if (!left_path) {
		ret = -ENOMEM;
		goto out;
	}
	right_path = btrfs_alloc_path();
	if (!right_path) {
		ret = -ENOMEM;
		goto out;
	}

	tmp_buf = kmalloc(fs_info->nodesize, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (!tmp_buf) {
		tmp_buf = vmalloc(fs_info->nodesize);
		if (!tmp_buf) {
			ret = -ENOMEM;
			goto out;
		}
	}

	left_path->search_commit_root = 1;
	/* ... */
	ret = 0;

out:
	btrfs_free_path(left_path);
	btrfs_free_path(right_path);
	kvfree(tmp_buf);
	return ret;
}
