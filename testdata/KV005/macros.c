// SPDX-License-Identifier: GPL-2.0
/* KV005 and statement macros. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct mcache {
	char **names;
	void *map;
	void *big;
	unsigned int nr;
};

#define MCACHE_DROP_NAMES(c) do {					\
	vfree((c)->names); /* expect: KV005 */				\
	(c)->names = NULL;						\
} while (0)

#define MCACHE_ALLOC_MAP(c) ({						\
	(c)->map = kzalloc(PAGE_SIZE, GFP_KERNEL);			\
	(c)->map ? 0 : -ENOMEM;						\
})

/* right: vmalloc memory freed with vfree() */
#define MCACHE_DROP_BIG(c) do {						\
	vfree((c)->big); /* ok: KV005 */				\
	(c)->big = NULL;						\
} while (0)

static int mcache_init(struct mcache *c)
{
	c->names = kcalloc(c->nr, sizeof(char *), GFP_KERNEL);
	if (!c->names)
		return -ENOMEM;
	c->big = vzalloc(c->nr * PAGE_SIZE);
	if (!c->big)
		return -ENOMEM;
	return MCACHE_ALLOC_MAP(c);
}

static void mcache_exit(struct mcache *c)
{
	MCACHE_DROP_NAMES(c);
	MCACHE_DROP_BIG(c);
	vfree(c->map); /* expect: KV005 -- kzalloc() in the macro MCACHE_ALLOC_MAP() */
}
