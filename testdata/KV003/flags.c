// SPDX-License-Identifier: GPL-2.0
/* KV003: frees chosen by a flag, a mode or a pair of flags, with more to do than the free. */
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define XBUF_KMALLOCED	0x1
#define XBUF_VMALLOCED	0x2

enum xbuf_kind { XBUF_KIND_NONE, XBUF_KIND_SLAB, XBUF_KIND_VMAP };

struct xbuf {
	void *data;
	unsigned int flags;
	enum xbuf_kind kind;
	bool use_sg;
	bool big;
	struct sg_table sgt;
	int nr_big;
	int nr_small;
};

/* drivers/usb/gadget/function/f_fs.c ffs_free_buffer() in 6.1 */
static void xbuf_free_sg(struct xbuf *io_data)
{
	if (!io_data->data)
		return;

	if (io_data->use_sg) { /* expect: KV003 -- the sg table still goes, the free becomes kvfree() */
		sg_free_table(&io_data->sgt);
		vfree(io_data->data);
	} else {
		kfree(io_data->data);
	}
}

static void xbuf_free_flags(struct xbuf *b)
{
	if (b->flags & XBUF_KMALLOCED) /* expect: KV003 -- two bits of one flags word */
		kfree(b->data);
	if (b->flags & XBUF_VMALLOCED)
		vfree(b->data);
}

static void xbuf_free_kind(struct xbuf *b)
{
	if (b->kind == XBUF_KIND_VMAP) /* expect: KV003 -- two values of one field */
		vfree(b->data);
	if (b->kind == XBUF_KIND_SLAB)
		kfree(b->data);
}

static void xbuf_free_negated(struct xbuf *b)
{
	if (b->big) /* expect: KV003 -- a test and its negation */
		vfree(b->data);
	if (!b->big)
		kfree(b->data);
}

static void xbuf_free_count(struct xbuf *b)
{
	if (b->big) { /* expect: KV003 -- both arms keep their counting; kvfree() after the if */
		b->nr_big--;
		vfree(b->data);
	} else {
		b->nr_small--;
		kfree(b->data);
	}
}

/* 6.12 drivers/md/dm-vdo/memory-alloc.c vdo_free(): the accounting stays, the braces go */
static void xbuf_free_accounted(void *ptr)
{
	if (ptr != NULL) {
		if (is_vmalloc_addr(ptr)) { /* expect: KV003 */
			xbuf_remove_vmalloc_block(ptr);
			vfree(ptr);
		} else {
			xbuf_remove_kmalloc_block(ksize(ptr));
			kfree(ptr);
		}
	}
}

static void xbuf_free_busy(struct xbuf *b)
{
	if (b->big) { /* expect: KV003 -- arms of two statements keep their braces */
		b->nr_big--;
		xbuf_note(b);
		vfree(b->data);
	} else {
		b->nr_small--;
		xbuf_note(b);
		kfree(b->data);
	}
}

static void xbuf_free_first(struct xbuf *b)
{
	if (b->big) { /* expect: KV003 -- the frees come first: kvfree() before the if */
		vfree(b->data);
		b->nr_big--;
	} else {
		kfree(b->data);
	}
}

static void xbuf_free_inverse(struct xbuf *b)
{
	if (!b->use_sg) { /* expect: KV003 -- the then-arm empties: the test is negated */
		kfree(b->data);
	} else {
		sg_free_table(&b->sgt);
		vfree(b->data);
	}
}

static void xbuf_free_else_if(struct xbuf *b)
{
	if (b->flags & XBUF_VMALLOCED) /* expect: KV003 -- an else-if on two bits: found, not rewritten */
		vfree(b->data);
	else if (b->flags & XBUF_KMALLOCED)
		kfree(b->data);
}

static void xbuf_free_early(struct xbuf *b)
{
	if (b->big) { /* expect: KV003 -- an early exit: the if goes, the second free becomes kvfree() */
		vfree(b->data);
		return;
	}
	kfree(b->data);
}

