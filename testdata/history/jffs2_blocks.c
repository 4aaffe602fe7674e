// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/jffs2/build.c, fs/jffs2/fs.c, fs/jffs2/super.c, jffs2_do_mount_fs(), jffs2_do_fill_super(), jffs2_put_super()
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5)
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff); the allocation from fs/jffs2/build.c (unchanged in /work/trees/linux-source-6.1)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

int jffs2_do_mount_fs(struct jffs2_sb_info *c)
{
	int ret;
	int i;
	int size;

	c->free_size = c->flash_size;
	c->nr_blocks = c->flash_size / c->sector_size;
	size = sizeof(struct jffs2_eraseblock) * c->nr_blocks;
#ifndef __ECOS
	if (jffs2_blocks_use_vmalloc(c)) /* expect: KV002 */
		c->blocks = vzalloc(size);
	else
#endif
		c->blocks = kzalloc(size, GFP_KERNEL);
	if (!c->blocks)
		return -ENOMEM;

	for (i=0; i<c->nr_blocks; i++) {
		INIT_LIST_HEAD(&c->blocks[i].list);
		c->blocks[i].offset = i * c->sector_size;
		c->blocks[i].free_size = c->sector_size;
	}
	/* ... */
	if (jffs2_build_filesystem(c)) {
		dbg_fsbuild("build_fs failed\n");
		jffs2_free_ino_caches(c);
		jffs2_free_raw_node_refs(c);
		ret = -EIO;
		goto out_free;
	}

	jffs2_calc_trigger_levels(c);

	return 0;

 out_free:
#ifndef __ECOS
	if (jffs2_blocks_use_vmalloc(c)) /* expect: KV003 -- #ifndef __ECOS cuts the if/else of the free in two */
		vfree(c->blocks); /* ok: KV005 -- same predicate as the allocation, vzalloc() memory only */
	else
#endif
		kfree(c->blocks); /* ok: KV004 -- same predicate as the allocation, kzalloc() memory only */

	return ret;
}

int jffs2_do_fill_super(struct super_block *sb, void *data, int silent)
{
	struct jffs2_sb_info *c;
	int ret;

	c = JFFS2_SB_INFO(sb);
	/* ... */
	if ((ret = jffs2_do_mount_fs(c)))
		goto out_inohash;
	/* ... */
	sb->s_root = d_make_root(root_i);
	if (!sb->s_root)
		goto out_root;
	/* ... */
	return 0;

out_root:
	jffs2_free_ino_caches(c);
	jffs2_free_raw_node_refs(c);
	if (jffs2_blocks_use_vmalloc(c)) /* expect: KV003 */
		vfree(c->blocks);
	else
		kfree(c->blocks);
 out_inohash:
	jffs2_clear_xattr_subsystem(c);
	kfree(c->inocache_list);
	return ret;
}

static void jffs2_put_super (struct super_block *sb)
{
	struct jffs2_sb_info *c = JFFS2_SB_INFO(sb);

	/* ... */
	jffs2_free_ino_caches(c);
	jffs2_free_raw_node_refs(c);
	if (jffs2_blocks_use_vmalloc(c)) /* expect: KV003 */
		vfree(c->blocks);
	else
		kfree(c->blocks);
	jffs2_flash_cleanup(c);
	kfree(c->inocache_list);
	jffs2_clear_xattr_subsystem(c);
	mtd_sync(c->mtd);
}
