// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: ipc/util.c, ipc_alloc(), ipc_free()
 * Converted by: a7c3e901a46f "mm: introduce kv[mz]alloc helpers" (4.12) (ipc_alloc); 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5) (ipc_free)
 * Old code read from: linux-mm archive, [PATCH 1/9] mm: introduce kv[mz]alloc helpers (v4), Message-Id <20170306103032.2540-2-mhocko@kernel.org> (old side of the diff); linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

/**
 * ipc_alloc -	allocate ipc space
 * @size: size desired
 *
 * Allocate memory from the appropriate pools and return a pointer to it.
 * NULL is returned if the allocation fails
 */
void *ipc_alloc(int size)
{
	void *out;
	if (size > PAGE_SIZE) /* expect: KV002 */
		out = vmalloc(size);
	else
		out = kmalloc(size, GFP_KERNEL);
	return out;
}

/**
 * ipc_free - free ipc space
 * @ptr: pointer returned by ipc_alloc
 * @size: size of block
 *
 * Free a block created with ipc_alloc(). The caller must know the size
 * used in the allocation call.
 */
void ipc_free(void *ptr, int size)
{
	if (size > PAGE_SIZE) /* expect: KV003 */
		vfree(ptr);
	else
		kfree(ptr);
}
