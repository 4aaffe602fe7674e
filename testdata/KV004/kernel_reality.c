// SPDX-License-Identifier: GPL-2.0
/* KV004 in the kernel's normal state: attributes, statement macros, iterator macros, #ifdef. */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static DEFINE_SPINLOCK(zot_lock);

struct zot {
	struct list_head node;
	void *payload;
};

static int __init zot_init(struct zot *z, size_t n) __must_hold(&zot_lock)
{
	void *tmp;

	ZOT_TRACE(z)
	tmp = vmalloc(n);
	zot_debug("allocated %zu\n", n);
	if (!tmp)
		return -ENOMEM;
	zot_fill(tmp, n);
	kfree(tmp); /* expect: KV004 -- found despite the attribute and the macro */
	return 0;
}

static void zot_fill_all(struct list_head *head, size_t n)
{
	struct zot *pos;

	list_for_each_entry(pos, head, node) {
		pos->payload = vzalloc(n);
	}
}

static void zot_free_all(struct list_head *head)
{
	struct zot *pos, *tmp;

	list_for_each_entry_safe(pos, tmp, head, node) {
		list_del(&pos->node);
		kfree(pos->payload); /* expect: KV004 -- vzalloc() in zot_fill_all() */
		kfree(pos); /* ok: KV004 */
	}
}

static int zot_broken(struct zot *z)
{
	/* half-written code: the parser recovers locally */
	if (z->payload > ) {
		z->payload = vmalloc(z->len;
	return 0;
}

static int zot_after_broken(size_t n)
{
	void *q = vmalloc(n);

	if (!q)
		return -ENOMEM;
#ifdef CONFIG_ZOT_DEBUG
	zot_dump(q);
#endif
	kfree(q); /* expect: KV004 */
	return 0;
}
