// SPDX-License-Identifier: GPL-2.0
/* KV003 negatives: is_vmalloc_addr() choices that are not kvfree(). */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct pool {
	void *mem;
	void *other;
	size_t size;
	unsigned int order;
};

static void pool_free_pages(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 -- the other arm frees pages, not slab memory */
		vfree(p->mem);
	else
		free_pages((unsigned long)p->mem, p->order);
}

static void pool_free_exact(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 */
		vfree(p->mem);
	else
		free_pages_exact(p->mem, p->size);
}

static void pool_free_only_vmalloc(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 -- nothing to do for the rest */
		vfree(p->mem);
}

static void pool_free_more_work(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) { /* expect: KV003 -- the rest of the arm stays; no fix: the test would read a freed pointer */
		vfree(p->mem);
		pool_account(p, -1);
	} else {
		kfree(p->mem);
	}
}

static void pool_free_atomic(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 -- no kvfree_atomic() */
		vfree_atomic(p->mem);
	else
		kfree(p->mem);
}

static void pool_free_sensitive(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 -- kvfree_sensitive() needs the length */
		vfree(p->mem);
	else
		kfree_sensitive(p->mem);
}

static void pool_free_two_pointers(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 -- frees another pointer */
		vfree(p->mem);
	else
		kfree(p->other);
}

static void pool_free_else_if(struct pool *p)
{
	if (is_vmalloc_addr(p->mem)) /* ok: KV003 -- an else-if chain */
		vfree(p->mem);
	else if (p->mem != p->other)
		kfree(p->mem);
}

static void pool_free_kvfree(struct pool *p)
{
	kvfree(p->mem); /* ok: KV003 */
}
