// SPDX-License-Identifier: GPL-2.0
/*
 * KV003 across #ifdef: an #ifndef that cuts the if/else of the free in two, as the allocation
 * (old fs/jffs2/build.c jffs2_do_mount_fs(), before 4.5's "tree wide: use kvfree() than
 * conditional kfree()/vfree()"). In the configuration the block is compiled in, the free is a
 * choice; in the other, the statement after #endif frees the only kind there is.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct fsb {
	struct fsb_block *blocks;
	size_t flash_size;
	size_t sector_size;
};

#define fsb_blocks_use_vmalloc(c) ((c)->flash_size / (c)->sector_size * sizeof(struct fsb_block) > 128 * 1024)

static int fsb_mount(struct fsb *c)
{
	size_t size = sizeof(struct fsb_block) * (c->flash_size / c->sector_size);
	int ret;

#ifndef __ECOS
	if (fsb_blocks_use_vmalloc(c)) /* expect: KV002 */
		c->blocks = vzalloc(size);
	else
#endif
		c->blocks = kzalloc(size, GFP_KERNEL);
	if (!c->blocks)
		return -ENOMEM;

	ret = fsb_scan(c);
	if (ret)
		goto out_free;
	return 0;

out_free:
#ifndef __ECOS
	if (fsb_blocks_use_vmalloc(c)) /* expect: KV003 */
		vfree(c->blocks); /* ok: KV005 -- the same test as the allocation: vzalloc() memory only */
	else
#endif
		kfree(c->blocks); /* ok: KV004 -- kzalloc() memory only, in either configuration */
	return ret;
}

static void fsb_put(struct fsb *c)
{
#ifdef CONFIG_FSB_VMAP
	if (is_vmalloc_addr(c->blocks)) /* expect: KV003 */
		vfree(c->blocks);
	else
#endif
	kfree(c->blocks);
}
