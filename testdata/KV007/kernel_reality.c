// SPDX-License-Identifier: GPL-2.0
/* KV007 in the kernel's normal state: #ifdef branches, statement macros, attributes. */
#include <linux/slab.h>
#include <linux/list.h>

static DEFINE_MUTEX(cfg_mutex);

struct cfg_ent {
	struct list_head list;
	void *priv;
};

static int __init cfg_ents_init(struct list_head *head) __acquires(&cfg_mutex)
{
	struct cfg_ent *e;

	DECLARE_BITMAP(seen, 64);
	list_for_each_entry(e, head, list) {
#ifdef CONFIG_CFG_SMALL
		e->priv = kvzalloc(128, GFP_KERNEL); /* expect: KV007 */
#else
		e->priv = kvzalloc(256, GFP_KERNEL); /* expect: KV007 */
#endif
		if (!e->priv)
			return -ENOMEM;
	}
	for_each_possible_cpu(cpu)
		per_cpu(cfg_hits, cpu) = 0;
	CFG_TRACE(head);
	return 0;
}
