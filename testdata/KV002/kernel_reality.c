// SPDX-License-Identifier: GPL-2.0
/* KV002 in the kernel's normal state: #ifdef branches, statement macros, attributes. */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static DEFINE_SPINLOCK(qux_lock);

struct qux {
	struct list_head list;
	void *data;
	size_t len;
};

static void *qux_alloc_config(size_t size)
{
	void *p;

#ifdef CONFIG_QUX_LARGE_PAGES
	if (size > PAGE_SIZE * 4) /* expect: KV002 */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_KERNEL);
#else
	if (size > PAGE_SIZE) /* expect: KV002 */
		p = vmalloc(size);
	else
		p = kmalloc(size, GFP_KERNEL);
#endif
	return p;
}

static int __init qux_fill_all(struct list_head *head)
{
	struct qux *pos;

	list_for_each_entry(pos, head, list) {
		qux_prepare(pos);
	}
	for_each_online_cpu(cpu)
		per_cpu(qux_count, cpu) = 0;
	list_for_each_entry(pos, head, list) {
		if (pos->len > PAGE_SIZE) /* expect: KV002 */
			pos->data = vzalloc(pos->len);
		else
			pos->data = kzalloc(pos->len, GFP_KERNEL);
		if (!pos->data)
			return -ENOMEM;
	}
	return 0;
}

static __always_inline void *qux_alloc_locked_attr(struct qux *q) __must_hold(&qux_lock)
{
	QUX_TRACE(q);
	q->data = q->len > PAGE_SIZE ? vmalloc(q->len) : kmalloc(q->len, GFP_KERNEL); /* expect: KV002 */
	return q->data;
}

static int qux_broken(struct qux *q)
{
	/* half-written code: the parser must recover locally */
	if (q->len > ) {
		q->data = kmalloc(q->len GFP_KERNEL;
	return 0;
}

static void *qux_intact(size_t size)
{
	return size > PAGE_SIZE ? vmalloc(size) : kmalloc(size, GFP_KERNEL); /* expect: KV002 */
}
