// SPDX-License-Identifier: GPL-2.0
/* KV005 for memory that moves: kmalloc memory stored through a local, an array element or an out-parameter, then vfree()d. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct mk_ctx {
	u32 *regs;
	char *names[8];
	void *blob;
	void *big;
};

static int mk_init(struct mk_ctx *c, size_t n)
{
	u32 *r = kcalloc(n, sizeof(u32), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	c->regs = r;
	return 0;
}

static void mk_exit(struct mk_ctx *c)
{
	vfree(c->regs); /* expect: KV005 -- kcalloc() moved into the field in mk_init() */
}

static void mk_name(struct mk_ctx *c, int i, const char *s)
{
	char *n = kstrdup_buf(s);
	char *copy = kmalloc(32, GFP_KERNEL);

	if (!copy)
		return;
	c->names[i] = copy;
}

static void mk_names_exit(struct mk_ctx *c)
{
	int i;

	for (i = 0; i < 8; i++)
		vfree(c->names[i]); /* expect: KV005 -- array elements hold kmalloc memory */
}

static int mk_load(void **blob, size_t n)
{
	*blob = kzalloc(n, GFP_KERNEL);
	return *blob ? 0 : -ENOMEM;
}

static void mk_use(struct mk_ctx *c, size_t n)
{
	void *b;

	if (mk_load(&b, n))
		return;
	mk_parse(b);
	vfree(b); /* expect: KV005 -- kzalloc() stored by mk_load() through its out-parameter */
}

/* ---- right ---- */

static int mk_load_big(void **blob, size_t n)
{
	*blob = vzalloc(n);
	return *blob ? 0 : -ENOMEM;
}

static void mk_use_big(struct mk_ctx *c, size_t n)
{
	void *b;

	if (mk_load_big(&b, n))
		return;
	mk_parse(b);
	vfree(b); /* ok: KV005 -- vzalloc() memory */
}

static void mk_keep_big(struct mk_ctx *c, size_t n)
{
	void *b = vmalloc(n);

	if (b)
		c->big = b;
}

static void mk_drop_big(struct mk_ctx *c)
{
	vfree(c->big); /* ok: KV005 */
}
