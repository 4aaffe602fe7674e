// SPDX-License-Identifier: GPL-2.0
/* KV004 through file-local helpers: allocators that may return vmalloc memory, frees like kfree(). */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct bar_state {
	void *data;
	void *map;
	void *aux;
};

/* An open-coded fallback in a helper: every caller gets memory that may be vmalloc memory. */
static void *bar_alloc(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */

	if (!p)
		p = vmalloc(size);
	return p;
}

static void *bar_alloc_map(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

/* A wrapper of a wrapper. */
static void *bar_alloc_aux(struct bar_state *s, size_t size)
{
	return bar_alloc(size * 2);
}

/* Frees its argument like kfree(). */
static void bar_free(void *p)
{
	kfree(p);
}

/* An open-coded kvfree(): right for either kind. */
static void bar_kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr)) /* expect: KV003 */
		vfree(addr);
	else
		kfree(addr);
}

static int bar_init(struct bar_state *s, size_t size)
{
	s->data = bar_alloc(size);
	if (!s->data)
		return -ENOMEM;
	s->map = bar_alloc_map(size);
	if (!s->map)
		goto err_data;
	s->aux = bar_alloc_aux(s, size);
	if (!s->aux)
		goto err_map;
	return 0;

err_map:
	bar_kvfree(s->map); /* ok: KV004 -- kvfree-like helper */
err_data:
	kfree(s->data); /* expect: KV004 -- bar_alloc() may return vmalloc memory */
	return -ENOMEM;
}

static void bar_exit(struct bar_state *s)
{
	bar_free(s->data); /* expect: KV004 -- bar_free() frees like kfree() */
	kfree(s->map); /* expect: KV004 -- bar_alloc_map() returns kvzalloc() memory */
	kfree(s->aux); /* expect: KV004 -- wrapper of a wrapper */
}

static int bar_once(size_t n)
{
	char *tmp = bar_alloc(n);

	if (!tmp)
		return -ENOMEM;
	bar_use(tmp);
	bar_kvfree(tmp); /* ok: KV004 */
	return 0;
}
