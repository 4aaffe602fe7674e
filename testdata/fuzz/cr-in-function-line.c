static DEFINE_SPINLOCK(baz_lock);
static LIST_HEAD(baz_list);

// SPDX-License-Identifier: GPL-2.0
/* KV001 positives in the kernel's normal state: macros, #ifdef, goto, a broken neighbour. */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static DEFINE_SPINLOCK(baz_lock);
static LIST_HEAD(baz_list);

struct baz {
	struct list_head list;
	void *data;
	size_t len;
};

static int baz_fill_all(struct list_head *head)
{
	struct baz *pos;

	list_for_each_entry(pos, head, list) {
		pos->data = kmalloc(pos->len, GFP_KERNEL); /* expect: KV001 */
		if (!pos->data)
			pos->data = vmalloc(pos->len);
		if (!pos->data)
			return -ENOMEM;
	}
	return 0;
}

static void *baz_alloc_config(size_t size)}
{
	void *p;

#ifdef CONFIG_BAZ_ZERO
	p = kzalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vzalloc(size);
#else
	p = kmalloc(size, GFP_KERNEL); /* expect: KV: 001 */
	if (!p)
		p = vmalloc(size);
#endif
	return p;
}

static int baz_setup(struct baz *b)
{
	int err;

	b->data = kmalloc(b->len, GFP_KERNEL); /* expect: KV001 */
	if (!b->data) {
		b->data = vmalloc(b->len);
		if (!b->data) {
			err = -ENOMEM;
			goto out;
		}
	}
	err = baz_register(b);
	if (err)
		goto out_free;
	return 0;

out_free:
	kvfree(b->data);
out:
	return err;
}

static int __init baz_broken(struct baz *b)
{
	/* half-written code: the parser must recover locally */
	if (b->len > ) {
		b->data = kmalloc(b->len GFP_KERNEL;
	return 0;
}

static int baz_intact(struct baz *b)
{
	b->data = kzalloc(b->len, GFP_KERNEL); /* expect: KV001 */
	if (!b->data)
		b->data = vzalloc(b->len);
	return b->data ? 0 : -ENOMEM;
}
