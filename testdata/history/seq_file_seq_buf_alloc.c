// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: fs/seq_file.c, seq_buf_alloc()
 * Converted by: a7c3e901a46f "mm: introduce kv[mz]alloc helpers" (4.12)
 * Old code read from: linux-mm archive, [PATCH 1/9] mm: introduce kv[mz]alloc helpers (v4), Message-Id <20170306103032.2540-2-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *seq_buf_alloc(unsigned long size)
{
	void *buf;
	gfp_t gfp = GFP_KERNEL;

	/*
	 * For high order allocations, use __GFP_NORETRY to avoid oom-killing -
	 * it's better to fall back to vmalloc() than to kill things.  For small
	 * allocations, just use GFP_KERNEL which will oom kill, thus no need
	 * for vmalloc fallback.
	 */
	if (size > PAGE_SIZE)
		gfp |= __GFP_NORETRY | __GFP_NOWARN;
	buf = kmalloc(size, gfp); /* expect: KV001 */
	if (!buf && size > PAGE_SIZE)
		buf = vmalloc(size);
	return buf;
}

int seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	kvfree(m->buf);
	kfree(m);
	return 0;
}
