// SPDX-License-Identifier: GPL-2.0
/*
 * KV002 and KV001 across #ifdef: a directive that removes one half of an if/else or splits it
 * across #endif. Every configuration is analysed; the message names the one with the finding.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct fsb {
	struct fsb_block *blocks;
	spinlock_t *locks;
	size_t flash_size;
	size_t sector_size;
};

#define fsb_blocks_use_vmalloc(c) ((c)->flash_size / (c)->sector_size * sizeof(struct fsb_block) > 128 * 1024)

static int fsb_mount(struct fsb *c)
{
	size_t size = sizeof(struct fsb_block) * (c->flash_size / c->sector_size);

#ifndef __ECOS
	if (fsb_blocks_use_vmalloc(c)) /* expect: KV002 */
		c->blocks = vzalloc(size);
	else
#endif
		c->blocks = kzalloc(size, GFP_KERNEL);
	if (!c->blocks)
		return -ENOMEM;
	return 0;
}

static int fsb_alloc_locks(struct fsb *c, unsigned int n)
{
	size_t size = n * sizeof(spinlock_t);

#ifdef CONFIG_NUMA
	if (size > PAGE_SIZE) /* expect: KV002 */
		c->locks = vmalloc(size);
	else
#endif
		c->locks = kmalloc_array(n, sizeof(spinlock_t), GFP_KERNEL);
	return c->locks ? 0 : -ENOMEM;
}

static void *fsb_alloc_scratch(size_t size)
{
	void *p;

#if IS_ENABLED(CONFIG_FSB_SLAB_FIRST)
	p = kmalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!p)
#endif
		p = vmalloc(size);
	return p;
}

/* ---- must not find ---- */

static void *fsb_alloc_config(size_t size)
{
	void *p;

#ifdef CONFIG_FSB_VMALLOC
	p = vmalloc(size); /* ok: KV002 -- one allocator per configuration, no runtime choice */
#else
	p = kmalloc(size, GFP_KERNEL); /* ok: KV001 */
#endif
	return p;
}
