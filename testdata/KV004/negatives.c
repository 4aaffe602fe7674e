// SPDX-License-Identifier: GPL-2.0
/* KV004 negatives: correct code that a naive linter would flag. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct qux {
	void *buf;
	void *small;
	void *big;
	bool vmalloced;
};

struct qux_other {
	void *buf;
};

static int qux_reused_variable(size_t size)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	qux_use(p);
	kfree(p); /* ok: KV004 -- this is the kmalloc object */
	p = vmalloc(size);
	if (!p)
		return -ENOMEM;
	qux_use(p);
	vfree(p);
	return 0;
}

static int qux_adjacent_owners(struct qux **out, size_t size)
{
	struct qux *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->buf = vmalloc(size);
	if (!s->buf) {
		kfree(s); /* ok: KV004 -- s is not s->buf */
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

static void qux_destroy(struct qux *s)
{
	vfree(s->buf);
	kfree(s); /* ok: KV004 */
}

static int qux_threshold(struct qux *q, size_t size)
{
	if (size > PAGE_SIZE) /* expect: KV002 */
		q->buf = vmalloc(size);
	else
		q->buf = kmalloc(size, GFP_KERNEL);
	if (!q->buf)
		return -ENOMEM;
	q->vmalloced = size > PAGE_SIZE;
	qux_use(q->buf);
	if (size > PAGE_SIZE) /* expect: KV003 */
		vfree(q->buf);
	else
		kfree(q->buf); /* ok: KV004 -- the same size test chose kmalloc */
	return 0;
}

static void qux_flag_free(struct qux *q)
{
	if (q->vmalloced) /* expect: KV003 */
		vfree(q->buf);
	else
		kfree(q->buf); /* ok: KV004 -- a flag chooses the free */
}

static void qux_vmalloc_addr_free(struct qux *q)
{
	if (!is_vmalloc_addr(q->big)) /* expect: KV003 */
		kfree(q->big); /* ok: KV004 -- only kmalloc memory gets here */
	else
		vfree(q->big);
}

static int qux_config(struct qux *q, size_t size)
{
#ifdef CONFIG_QUX_BIG
	q->small = vmalloc(size);
#else
	q->small = kmalloc(size, GFP_KERNEL);
#endif
	if (!q->small)
		return -ENOMEM;
	qux_use(q->small);
#ifdef CONFIG_QUX_BIG
	vfree(q->small);
#else
	kfree(q->small); /* ok: KV004 -- the other #ifdef branch allocated with kmalloc */
#endif
	return 0;
}

static void qux_other_free(struct qux_other *o)
{
	kfree(o->buf); /* ok: KV004 -- struct qux_other, not struct qux */
}

static int qux_rcu(struct qux_rcu_obj *obj, size_t n)
{
	obj->data = kvmalloc(n, GFP_KERNEL);
	if (!obj->data)
		return -ENOMEM;
	kfree_rcu(obj->data, rcu); /* ok: KV004 -- kfree_rcu() handles vmalloc memory since 5.9 */
	return 0;
}

static void qux_unknown(struct qux_ops *ops)
{
	void *p = ops->alloc(ops);

	kfree(p); /* ok: KV004 -- provenance unknown */
}

struct qux_obj {
	struct page **pages;
	unsigned int flags;
	unsigned int npages;
};

static int qux_obj_get_pages(struct qux_obj *o)
{
	o->pages = kvmalloc_array(o->npages, sizeof(*o->pages), GFP_KERNEL);
	return o->pages ? 0 : -ENOMEM;
}

static int qux_obj_import(struct qux_obj *o)
{
	o->pages = kcalloc(o->npages, sizeof(*o->pages), GFP_KERNEL);
	o->flags |= QUX_IMPORTED;
	return o->pages ? 0 : -ENOMEM;
}

static void qux_obj_free(struct qux_obj *o)
{
	if (o->flags & QUX_IMPORTED)
		kfree(o->pages); /* ok: KV004 -- the other arm releases the other kind */
	else
		qux_obj_put_pages(o);
}

static int qux_log_open(struct inode *inode, struct file *file)
{
	file->private_data = kvzalloc(QUX_LOG_SIZE, GFP_KERNEL);
	return file->private_data ? 0 : -ENOMEM;
}

static int qux_stat_open(struct inode *inode, struct file *file)
{
	file->private_data = kzalloc(sizeof(struct qux_stat), GFP_KERNEL);
	return file->private_data ? 0 : -ENOMEM;
}

static int qux_stat_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data); /* ok: KV004 -- private_data holds another object for each file type */
	return 0;
}
