// SPDX-License-Identifier: GPL-2.0
/* KV001 negatives: code that looks close but must not be reported. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int qux_different_variable(size_t size, void **out)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001 -- two variables, but '*out = p ? p : q' merges them: a fallback (no fix) */
	void *q = NULL;

	if (!p)
		q = vmalloc(size);
	*out = p ? p : q;
	return 0;
}

static int qux_plain_enomem(size_t size, void **out)
{
	void *p = kmalloc(size, GFP_KERNEL); /* ok: KV001 -- no fallback at all */

	if (!p)
		return -ENOMEM;
	*out = p;
	return 0;
}

static int qux_vmalloc_then_kmalloc(struct qux *q, size_t size)
{
	q->big = vmalloc(size);
	if (!q->big)
		return -ENOMEM;
	q->small = kmalloc(64, GFP_KERNEL); /* ok: KV001 -- a different buffer */
	if (!q->small) {
		vfree(q->big);
		return -ENOMEM;
	}
	return 0;
}

static void *qux_in_comment(size_t size)
{
	/*
	 * We used to do:
	 *	p = kmalloc(size, GFP_KERNEL);
	 *	if (!p)
	 *		p = vmalloc(size);
	 */
	return kvmalloc(size, GFP_KERNEL); /* ok: KV001 -- already kvmalloc */
}

static const char *qux_in_string(void)
{
	return "p = kmalloc(size, GFP_KERNEL); if (!p) p = vmalloc(size);"; /* ok: KV001 */
}

static int qux_reused_variable(size_t size)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	qux_use(p);
	kfree(p);
	p = vmalloc(size); /* ok: KV001 -- a new object, not a fallback */
	if (!p)
		return -ENOMEM;
	qux_use(p);
	vfree(p);
	return 0;
}

static int qux_adjacent_owners(struct qux **out, size_t size)
{
	struct qux *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->buf = vmalloc(size); /* ok: KV001 -- s->buf is not s */
	if (!s->buf) {
		kfree(s);
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

static void *qux_user_mapping(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* ok: KV001 -- vmalloc_user() memory is mapped to user space on purpose */

	if (!p)
		p = vmalloc_user(size);
	return p;
}

static void *qux_dma(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | GFP_DMA); /* ok: KV001 -- DMA memory, vmalloc cannot stand in */

	if (!p)
		p = vmalloc(size);
	return p;
}

static void *qux_overwritten(size_t size, void *spare)
{
	void *p = kmalloc(size, GFP_KERNEL); /* ok: KV001 -- the NULL test is about spare, not the kmalloc */

	p = spare;
	if (!p)
		p = vmalloc(size);
	return p;
}

static void *qux_parameter(void *p, size_t size)
{
	if (!p)
		p = vmalloc(size); /* ok: KV001 -- no kmalloc before */
	return p;
}

static void *qux_else_branch(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001 -- the fallback in the else branch of 'if (p)' */

	if (p)
		qux_note(p);
	else
		p = vmalloc(size);
	return p;
}

static int qux_pages_of_buffer(struct qux *q, size_t size)
{
	void *buf = kmalloc(size, GFP_KERNEL); /* ok: KV001 -- the pages are handed out by virt_to_page(): kmalloc memory only */
	unsigned int i;

	if (!buf)
		buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < size / PAGE_SIZE; i++)
		q->pages[i] = virt_to_page(buf + i * PAGE_SIZE);
	q->buf = buf;
	return 0;
}

static int qux_vmalloc_walk(struct qux *q, size_t size)
{
	q->area = kzalloc(size, GFP_KERNEL); /* ok: KV001 -- a vmalloc_to_page() walk needs vmalloc memory */

	if (!q->area)
		q->area = vzalloc(size);
	if (!q->area)
		return -ENOMEM;
	q->first = vmalloc_to_page(q->area);
	return 0;
}

static int qux_scatterlist(struct qux *q, size_t len)
{
	q->bounce = kmalloc(len, GFP_KERNEL); /* ok: KV001 -- an sg entry needs physically contiguous memory */

	if (!q->bounce)
		q->bounce = vmalloc(len);
	if (!q->bounce)
		return -ENOMEM;
	sg_init_one(&q->sg, q->bounce, len);
	return 0;
}

static void *qux_explained(size_t size)
{
	/*
	 * Not kvmalloc(): this runs before the slab allocator may retry with
	 * __GFP_NORETRY, and the callers free by is_vmalloc_addr() themselves.
	 */
	void *p = kmalloc(size, GFP_KERNEL); /* ok: KV001 -- the comment explains the choice */

	if (!p)
		p = vmalloc(size);
	return p;
}
