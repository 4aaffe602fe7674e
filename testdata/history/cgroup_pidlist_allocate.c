// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: kernel/cgroup.c, pidlist_allocate(), pidlist_free()
 * Converted by: converting commit not identified here (the old form is in 4.4, kvmalloc_array() in kernel/cgroup/cgroup-v1.c in 6.1)
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), checked against the converted code in /work/trees/linux-source-6.1
 * Trimmed to the functions and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *pidlist_allocate(int count)
{
	if (PIDLIST_TOO_LARGE(count)) /* expect: KV002 */
		return vmalloc(count * sizeof(pid_t));
	else
		return kmalloc(count * sizeof(pid_t), GFP_KERNEL);
}

static void pidlist_free(void *p)
{
	kvfree(p);
}
