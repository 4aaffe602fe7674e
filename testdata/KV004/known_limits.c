// SPDX-License-Identifier: GPL-2.0
/* KV004 known misses (todo-expect): what the pointer analysis does not follow yet. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct lim {
	void *buf;
};

static int lim_alloc(void **out, size_t n)
{
	*out = vmalloc(n);
	return *out ? 0 : -ENOMEM;
}

static void lim_out_param(size_t n)
{
	void *p;

	if (lim_alloc(&p, n))
		return;
	lim_use(p);
	kfree(p); /* expect: KV004 -- through the out-parameter of lim_alloc() */
}

static void lim_set(struct lim *l, void *buf)
{
	l->buf = buf;
}

static void lim_via_parameter(struct lim *l, size_t n)
{
	lim_set(l, vmalloc(n));
}

static void lim_release(struct lim *l)
{
	kfree(l->buf); /* todo-expect: KV004 -- a store through a parameter of a setter */
}

static void lim_alias(size_t n)
{
	char *base = vmalloc(n + 16);
	char *p = base + 16;

	lim_use(p);
	kfree(p - 16); /* todo-expect: KV004 -- pointer arithmetic */
}
