// SPDX-License-Identifier: GPL-2.0
/* KV003: an open-coded kvfree(), in the shapes kernel code writes it. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ring {
	void *slots;
	size_t size;
	bool vmalloced;
};

static void ring_free_plain(void *p)
{
	if (is_vmalloc_addr(p)) /* expect: KV003 */
		vfree(p);
	else
		kfree(p);
}

static void ring_free_braces(struct ring *r)
{
	if (is_vmalloc_addr(r->slots)) { /* expect: KV003 */
		vfree(r->slots);
	} else {
		kfree(r->slots);
	}
}

static void ring_free_negated(const void *addr)
{
	if (!is_vmalloc_addr(addr)) /* expect: KV003 */
		kfree(addr);
	else
		vfree(addr);
}

static void ring_free_ternary(void *buf)
{
	is_vmalloc_addr(buf) ? vfree(buf) : kfree(buf); /* expect: KV003 */
}

static void ring_free_ternary_negated(void *buf)
{
	!is_vmalloc_addr(buf) ? kfree(buf) : vfree(buf); /* expect: KV003 */
}

static void ring_free_unlikely(struct ring *r)
{
	if (unlikely(is_vmalloc_addr(r->slots))) /* expect: KV003 */
		vfree((void *)r->slots);
	else
		kfree((void *)r->slots);
}

static void ring_free_sized(struct ring *r)
{
	if (r->size > PAGE_SIZE) /* expect: KV003 -- size-selected */
		vfree(r->slots);
	else
		kfree(r->slots);
}

static void ring_free_flag(struct ring *r)
{
	if (r->vmalloced) /* expect: KV003 -- flag-selected */
		vfree(r->slots);
	else
		kfree(r->slots);
}

static void ring_free_inverted(struct ring *r)
{
	if (is_vmalloc_addr(r->slots)) /* expect: KV003 -- inverted test, an error */
		kfree(r->slots);
	else
		vfree(r->slots);
}

static void ring_free_commented(struct ring *r)
{
	if (is_vmalloc_addr(r->slots)) /* expect: KV003 -- fix is unsafe: drops the comment */
		vfree(r->slots);	/* big rings */
	else
		kfree(r->slots);
}
