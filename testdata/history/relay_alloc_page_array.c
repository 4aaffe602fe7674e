// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: kernel/relay.c, relay_alloc_page_array(), relay_free_page_array()
 * Converted by: converting commit not identified here (the old form is in 4.4, kvcalloc() in 6.1)
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), checked against the converted code in /work/trees/linux-source-6.1
 * Trimmed to the functions and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static struct page **relay_alloc_page_array(unsigned int n_pages)
{
	const size_t pa_size = n_pages * sizeof(struct page *);
	if (pa_size > PAGE_SIZE) /* expect: KV002 */
		return vzalloc(pa_size);
	return kzalloc(pa_size, GFP_KERNEL);
}

static void relay_free_page_array(struct page **array)
{
	kvfree(array);
}
