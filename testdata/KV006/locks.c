// SPDX-License-Identifier: GPL-2.0
/* KV006: kvmalloc-family calls inside spinlock, IRQ-off, preempt-off and RCU sections. */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/list.h>

struct tbl {
	spinlock_t lock;
	rwlock_t rwlock;
	struct mutex mutex;
	void *buf;
	size_t size;
};

static int tbl_resize_locked(struct tbl *t, size_t size)
{
	void *n;

	spin_lock(&t->lock);
	n = kvmalloc(size, GFP_KERNEL); /* expect: KV006 */
	if (!n) {
		spin_unlock(&t->lock);
		return -ENOMEM;
	}
	t->buf = n;
	spin_unlock(&t->lock);
	return 0;
}

static int tbl_resize_irqsave(struct tbl *t, size_t size)
{
	unsigned long flags;
	void *n;

	spin_lock_irqsave(&t->lock, flags);
	if (t->size >= size) {
		spin_unlock_irqrestore(&t->lock, flags);
		return 0;
	}
	n = kvzalloc(size, GFP_ATOMIC); /* expect: KV006 */
	if (n)
		t->buf = n;
	spin_unlock_irqrestore(&t->lock, flags);
	return n ? 0 : -ENOMEM;
}

static void *tbl_lookup_rcu(struct tbl *t, size_t size, gfp_t gfp)
{
	void *copy;

	rcu_read_lock();
	copy = kvmalloc(size, gfp); /* expect: KV006 */
	rcu_read_unlock();
	return copy;
}

static void *tbl_percpu(size_t size)
{
	void *p;
	int cpu = get_cpu();

	p = kvmalloc_node(size, GFP_KERNEL, cpu_to_node(cpu)); /* expect: KV006 */
	put_cpu();
	return p;
}

static void *tbl_guarded(struct tbl *t, size_t size)
{
	guard(spinlock_irqsave)(&t->lock);
	return kvzalloc(size, GFP_KERNEL); /* expect: KV006 */
}

static void *tbl_scoped(struct tbl *t, size_t size)
{
	void *p = NULL;

	scoped_guard(rcu) {
		p = kvmalloc(size, GFP_KERNEL); /* expect: KV006 */
	}
	return p;
}

static void tbl_write_locked(struct tbl *t, size_t size)
{
	write_lock_bh(&t->rwlock);
	if (!t->buf)
		t->buf = kvcalloc(size, 8, GFP_KERNEL); /* expect: KV006 */
	write_unlock_bh(&t->rwlock);
}

static int tbl_resize_unlocked_first(struct tbl *t, size_t size)
{
	void *n;

	n = kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- allocated before the lock */
	if (!n)
		return -ENOMEM;
	spin_lock(&t->lock);
	swap(t->buf, n);
	spin_unlock(&t->lock);
	kvfree(n);
	return 0;
}

static int tbl_resize_after_unlock(struct tbl *t, size_t size)
{
	spin_lock(&t->lock);
	t->size = 0;
	spin_unlock(&t->lock);
	t->buf = kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- the lock was released */
	return t->buf ? 0 : -ENOMEM;
}

static int tbl_resize_mutex(struct tbl *t, size_t size)
{
	mutex_lock(&t->mutex);
	t->buf = kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- a mutex may sleep */
	mutex_unlock(&t->mutex);
	return t->buf ? 0 : -ENOMEM;
}

static int tbl_conditional_lock(struct tbl *t, size_t size, bool locked)
{
	if (locked)
		spin_lock(&t->lock);
	t->buf = kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- the lock is conditional: not straight-line */
	if (locked)
		spin_unlock(&t->lock);
	return 0;
}

static int tbl_other_function(struct tbl *t)
{
	spin_lock(&t->lock);
	t->size = 0;
	spin_unlock(&t->lock);
	return 0;
}

static int tbl_lock_in_sibling_block(struct tbl *t, size_t size)
{
	if (t->size) {
		spin_lock(&t->lock);
		t->size = 0;
	}
	t->buf = kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- the lock is in a sibling block */
	return 0;
}

static void *tbl_scoped_lock(struct tbl *t, size_t size)
{
	void *p;

	scoped_guard(spinlock_irqsave, &t->lock) {
		p = kvmalloc(size, GFP_KERNEL); /* expect: KV006 */
	}
	return p ? p : kvmalloc(size, GFP_KERNEL); /* ok: KV006 -- after the guarded block */
}

static void *tbl_xarray(struct xarray *xa, size_t size)
{
	void *p;

	xa_lock_irq(xa);
	p = kvzalloc(size, GFP_NOWAIT); /* expect: KV006 */
	xa_unlock_irq(xa);
	return p;
}
