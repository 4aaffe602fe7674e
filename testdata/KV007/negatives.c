// SPDX-License-Identifier: GPL-2.0
/* KV007 negatives: sizes that are not constant, or may be above PAGE_SIZE somewhere. */
#include <linux/slab.h>
#include <linux/sizes.h>

#define CFG_BUF_SIZE 64

struct cfg {
	void *a;
	void *b;
	void *c;
	void *d;
	void *e;
	void *f;
	void *g;
	void *h;
};

static int cfg_negatives(struct cfg *c, size_t n, struct cfg *other)
{
	c->a = kvzalloc(sizeof(struct cfg), GFP_KERNEL); /* ok: KV007 -- struct size unknown */
	c->b = kvzalloc(sizeof(*other), GFP_KERNEL); /* ok: KV007 */
	c->c = kvmalloc(CFG_BUF_SIZE, GFP_KERNEL); /* ok: KV007 -- a macro kvlint does not evaluate */
	c->d = kvmalloc(8192, GFP_KERNEL); /* ok: KV007 -- above PAGE_SIZE on 4 KiB pages */
	c->e = kvmalloc(2 * PAGE_SIZE, GFP_KERNEL); /* ok: KV007 */
	c->f = kvcalloc(n, 64, GFP_KERNEL); /* ok: KV007 -- n is not constant */
	c->g = kvmalloc(PAGE_SIZE + 1, GFP_KERNEL); /* ok: KV007 */
	c->h = kmalloc(64, GFP_KERNEL); /* ok: KV007 -- already kmalloc */
	return 0;
}

static void *cfg_big_sz(void)
{
	return kvmalloc(SZ_64K, GFP_KERNEL); /* ok: KV007 */
}

static void *cfg_long_array(void)
{
	return kvmalloc_array(1024, sizeof(long), GFP_KERNEL); /* ok: KV007 -- 8 KiB on LP64 */
}

static void *cfg_atomic(void)
{
	return kvmalloc(64, GFP_ATOMIC); /* expect: KV006 */ /* ok: KV007 -- KV006 reports it */
}

static void *cfg_dup(const void *src)
{
	return kvmemdup(src, 32, GFP_KERNEL); /* expect: KV007 */
}
