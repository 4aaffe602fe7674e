// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: net/netfilter/x_tables.c, xt_alloc_entry_offsets()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

/**
 * xt_alloc_entry_offsets - allocate array to store rule head offsets
 *
 * @size: number of entries
 *
 * Return: NULL or kmalloc'd or vmalloc'd array
 */
unsigned int *xt_alloc_entry_offsets(unsigned int size)
{
	unsigned int *off;

	off = kcalloc(size, sizeof(unsigned int), GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */

	if (off)
		return off;

	if (size < (SIZE_MAX / sizeof(unsigned int)))
		off = vmalloc(size * sizeof(unsigned int)); /* expect: KV008 -- the vmalloc side is not zeroed (the conversion added __GFP_ZERO) */

	return off;
}
EXPORT_SYMBOL(xt_alloc_entry_offsets);
