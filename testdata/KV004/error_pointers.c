// SPDX-License-Identifier: GPL-2.0
/*
 * KV004 and error pointers: a helper that returns vmalloc memory or ERR_PTR(), and a caller that
 * hands on only the error (old fs/btrfs/backref.c init_ipath(): 'if (IS_ERR(fspath)) return
 * (void *)fspath;'). Under IS_ERR() the pointer holds no memory.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct cont {
	size_t left;
};

struct paths {
	struct cont *c;
};

static struct cont *cont_alloc(size_t n)
{
	struct cont *c = vmalloc(n);

	if (!c)
		return ERR_PTR(-ENOMEM);
	c->left = n;
	return c;
}

static struct paths *paths_init(size_t n)
{
	struct cont *c = cont_alloc(n);
	struct paths *p;

	if (IS_ERR(c))
		return (void *)c;
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		kfree(c); /* expect: KV004 -- the real bug: the vmalloc()ed container freed with kfree() */
		return ERR_PTR(-ENOMEM);
	}
	p->c = c;
	return p;
}

static void paths_free(struct paths *p)
{
	if (IS_ERR_OR_NULL(p))
		return;
	vfree(p->c);
	kfree(p);
}

static int paths_user(size_t n)
{
	struct paths *p = paths_init(n);

	if (IS_ERR(p))
		return PTR_ERR(p);
	kfree(p); /* ok: KV004 -- paths_init() returns the kmalloc()ed paths, or an error pointer */
	return 0;
}

static int paths_user_freed(size_t n)
{
	struct paths *p = paths_init(n);

	if (IS_ERR(p))
		return PTR_ERR(p);
	paths_free(p);
	return 0;
}
