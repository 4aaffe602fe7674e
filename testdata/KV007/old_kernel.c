// SPDX-License-Identifier: GPL-2.0
/* KV007 on a 4.14 tree. */
/* kvlint: kernel-version 4.14 */
#include <linux/slab.h>

static void *old_cfg(void)
{
	return kvzalloc(32, GFP_KERNEL); /* expect: KV007 */
}
