// SPDX-License-Identifier: GPL-2.0
/* KV006 on a 5.10 tree: kvmalloc() with GFP_ATOMIC is a plain kmalloc() there. */
/* kvlint: kernel-version 5.10 */
#include <linux/slab.h>

static void *legacy_alloc(size_t size)
{
	return kvmalloc(size, GFP_ATOMIC); /* expect: KV006 */
}
