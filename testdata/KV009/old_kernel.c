// SPDX-License-Identifier: GPL-2.0
/* KV009 on a 4.14 tree: kvcalloc() (4.18) does not exist yet, __GFP_ZERO does. */
/* kvlint: kernel-version 4.14 */
#include <linux/slab.h>

static u64 *old_table(unsigned int n)
{
	u64 *t = kvmalloc_array(n, sizeof(u64), GFP_KERNEL); /* expect: KV009 */

	if (!t)
		return NULL;
	memset(t, 0, n * sizeof(u64));
	return t;
}
