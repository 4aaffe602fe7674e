// SPDX-License-Identifier: GPL-2.0
/*
 * An #ifdef that splits braces turns the whole function into one ERROR node; every finding
 * in it must still be reported (KV006 and its neighbours KV002, KV007, KV009).
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/spinlock.h>

struct tbl {
	spinlock_t lock;
	void *buf;
	void *x;
	void *y;
};

static int tbl_split(struct tbl *t, size_t size, int a, int b)
{
	void *p;

	spin_lock(&t->lock);
#ifdef CONFIG_TBL_A
	if (a) {
#else
	if (b) {
#endif
		t->buf = kvmalloc(size, GFP_KERNEL); /* expect: KV006 */
	}
	spin_unlock(&t->lock);
	t->y = kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- after the unlock */
	p = vmalloc(size); /* expect: KV009 */
	if (!p)
		return -ENOMEM;
	memset(p, 0, size);
	if (size > PAGE_SIZE) /* expect: KV002 */
		t->x = vmalloc(size);
	else
		t->x = kmalloc(size, GFP_KERNEL);
	t->y = kvzalloc(64, GFP_KERNEL); /* expect: KV007 */
	return 0;
}
