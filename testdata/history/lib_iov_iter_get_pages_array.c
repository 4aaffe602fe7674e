// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: lib/iov_iter.c, get_pages_array()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static struct page **get_pages_array(size_t n)
{
	struct page **p = kmalloc(n * sizeof(struct page *), GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vmalloc(n * sizeof(struct page *));
	return p;
}

static ssize_t pipe_get_pages_alloc(struct iov_iter *i,
		   struct page ***pages, size_t maxsize,
		   size_t *start)
{
	struct page **p;
	size_t n;
	int npages, capacity;
	ssize_t res;

	/* ... */
	p = get_pages_array(npages);
	if (!p)
		return -ENOMEM;
	n = npages * PAGE_SIZE - *start;
	if (maxsize > n)
		maxsize = n;
	else
		npages = DIV_ROUND_UP(maxsize + *start, PAGE_SIZE);
	res = __pipe_get_pages(i, maxsize, p, idx, start);
	if (res > 0)
		*pages = p;
	else
		kvfree(p);
	return res;
}
