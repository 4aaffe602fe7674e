// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/udf/super.c, udf_sb_alloc_bitmap(), udf_sb_free_bitmap()
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5) (the free; the allocation became kvzalloc() later)
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff); udf_sb_alloc_bitmap() as it stood in the same 4.4-era file
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct udf_bitmap {
	__u32			s_extPosition;
	int			s_nr_groups;
	struct buffer_head	*s_block_bitmap[0];
};

static struct udf_bitmap *udf_sb_alloc_bitmap(struct super_block *sb, u32 index)
{
	struct udf_bitmap *bitmap;
	int nr_groups;
	int size;

	nr_groups = udf_compute_nr_groups(sb, index);
	size = sizeof(struct udf_bitmap) +
		(sizeof(struct buffer_head *) * nr_groups);

	if (size <= PAGE_SIZE) /* expect: KV002 */
		bitmap = kzalloc(size, GFP_KERNEL);
	else
		bitmap = vzalloc(size); /* TODO: get rid of vzalloc */

	if (bitmap == NULL)
		return NULL;

	bitmap->s_nr_groups = nr_groups;
	return bitmap;
}

static void udf_sb_free_bitmap(struct udf_bitmap *bitmap)
{
	int i;
	int nr_groups = bitmap->s_nr_groups;
	int size = sizeof(struct udf_bitmap) + (sizeof(struct buffer_head *) *
						nr_groups);

	for (i = 0; i < nr_groups; i++)
		if (bitmap->s_block_bitmap[i])
			brelse(bitmap->s_block_bitmap[i]);

	if (size <= PAGE_SIZE) /* expect: KV003 */
		kfree(bitmap);
	else
		vfree(bitmap);
}
