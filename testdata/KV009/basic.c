// SPDX-License-Identifier: GPL-2.0
/* KV009: memset(p, 0, size) right after a vmalloc-family or kvmalloc-family allocation. */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/string.h>

struct hist {
	u64 *buckets;
	unsigned int nr;
	void *scratch;
	size_t scratch_len;
};

static void *hist_alloc_plain(size_t size)
{
	void *p;

	p = vmalloc(size); /* expect: KV009 */
	if (!p)
		return NULL;
	memset(p, 0, size);
	return p;
}

static int hist_alloc_buckets(struct hist *h)
{
	h->buckets = kvmalloc_array(h->nr, sizeof(u64), GFP_KERNEL); /* expect: KV009 */
	if (unlikely(!h->buckets))
		return -ENOMEM;
	memset(h->buckets, 0, h->nr * sizeof(u64));
	return 0;
}

static int hist_alloc_scratch(struct hist *h, size_t len)
{
	h->scratch_len = len;
	h->scratch = kvmalloc(len, GFP_KERNEL); /* expect: KV009 */
	if (h->scratch == NULL) {
		pr_err("hist: no memory for %zu bytes\n", len);
		return -ENOMEM;
	}
	h->nr = 0;
	memset(h->scratch, 0, len);
	return 0;
}

static void *hist_alloc_guarded(size_t size, int node)
{
	void *p = vmalloc_node(size, node); /* expect: KV009 */

	if (p)
		memset(p, 0, size);
	return p;
}

static void *hist_alloc_gfp(size_t size)
{
	void *p = __vmalloc(size, GFP_NOFS); /* expect: KV009 */

	if (!p)
		goto out;
	memset(p, '\0', size);
out:
	return p;
}

static void *hist_alloc_node_kv(size_t size, int node)
{
	void *p = kvmalloc_node(size, GFP_KERNEL, node); /* expect: KV009 */

	if (p) {
		memset(p, 0, size);
		hist_note(p);
	}
	return p;
}

static void *hist_alloc_redundant(size_t size)
{
	void *p = vzalloc(size); /* expect: KV009 -- vzalloc() already zeroes */

	if (!p)
		return NULL;
	memset(p, 0, size);
	return p;
}

static u32 *hist_alloc_array(unsigned int n)
{
	u32 *v = vmalloc_array(n, sizeof(u32)); /* expect: KV009 */

	if (!v)
		return NULL;
	memset(v, 0, array_size(n, sizeof(u32)));
	return v;
}

static void *hist_alloc_cast(size_t size)
{
	char *buf = vmalloc(size); /* expect: KV009 */

	if (!buf)
		return NULL;
	memset((void *)buf, 0, (size));
	return buf;
}
