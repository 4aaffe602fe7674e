// SPDX-License-Identifier: GPL-2.0
/* KV008: open-coded fallbacks (KV001's shape) whose two sides disagree on zeroing. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct dev_priv {
	void *ring;
	u32 *map;
	void *stats;
};

static int dev_alloc_ring(struct dev_priv *priv, size_t size)
{
	priv->ring = kzalloc(size, GFP_KERNEL); /* expect: KV001 */
	if (!priv->ring)
		priv->ring = vmalloc(size); /* expect: KV008 -- error: the fallback is not zeroed */
	return priv->ring ? 0 : -ENOMEM;
}

static void *dev_alloc_zeroed_fallback(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001, KV008 -- warning: only the fallback zeroes */

	if (!p)
		p = vzalloc(size);
	return p;
}

static void *dev_alloc_gfp_zero(size_t size)
{
	void *p;

	p = kmalloc(size, GFP_KERNEL | __GFP_ZERO); /* expect: KV001 */
	if (p == NULL)
		p = __vmalloc(size, GFP_KERNEL); /* expect: KV008 */
	return p;
}

static int dev_alloc_map(struct dev_priv *priv, unsigned int n)
{
	priv->map = kcalloc(n, sizeof(u32), GFP_KERNEL); /* expect: KV001 */
	if (unlikely(!priv->map))
		priv->map = vmalloc(array_size(n, sizeof(u32))); /* expect: KV008 */
	return priv->map ? 0 : -ENOMEM;
}

static void *dev_alloc_node(size_t size, int node)
{
	void *p = kzalloc_node(size, GFP_KERNEL, node); /* expect: KV001 */

	if (!p)
		p = vmalloc_node(size, node); /* expect: KV008 */
	return p;
}

static void *dev_alloc_in_condition(size_t size)
{
	void *p;

	if (!(p = kzalloc(size, GFP_KERNEL))) /* expect: KV001 */
		p = vmalloc(size); /* expect: KV008 */
	return p;
}

static void *dev_alloc_memset_fallback(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001, KV008 -- only the fallback is memset() */

	if (!p) {
		p = vmalloc(size);
		if (p)
			memset(p, 0, size);
	}
	return p;
}

static void *dev_alloc_array(unsigned int n)
{
	u64 *v = kmalloc_array(n, sizeof(u64), GFP_KERNEL); /* expect: KV001, KV008 */

	if (!v)
		v = vcalloc(n, sizeof(u64));
	return v;
}
