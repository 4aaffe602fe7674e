// SPDX-License-Identifier: GPL-2.0
/* KV005 negatives. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct quux {
	void *buf;
	void *tbl;
	size_t size;
};

struct quux_peer {
	void *buf;
};

static int quux_reused(size_t size)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	quux_use(p);
	kfree(p);
	p = vmalloc(size);
	if (!p)
		return -ENOMEM;
	quux_use(p);
	vfree(p); /* ok: KV005 -- the vmalloc object */
	return 0;
}

static void quux_free_any(void *p)
{
	if (is_vmalloc_addr(p)) /* expect: KV003 */
		vfree(p); /* ok: KV005 -- only vmalloc memory gets here */
	else
		kfree(p);
}

static int quux_threshold(struct quux *q)
{
	void *p;

	if (q->size > PAGE_SIZE) /* expect: KV002 */
		p = vmalloc(q->size);
	else
		p = kmalloc(q->size, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	quux_use(p);
	if (q->size > PAGE_SIZE) /* expect: KV003 */
		vfree(p); /* ok: KV005 */
	else
		kfree(p);
	return 0;
}

static int quux_kvmalloc(struct quux *q)
{
	q->tbl = kvmalloc(q->size, GFP_KERNEL);
	if (!q->tbl)
		return -ENOMEM;
	quux_use(q->tbl);
	kvfree(q->tbl); /* ok: KV005 */
	return 0;
}

static void quux_peer_free(struct quux_peer *peer)
{
	vfree(peer->buf); /* ok: KV005 -- nothing stores kmalloc memory in quux_peer.buf */
}

static int quux_config(size_t n)
{
	void *p;

#ifdef CONFIG_QUUX_SMALL
	p = kmalloc(n, GFP_KERNEL);
#else
	p = vmalloc(n);
#endif
	if (!p)
		return -ENOMEM;
	quux_use(p);
#ifdef CONFIG_QUUX_SMALL
	kfree(p);
#else
	vfree(p); /* ok: KV005 -- the kmalloc is in the other #ifdef branch */
#endif
	return 0;
}

static void quux_unknown(void)
{
	void *p = quux_get_buffer();

	vfree(p); /* ok: KV005 -- where it comes from is unknown */
}

static void quux_null_path(struct quux *q)
{
	void *p = kmalloc(q->size, GFP_KERNEL);

	if (!p) {
		vfree(p); /* ok: KV005 -- p is NULL here */
		return;
	}
	kfree(p);
}
