// SPDX-License-Identifier: GPL-2.0
/* KV001: GNU C's 'a ?: b' -- the whole fallback in one expression. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct elv {
	void *buf;
	size_t len;
};

static void *elv_alloc(size_t n)
{
	return kmalloc(n, GFP_KERNEL | __GFP_NOWARN) ?: vmalloc(n); /* expect: KV001 */
}

static int elv_alloc_store(struct elv *e)
{
	e->buf = kzalloc(e->len, GFP_KERNEL | __GFP_NOWARN) ?: vzalloc(e->len); /* expect: KV001 */
	return e->buf ? 0 : -ENOMEM;
}

static void elv_free(struct elv *e)
{
	kvfree(e->buf);
}

static u32 *elv_alloc_table(unsigned int n)
{
	u32 *t = kcalloc(n, sizeof(u32), GFP_KERNEL | __GFP_NOWARN) ?: vzalloc(array_size(n, sizeof(u32))); /* expect: KV001 */

	return t;
}

/* ---- found, not rewritten ---- */

static void *elv_alloc_sizes(size_t n)
{
	return kmalloc(n, GFP_KERNEL | __GFP_NOWARN) ?: vmalloc(2 * n); /* expect: KV001 -- two sizes: no rewrite */
}

/* ---- must not find ---- */

static void *elv_two_vmallocs(size_t n)
{
	return vmalloc_node(n, 0) ?: vmalloc(n); /* ok: KV001 -- no kmalloc side */
}

static void *elv_cached(struct elv *e, size_t n)
{
	return e->buf ?: vmalloc(n); /* ok: KV001 -- the first value is no allocation */
}
