// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: kernel/groups.c, groups_alloc(), groups_free()
 * Converted by: converting commit not identified here (the old form is in 5.10.13, kvmalloc(struct_size(gi, gid, gidsetsize), GFP_KERNEL_ACCOUNT) in 6.1)
 * Old code read from: the 5.10.13 tree in GitHub Rtoax/linux-5.10.13 (commit 4145aee3aa37), checked against /work/trees/linux-source-6.1
 * Trimmed to the functions and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct group_info *groups_alloc(int gidsetsize)
{
	struct group_info *gi;
	unsigned int len;

	len = sizeof(struct group_info) + sizeof(kgid_t) * gidsetsize;
	gi = kmalloc(len, GFP_KERNEL_ACCOUNT|__GFP_NOWARN|__GFP_NORETRY); /* expect: KV001 */
	if (!gi)
		gi = __vmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!gi)
		return NULL;

	atomic_set(&gi->usage, 1);
	gi->ngroups = gidsetsize;
	return gi;
}

void groups_free(struct group_info *group_info)
{
	kvfree(group_info);
}
