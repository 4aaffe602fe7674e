// SPDX-License-Identifier: GPL-2.0
/* KV009 negatives: partial, late or non-zero memsets, and memory that is read first. */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/string.h>

struct blob {
	void *data;
	size_t len;
	size_t hdr;
};

static void *neg_partial(size_t size)
{
	void *p = vmalloc(size); /* ok: KV009 -- only the header is cleared */

	if (!p)
		return NULL;
	memset(p, 0, 64);
	return p;
}

static void *neg_fill(size_t size)
{
	void *p = vmalloc(size); /* ok: KV009 -- 0xff is not zeroing */

	if (!p)
		return NULL;
	memset(p, 0xff, size);
	return p;
}

static void *neg_read_first(size_t size, const void *src)
{
	void *p = vmalloc(size); /* ok: KV009 -- p is used before the memset */

	if (!p)
		return NULL;
	blob_register(p);
	memset(p, 0, size);
	return p;
}

static int neg_size_changed(struct blob *b, size_t size)
{
	b->data = kvmalloc(size, GFP_KERNEL); /* ok: KV009 -- the size changes in between */
	if (!b->data)
		return -ENOMEM;
	size -= b->hdr;
	memset(b->data, 0, size);
	return 0;
}

static int neg_object_escapes(struct blob *b, size_t size)
{
	b->data = vmalloc(size); /* ok: KV009 -- b is handed to a callee first */
	if (!b->data)
		return -ENOMEM;
	blob_publish(b);
	memset(b->data, 0, size);
	return 0;
}

static void *neg_kmalloc(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* ok: KV009 -- kmalloc is not kvlint's subject */

	if (!p)
		return NULL;
	memset(p, 0, size);
	return p;
}

static void *neg_other_buffer(size_t size, void *q)
{
	void *p = vmalloc(size); /* ok: KV009 -- another buffer is cleared */

	memset(q, 0, size);
	return p;
}

static void *neg_dma32(size_t size)
{
	void *p = vmalloc_32(size); /* ok: KV009 -- no zeroing vmalloc_32() to suggest */

	if (p)
		memset(p, 0, size);
	return p;
}

static int neg_reset_before_use(struct blob *b, size_t size)
{
	b->data = kvzalloc(size, GFP_KERNEL); /* ok: KV009 -- a reset before use, after other work */
	if (!b->data)
		return -ENOMEM;
	blob_setup_tables();
	memset(b->data, 0, size);
	return 0;
}
