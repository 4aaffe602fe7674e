// SPDX-License-Identifier: GPL-2.0
/*
 * KV001: fallbacks whose first try is tested once more before the fallback's own NULL test,
 * to record which allocator served the memory (the old drivers/md/dm-ioctl.c copy_params()
 * with DM_PARAMS_KMALLOC / DM_PARAMS_VMALLOC): the kmalloc() result that a test showed to be
 * NULL is still that call's failure when the fallback tests it again.
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define BUF_KMALLOC 0x1
#define BUF_VMALLOC 0x2

struct params {
	size_t data_size;
};

static int copy_params_like(struct params *pk, void **param, int *param_flags)
{
	void *dmi;

	dmi = NULL;
	if (pk->data_size <= KMALLOC_MAX_SIZE) {
		dmi = kmalloc(pk->data_size, GFP_NOIO | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN); /* expect: KV001 */
		if (dmi)
			*param_flags |= BUF_KMALLOC;
	}
	if (!dmi) {
		unsigned int noio_flag;

		noio_flag = memalloc_noio_save();
		dmi = __vmalloc(pk->data_size, GFP_NOIO | __GFP_HIGH);
		memalloc_noio_restore(noio_flag);
		if (dmi)
			*param_flags |= BUF_VMALLOC;
	}
	if (!dmi)
		return -ENOMEM;
	*param = dmi;
	return 0;
}

static void *counted_alloc(size_t n, atomic_t *kmallocs)
{
	void *p = kzalloc(n, GFP_KERNEL); /* expect: KV001 */

	if (p != NULL)
		atomic_inc(kmallocs);
	else
		pr_debug("kzalloc of %zu failed\n", n);
	if (p == NULL)
		p = vzalloc(n);
	return p;
}

/* one variable, two lifetimes: the kmalloc buffer is freed before the vmalloc one is made */
static int two_lifetimes(size_t n)
{
	void *p;

	p = kmalloc(64, GFP_KERNEL); /* ok: KV001 */
	if (p) {
		memset(p, 0, 64);
		kfree(p);
	}
	p = vmalloc(n);
	if (!p)
		return -ENOMEM;
	vfree(p);
	return 0;
}

/* the vmalloc buffer only when the kmalloc one worked: no fallback */
static int both_or_none(void **a, void **b, size_t n)
{
	*a = kmalloc(64, GFP_KERNEL); /* ok: KV001 */
	if (!*a)
		return -ENOMEM;
	*b = vmalloc(n);
	if (!*b) {
		kfree(*a);
		return -ENOMEM;
	}
	return 0;
}