static int xbuf_free_early_return(struct xbuf *b)
{
	if (b->flags & XBUF_KMALLOCED) { /* expect: KV003 -- the same return after the second free */
		kfree(b->data);
		return 0;
	}
	vfree(b->data);
	return 0;
}

/* old include/drm/drm_mem_util.h drm_free_large(): the early exit is 'return kfree(ptr);' */
static void xbuf_free_large(void *ptr)
{
	if (!is_vmalloc_addr(ptr)) /* expect: KV003 */
		return kfree(ptr);

	vfree(ptr);
}

static void xbuf_free_early_more(struct xbuf *b)
{
	if (b->big) { /* expect: KV003 -- the kmalloc side counts after its free: found, not rewritten */
		vfree(b->data);
		return;
	}
	kfree(b->data);
	b->nr_small--;
}

static int xbuf_free_early_other_return(struct xbuf *b)
{
	if (b->big) { /* expect: KV003 -- the two sides return different values: found, not rewritten */
		vfree(b->data);
		return 1;
	}
	kfree(b->data);
	return 0;
}

/* old fs/xattr.c getxattr(): the vmalloc side kept in a second pointer that says which free to call */
static int xbuf_getvalue(struct xbuf *b, size_t size)
{
	void *kvalue;
	void *vvalue = NULL;
	int err;

	kvalue = kzalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (!kvalue) {
		vvalue = vzalloc(size);
		if (!vvalue)
			return -ENOMEM;
		kvalue = vvalue;
	}
	err = xbuf_fill(b, kvalue, size);
	if (vvalue) /* expect: KV003 */
		vfree(vvalue);
	else
		kfree(kvalue); /* ok: KV004 -- only when vvalue is NULL: kzalloc() memory */
	return err;
}

/* ---- not open-coded kvfree() ---- */

/* two objects: the test names the vmalloc one, the kfree() another that never holds it */
static void xbuf_two_objects(struct xbuf *b)
{
	void *small = kmalloc(64, GFP_KERNEL);
	void *big = vmalloc(b->len);

	xbuf_use(small, big);
	if (big) /* ok: KV003 -- 'small' never holds the vmalloc memory */
		vfree(big);
	else
		kfree(small);
}

static void xbuf_reuse(size_t n)
{
	void *p = kmalloc(64, GFP_KERNEL);

	xbuf_use(p);
	kfree(p); /* ok: KV003 -- one variable, two lifetimes, each freed right */
	p = vmalloc(n);
	xbuf_use(p);
	vfree(p); /* ok: KV003 */
}

static void xbuf_three_ways(struct xbuf *b, unsigned int sz)
{
	if (sz <= PAGE_SIZE) /* ok: KV003 -- a third way out frees pages */
		kfree(b->data);
	else if (b->big)
		vfree(b->data);
	else
		free_pages((unsigned long)b->data, get_order(sz));
}

static void xbuf_two_words(struct xbuf *a, struct xbuf *b)
{
	if (a->flags & XBUF_KMALLOCED) /* ok: KV003 -- flags of two objects */
		kfree(a->data);
	if (b->flags & XBUF_VMALLOCED)
		vfree(a->data);
}

static void xbuf_nested(struct xbuf *b)
{
	if (b->big) {
		if (b->use_sg) /* ok: KV003 -- big without sg frees nothing */
			vfree(b->data);
	} else {
		kfree(b->data);
	}
}

static void xbuf_configs(struct xbuf *b)
{
#ifdef CONFIG_XBUF_VMAP
	vfree(b->data); /* ok: KV003 -- two configurations, each right */
#else
	kfree(b->data);
#endif
}

static void xbuf_failed(struct xbuf *b, size_t n)
{
	void *p = kmalloc(n, GFP_KERNEL);

	if (!p) {
		vfree(p); /* ok: KV003 -- NULL */
		return;
	}
	kfree(p);
}

static void xbuf_free_kv(struct xbuf *b)
{
	kvfree(b->data); /* ok: KV003 */
}
