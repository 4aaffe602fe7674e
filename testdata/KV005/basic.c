// SPDX-License-Identifier: GPL-2.0
/* KV005 positives: kmalloc or kvmalloc memory released with vfree(). */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

struct cfg {
	char *name;
	const char *label;
	u32 *map;
	void *blob;
};

static int cfg_scratch(size_t n)
{
	void *p = kmalloc(n, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	cfg_fill(p, n);
	vfree(p); /* expect: KV005 -- use kfree() */
	return 0;
}

static int cfg_table(unsigned int count)
{
	u32 *tbl = kvcalloc(count, sizeof(*tbl), GFP_KERNEL);

	if (!tbl)
		return -ENOMEM;
	cfg_fill(tbl, count * sizeof(*tbl));
	vfree(tbl); /* expect: KV005 -- kvcalloc() usually returns kmalloc memory */
	return 0;
}

static void cfg_irq_release(struct cfg *c, size_t n)
{
	void *p = kzalloc(n, GFP_ATOMIC);

	if (!p)
		return;
	cfg_fill(p, n);
	vfree_atomic(p); /* expect: KV005 -- kfree() never sleeps */
}

static int cfg_label(struct cfg *c, const char *src)
{
	c->label = kstrdup_const(src, GFP_KERNEL);
	if (!c->label)
		return -ENOMEM;
	if (cfg_check(c)) {
		vfree(c->label); /* expect: KV005 -- kfree_const() */
		return -EINVAL;
	}
	return 0;
}

static int cfg_copy(struct cfg *c, const void *src, size_t len)
{
	void *copy = kmemdup(src, len, GFP_KERNEL);
	int err;

	if (!copy)
		return -ENOMEM;
	err = cfg_apply(c, copy);
	if (err)
		goto out;
	err = cfg_commit(c);
out:
	vfree(copy); /* expect: KV005 -- reached by goto */
	return err;
}

static void *cfg_alloc_fallback(size_t bytes)
{
	void *p;

	p = kmalloc(bytes, GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vmalloc(bytes);
	if (!p)
		return NULL;
	if (cfg_check(p)) {
		vfree(p); /* expect: KV005 -- kmalloc may have served it */
		return NULL;
	}
	return p;
}

static long cfg_ioctl(struct cfg *c, void __user *arg, size_t len)
{
	void *buf = memdup_user(arg, len);

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cfg_apply(c, buf);
	vfree(buf); /* expect: KV005 */
	return 0;
}
