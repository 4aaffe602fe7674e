// SPDX-License-Identifier: GPL-2.0
/* KV001 positives: the plain shapes of the open-coded kmalloc() -> vmalloc() fallback. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct foo_priv {
	void *buf;
	u32 *tbl;
	struct {
		void *b;
	} a;
};

static void *foo_alloc_local(size_t size)
{
	void *p;

	p = kmalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!p)
		p = vmalloc(size);
	return p;
}

static void *foo_alloc_decl(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */

	if (p == NULL)
		p = vmalloc(size);
	return p;
}

static int foo_alloc_field(struct foo_priv *priv, size_t size)
{
	priv->buf = kzalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (NULL == priv->buf) {
		priv->buf = vzalloc(size);
		if (!priv->buf)
			return -ENOMEM;
	}
	return 0;
}

static int foo_alloc_table(struct foo_priv *priv, unsigned int n)
{
	priv->tbl = kcalloc(n, sizeof(*priv->tbl), GFP_KERNEL); /* expect: KV001 */
	if (unlikely(!priv->tbl))
		priv->tbl = vzalloc(array_size(n, sizeof(*priv->tbl)));
	if (!priv->tbl)
		return -ENOMEM;
	return 0;
}

static u64 *foo_alloc_array(unsigned int n)
{
	u64 *v = kmalloc_array(n, sizeof(u64), GFP_KERNEL); /* expect: KV001 */

	if (unlikely(v == NULL))
		v = vmalloc_array(n, sizeof(u64));
	return v;
}

static int foo_alloc_nested_field(struct foo_priv *ctx, size_t len)
{
	ctx->a.b = kmalloc(len, GFP_KERNEL); /* expect: KV001 */
	if (!ctx->a.b)
		ctx->a.b = vmalloc(len);
	return ctx->a.b ? 0 : -ENOMEM;
}

static void *foo_alloc_in_condition(size_t size)
{
	void *p;

	if (!(p = kmalloc(size, GFP_KERNEL))) /* expect: KV001 */
		p = vmalloc(size);
	return p;
}
