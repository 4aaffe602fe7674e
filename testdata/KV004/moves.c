// SPDX-License-Identifier: GPL-2.0
/* KV004 for memory that moves: through a local into a field, an array element or an out-parameter. */
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct mv_dev {
	unsigned long *bitmap;
	size_t nbits;
	void **pages;
	void *slots[4];
	void *scratch;
	void *table;
};

/* drbd-style resize: the new bitmap comes from vzalloc() and replaces the old one */
static int mv_resize(struct mv_dev *dev, size_t nbits)
{
	unsigned long *new;

	new = vzalloc(BITS_TO_LONGS(nbits) * sizeof(long));
	if (!new)
		return -ENOMEM;
	bitmap_copy(new, dev->bitmap, min(nbits, dev->nbits));
	kfree(dev->bitmap); /* expect: KV004 -- an earlier resize left vzalloc() memory there */
	dev->bitmap = new;
	dev->nbits = nbits;
	return 0;
}

static void mv_release(struct mv_dev *dev)
{
	kfree(dev->bitmap); /* expect: KV004 -- moved there from a local in mv_resize() */
}

/* into an array element, through a local */
static int mv_fill(struct mv_dev *dev, int i, size_t n)
{
	void *page = vmalloc(n);

	if (!page)
		return -ENOMEM;
	dev->pages[i] = page;
	return 0;
}

static void mv_drain(struct mv_dev *dev, int n)
{
	int i;

	for (i = 0; i < n; i++)
		kfree(dev->pages[i]); /* expect: KV004 -- each element was filled from vmalloc() */
}

/* an out-parameter */
static int mv_get_buf(void **out, size_t n)
{
	void *b = vzalloc(n);

	if (!b)
		return -ENOMEM;
	*out = b;
	return 0;
}

static void mv_use_buf(size_t n)
{
	void *buf;

	if (mv_get_buf(&buf, n))
		return;
	mv_consume(buf);
	kfree(buf); /* expect: KV004 -- stored by mv_get_buf() through its out-parameter */
}

/* an out-parameter that hands the memory on into a field */
static int mv_setup_scratch(struct mv_dev *dev, size_t n)
{
	void *s;
	int err = mv_get_buf(&s, n);

	if (err)
		return err;
	dev->scratch = s;
	return 0;
}

static void mv_teardown_scratch(struct mv_dev *dev)
{
	kfree(dev->scratch); /* expect: KV004 -- out-parameter, then a field, then another function */
}

/* kernel_read_file()-style: allocates only when it finds NULL in *buf */
static int mv_read(void **buf, size_t max)
{
	if (!*buf)
		*buf = vmalloc(max);
	if (!*buf)
		return -ENOMEM;
	return mv_fill_from_disk(*buf, max);
}

static void mv_read_new(void)
{
	void *data = NULL;

	if (mv_read(&data, SZ_4K) < 0)
		return;
	mv_consume(data);
	kfree(data); /* expect: KV004 -- passed NULL: mv_read() allocates with vmalloc() */
}

static void mv_read_into_own(void)
{
	char *data = kzalloc(SZ_4K, GFP_KERNEL);

	if (!data)
		return;
	if (mv_read((void **)&data, SZ_4K) < 0)
		goto out;
	mv_consume(data);
out:
	kfree(data); /* ok: KV004 -- mv_read() fills only a NULL pointer: this is the caller's kzalloc() buffer */
}

/* constant slots stay apart */
static void mv_slots_init(struct mv_dev *dev, size_t n)
{
	dev->slots[1] = kmalloc(n, GFP_KERNEL);
	dev->slots[2] = vmalloc(n);
}

static void mv_slots_exit(struct mv_dev *dev)
{
	kfree(dev->slots[1]); /* ok: KV004 -- slot 1 holds kmalloc memory */
	kfree(dev->slots[2]); /* expect: KV004 -- slot 2 holds vmalloc memory */
}

/* ---- right ---- */

static int mv_get_small(void **out)
{
	*out = kmalloc(64, GFP_KERNEL);
	return *out ? 0 : -ENOMEM;
}

static void mv_small(void)
{
	void *p;

	if (mv_get_small(&p))
		return;
	kfree(p); /* ok: KV004 -- the out-parameter holds kmalloc memory */
}

static void mv_any(size_t n)
{
	void *p;

	if (mv_get_buf(&p, n))
		return;
	kvfree(p); /* ok: KV004 -- kvfree() takes both */
}

static int mv_table_init(struct mv_dev *dev, size_t n)
{
	void *t = kvzalloc(n, GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	dev->table = t;
	return 0;
}

static void mv_table_exit(struct mv_dev *dev)
{
	kvfree(dev->table); /* ok: KV004 */
}
