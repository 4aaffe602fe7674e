// SPDX-License-Identifier: GPL-2.0
/* KV006 in the kernel's normal state: #ifdef branches, statement macros, attributes, versions. */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/list.h>

static DEFINE_SPINLOCK(zone_lock);
static LIST_HEAD(zones);

struct zone_ent {
	struct list_head list;
	void *bitmap;
	size_t len;
};

static int zone_fill(struct list_head *head)
{
	struct zone_ent *z;

#ifdef CONFIG_ZONE_ATOMIC
	spin_lock(&zone_lock);
#else
	mutex_lock(&zone_mutex);
#endif
	list_for_each_entry(z, head, list) {
		z->bitmap = kvzalloc(z->len, GFP_KERNEL); /* expect: KV006 -- in the CONFIG_ZONE_ATOMIC build */
		if (!z->bitmap)
			break;
	}
#ifdef CONFIG_ZONE_ATOMIC
	spin_unlock(&zone_lock);
#else
	mutex_unlock(&zone_mutex);
#endif
	return 0;
}

static int __init zone_setup(struct zone_ent *z) __must_hold(&zone_lock)
{
	DECLARE_BITMAP(seen, 64);
	for_each_online_cpu(cpu)
		per_cpu(zone_hits, cpu) = 0;
#ifdef CONFIG_ZONE_BIG
	z->bitmap = kvmalloc(z->len, GFP_ATOMIC); /* expect: KV006 */
#else
	z->bitmap = kvmalloc(z->len, GFP_NOWAIT); /* expect: KV006 */
#endif
	return z->bitmap ? 0 : -ENOMEM;
}

static __always_inline void *zone_alloc_irq_off(size_t len)
{
	void *p;

	local_irq_disable();
	ZONE_TRACE(len);
	p = kvmalloc(len, GFP_KERNEL); /* expect: KV006 */
	local_irq_enable();
	return p;
}

static void *zone_alloc_preempt(size_t len)
{
	void *p;

	preempt_disable();
	p = kvmalloc(len, GFP_KERNEL); /* expect: KV006 */
	preempt_enable();
	p = kvmalloc(len, GFP_KERNEL); /* ok: KV006 -- after preempt_enable() */
	return p;
}

static int zone_refill(struct zone_ent *z) __must_hold(&zone_lock)
{
	z->bitmap = kvmalloc(z->len, GFP_KERNEL); /* todo-expect: KV006 -- the caller holds the lock: not followed */
	return z->bitmap ? 0 : -ENOMEM;
}
