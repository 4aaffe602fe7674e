// SPDX-License-Identifier: GPL-2.0
/* KV008 in the kernel's normal state: #ifdef branches, statement macros, attributes. */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/list.h>

struct blk {
	struct list_head list;
	void *data;
	size_t len;
};

static int __init blk_fill(struct list_head *head) __must_hold(&blk_lock)
{
	struct blk *b;

	BLK_TRACE(head);
	list_for_each_entry(b, head, list) {
		b->data = kzalloc(b->len, GFP_KERNEL); /* expect: KV001 */
		if (!b->data)
			b->data = vmalloc(b->len); /* expect: KV008 */
	}
	for_each_online_cpu(cpu)
		per_cpu(blk_count, cpu) = 0;
	return 0;
}

static void *blk_alloc_config(size_t size)
{
	void *p;

#ifdef CONFIG_BLK_ZERO
	p = kzalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vmalloc(size); /* expect: KV008 */
#else
	p = kmalloc(size, GFP_KERNEL); /* expect: KV001, KV008 */
	if (!p)
		p = vzalloc(size);
#endif
	return p;
}
