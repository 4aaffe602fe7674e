// SPDX-License-Identifier: GPL-2.0
/* KV004 positives inside one function: vmalloc/kvmalloc memory released with kfree() & co. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct snd_buf {
	void *area;
	size_t bytes;
};

static int snd_buf_scratch(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	snd_fill(p, n);
	kfree(p); /* expect: KV004 -- vmalloc memory: use vfree() */
	return 0;
}

static int snd_buf_table(unsigned int count)
{
	u32 *tbl = kvmalloc_array(count, sizeof(*tbl), GFP_KERNEL);

	if (!tbl)
		return -ENOMEM;
	snd_fill(tbl, count * sizeof(*tbl));
	kfree(tbl); /* expect: KV004 -- kvmalloc falls back to vmalloc */
	return 0;
}

static int snd_buf_key(const u8 *src, size_t keylen)
{
	u8 *key = kvzalloc(keylen, GFP_KERNEL);

	if (!key)
		return -ENOMEM;
	memcpy(key, src, keylen);
	snd_use_key(key);
	kfree_sensitive(key); /* expect: KV004 -- kvfree_sensitive(key, keylen) */
	return 0;
}

static int snd_buf_grow(struct snd_buf *b, size_t bytes)
{
	void *n;

	b->area = kvmalloc(b->bytes, GFP_KERNEL);
	if (!b->area)
		return -ENOMEM;
	n = krealloc(b->area, bytes, GFP_KERNEL); /* expect: KV004 -- krealloc cannot resize vmalloc memory */
	if (!n)
		return -ENOMEM;
	b->area = n;
	return 0;
}

static int snd_buf_setup(struct snd_buf *b, size_t bytes)
{
	void *scratch;
	int err;

	scratch = vzalloc(bytes);
	if (!scratch)
		return -ENOMEM;
	err = snd_prepare(b, scratch);
	if (err)
		goto out_free;
	err = snd_commit(b);
	if (err)
		goto out_free;
	return 0;

out_free:
	kfree(scratch); /* expect: KV004 -- error path reached by goto */
	return err;
}

static void *snd_buf_alloc_fallback(size_t bytes)
{
	void *p;

	p = kmalloc(bytes, GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vmalloc(bytes);
	if (!p)
		return NULL;
	if (snd_check(p)) {
		kfree(p); /* expect: KV004 -- the fallback may have run */
		return NULL;
	}
	return p;
}

static void snd_buf_loop(void **pages, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pages[i] = vmalloc(PAGE_SIZE * 4);
		if (!pages[i])
			break;
	}
	while (--i >= 0)
		kfree(pages[i]); /* expect: KV004 -- array elements, after a loop */
}

static int snd_buf_kzfree(size_t n)
{
	char *secret = vmalloc(n);

	if (!secret)
		return -ENOMEM;
	snd_derive(secret, n);
	kzfree(secret); /* expect: KV004 */
	return 0;
}
