// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/xattr.c, listxattr() (the 2015 form with a second pointer for the vmalloc side)
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5)
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static ssize_t
listxattr(struct dentry *d, char __user *list, size_t size)
{
	ssize_t error;
	char *klist = NULL;
	char *vlist = NULL;	/* If non-NULL, we used vmalloc() */

	if (size) {
		if (size > XATTR_LIST_MAX)
			size = XATTR_LIST_MAX;
		klist = kmalloc(size, __GFP_NOWARN | GFP_KERNEL); /* expect: KV001 */
		if (!klist) {
			vlist = vmalloc(size);
			if (!vlist)
				return -ENOMEM;
			klist = vlist;
		}
	}

	error = vfs_listxattr(d, klist, size);
	if (error > 0) {
		if (size && copy_to_user(list, klist, error))
			error = -EFAULT;
	} else if (error == -ERANGE && size >= XATTR_LIST_MAX) {
		/* The file system tried to returned a list bigger
		   than XATTR_LIST_MAX bytes. Not possible. */
		error = -E2BIG;
	}
	if (vlist) /* expect: KV003 -- the two frees name two pointers (vlist aliases klist) */
		vfree(vlist);
	else
		kfree(klist); /* ok: KV004 -- runs only when vlist is NULL, i.e. klist is kmalloc memory */
	return error;
}
