// SPDX-License-Identifier: GPL-2.0
/* KV005 across functions and through helpers. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct baz_dev {
	void *regs;
	void *shadow;
	void *names[8];
	void *stash;
};

static struct baz_dev *baz_global;
static void *baz_cache;

/* returns kmalloc memory */
static void *baz_dup(const void *src, size_t len)
{
	void *p = kmalloc(len, GFP_KERNEL);

	if (p)
		memcpy(p, src, len);
	return p;
}

/* frees its argument like vfree() */
static void baz_vrelease(void *p)
{
	vfree(p);
}

static int __init baz_init(void)
{
	struct baz_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int i;

	if (!d)
		return -ENOMEM;
	d->regs = kcalloc(BAZ_NREGS, sizeof(u32), GFP_KERNEL);
	d->shadow = baz_dup(baz_defaults, sizeof(baz_defaults));
	for (i = 0; i < 8; i++)
		d->names[i] = kasprintf_buf(i);
	d->stash = kvmalloc(baz_stash_size, GFP_KERNEL);
	baz_cache = kmalloc(BAZ_CACHE, GFP_KERNEL);
	baz_global = d;
	return 0;
}

static void __exit baz_exit(void)
{
	struct baz_dev *d = baz_global;

	vfree(d->regs); /* expect: KV005 -- kcalloc() in baz_init() */
	vfree(d->shadow); /* expect: KV005 -- baz_dup() returns kmalloc memory */
	baz_vrelease(d->stash); /* expect: KV005 -- baz_vrelease() frees like vfree() */
	vfree(baz_cache); /* expect: KV005 -- file-scope variable */
	kfree(d); /* ok: KV005 */
}

module_init(baz_init);
module_exit(baz_exit);
