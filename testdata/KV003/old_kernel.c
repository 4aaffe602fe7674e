// SPDX-License-Identifier: GPL-2.0
/* kvlint: kernel-version 3.10 */
/* KV003 on a tree without kvfree() (3.15): the open-coded form is how to write it there. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void old_free(void *p)
{
	if (is_vmalloc_addr(p)) /* ok: KV003 -- no kvfree() before 3.15 */
		vfree(p);
	else
		kfree(p);
}
