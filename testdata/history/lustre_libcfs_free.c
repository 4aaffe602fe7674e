// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/staging/lustre/include/linux/libcfs/libcfs_private.h, LIBCFS_FREE() (do-while macro)
 * Converted by: 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5)
 * Old code read from: linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define LIBCFS_VMALLOC_SIZE	(2 << PAGE_SHIFT) /* 2 pages */

#define LIBCFS_FREE(ptr, size)					  \
do {								    \
	int s = (size);						 \
	if (unlikely((ptr) == NULL)) {				  \
		CERROR("LIBCFS: free NULL '" #ptr "' (%d bytes) at "    \
		       "%s:%d\n", s, __FILE__, __LINE__);	       \
		break;						  \
	}							       \
	if (unlikely(s > LIBCFS_VMALLOC_SIZE)) /* expect: KV003 */	  \
		vfree(ptr);				    \
	else							    \
		kfree(ptr);					  \
} while (0)
