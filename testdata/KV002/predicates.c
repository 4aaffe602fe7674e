// SPDX-License-Identifier: GPL-2.0
/*
 * KV002: the size threshold behind a helper or macro of any name, or a flag, that chooses
 * between vmalloc and kmalloc for the same memory.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct blk_table {
	struct blk_entry *blocks;
	unsigned int nr_blocks;
	unsigned int flags;
	void *map;
	size_t map_size;
};

#define BLK_TABLE_LARGE		0x1
#define blk_table_too_big(t)	((t)->nr_blocks * sizeof(struct blk_entry) > 128 * 1024)

static int blk_alloc_by_macro(struct blk_table *t)
{
	size_t size = sizeof(struct blk_entry) * t->nr_blocks;

	if (blk_table_too_big(t)) /* expect: KV002 */
		t->blocks = vzalloc(size);
	else
		t->blocks = kzalloc(size, GFP_KERNEL);
	return t->blocks ? 0 : -ENOMEM;
}

static void *blk_alloc_by_helper(struct blk_table *t, size_t n)
{
	if (blk_uses_vmalloc(t)) /* expect: KV002 -- the helper's name says what it decides */
		return vzalloc(n);
	return kzalloc(n, GFP_KERNEL);
}

static int blk_alloc_by_flag(struct blk_table *t)
{
	if (t->flags & BLK_TABLE_LARGE) /* expect: KV002 */
		t->map = vmalloc(t->map_size);
	else
		t->map = kmalloc(t->map_size, GFP_KERNEL);
	return t->map ? 0 : -ENOMEM;
}

static int blk_alloc_by_size_helper(struct blk_table *t)
{
	if (blk_map_needs_pages(t->map_size)) /* expect: KV002 -- the helper reads the size */
		t->map = vmalloc(t->map_size);
	else
		t->map = kmalloc(t->map_size, GFP_KERNEL);
	return t->map ? 0 : -ENOMEM;
}

/* ---- must not find ---- */

static void *blk_alloc_for_hypervisor(void)
{
	size_t sz = sizeof(struct blk_table);

	if (!has_vhe()) /* ok: KV002 -- the hypervisor maps it: kmalloc memory on purpose */
		return kzalloc(sz, GFP_KERNEL_ACCOUNT);
	return __vmalloc(sz, GFP_KERNEL_ACCOUNT | __GFP_ZERO);
}

static int blk_alloc_mmapable(struct blk_table *t, unsigned int map_flags)
{
	if (map_flags & BLK_F_MMAPABLE) /* ok: KV002 -- a mode, not a size */
		t->map = vmalloc(t->map_size);
	else
		t->map = kmalloc(t->map_size, GFP_KERNEL);
	return t->map ? 0 : -ENOMEM;
}

static void *blk_alloc_in_irq(size_t n)
{
	if (in_interrupt()) /* ok: KV002 -- the kmalloc side cannot sleep */
		return kmalloc(n, GFP_ATOMIC);
	return vmalloc(n);
}

static void *blk_alloc_by_knob(size_t n)
{
	if (blk_force_vmalloc) /* ok: KV002 -- a test knob */
		return vmalloc(n);
	return kmalloc(n, GFP_KERNEL);
}

/* old lib/rhashtable.c alloc_bucket_locks(): the large sizes get vmalloc only when the caller may sleep */
static spinlock_t *bucket_locks_like(unsigned int size, gfp_t gfp)
{
	spinlock_t *locks;

	if (size * sizeof(spinlock_t) > PAGE_SIZE && gfp == GFP_KERNEL) /* expect: KV002 */
		locks = vmalloc(size * sizeof(spinlock_t));
	else
		locks = kmalloc_array(size, sizeof(spinlock_t), gfp);
	return locks;
}

/* the second part is about the device, not the caller's context: a deliberate choice */
static void *dev_buffer_like(struct pred_dev *d, size_t size)
{
	void *buf;

	if (size > PAGE_SIZE && !d->needs_contiguous) /* ok: KV002 */
		buf = vmalloc(size);
	else
		buf = kmalloc(size, GFP_KERNEL);
	return buf;
}
