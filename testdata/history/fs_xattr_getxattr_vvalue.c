// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/xattr.c, getxattr() (the 2015 form with a second pointer for the vmalloc side)
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5)
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static ssize_t
getxattr(struct dentry *d, const char __user *name, void __user *value,
	 size_t size)
{
	ssize_t error;
	void *kvalue = NULL;
	void *vvalue = NULL;
	char kname[XATTR_NAME_MAX + 1];

	error = strncpy_from_user(kname, name, sizeof(kname));
	if (error == 0 || error == sizeof(kname))
		error = -ERANGE;
	if (error < 0)
		return error;

	if (size) {
		if (size > XATTR_SIZE_MAX)
			size = XATTR_SIZE_MAX;
		kvalue = kzalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
		if (!kvalue) {
			vvalue = vmalloc(size); /* expect: KV008 */
			if (!vvalue)
				return -ENOMEM;
			kvalue = vvalue;
		}
	}

	error = vfs_getxattr(d, kname, kvalue, size);
	if (error > 0) {
		if (size && copy_to_user(value, kvalue, error))
			error = -EFAULT;
	} else if (error == -ERANGE && size >= XATTR_SIZE_MAX) {
		/* The file system tried to returned a value bigger
		   than XATTR_SIZE_MAX bytes. Not possible. */
		error = -E2BIG;
	}
	if (vvalue) /* expect: KV003 -- the two frees name two pointers (vvalue aliases kvalue) */
		vfree(vvalue);
	else
		kfree(kvalue); /* ok: KV004 -- runs only when vvalue is NULL, i.e. kvalue is kzalloc memory */
	return error;
}
