// SPDX-License-Identifier: GPL-2.0
/* KV009 in the kernel's normal state: #ifdef branches, statement macros, attributes, versions. */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/list.h>

struct seg {
	struct list_head list;
	void *map;
	size_t len;
};

static int __init seg_init_all(struct list_head *head) __acquires(&seg_lock)
{
	struct seg *s;

	SEG_TRACE(head);
	list_for_each_entry(s, head, list) {
		s->map = vmalloc(s->len); /* expect: KV009 */
		if (!s->map)
			return -ENOMEM;
		memset(s->map, 0, s->len);
	}
	for_each_online_cpu(cpu)
		per_cpu(seg_count, cpu) = 0;
	return 0;
}

static void *seg_alloc_config(size_t len)
{
	void *p;

#ifdef CONFIG_SEG_KV
	p = kvmalloc(len, GFP_KERNEL); /* expect: KV009 */
	if (!p)
		return NULL;
	memset(p, 0, len);
#else
	p = vmalloc(len); /* expect: KV009 */
	if (!p)
		return NULL;
	memset(p, 0, len);
#endif
	return p;
}
