// SPDX-License-Identifier: GPL-2.0
/* KV008 negatives: pairs that agree on zeroing, or that are not pairs. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *ok_both_zeroed(size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL); /* expect: KV001 */ /* ok: KV008 */

	if (!p)
		p = vzalloc(size); /* ok: KV008 */
	return p;
}

static void *ok_neither_zeroed(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001 */

	if (!p)
		p = vmalloc(size); /* ok: KV008 */
	return p;
}

static void *ok_memset_in_fallback(size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL); /* expect: KV001 */

	if (!p) {
		p = vmalloc(size); /* ok: KV008 -- the memset() below zeroes the fallback too */
		if (p)
			memset(p, 0, size);
	}
	return p;
}

static void *ok_memset_after_pair(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* expect: KV001 */

	if (!p)
		p = vzalloc(size); /* ok: KV008 -- both are zeroed by the memset() after the pair */
	if (!p)
		return NULL;
	memset(p, 0, size);
	return p;
}

static void *ok_gfp_zero_both(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL | __GFP_ZERO); /* expect: KV001 */

	if (!p)
		p = __vmalloc(size, GFP_KERNEL | __GFP_ZERO); /* ok: KV008 */
	return p;
}

static void *ok_user_mapping(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL); /* ok: KV008 -- vmalloc_user() zeroes for its user mapping */

	if (!p)
		p = vmalloc_user(size);
	return p;
}

static int ok_different_owners(void **a, void **b, size_t size)
{
	*a = kzalloc(size, GFP_KERNEL);
	*b = vmalloc(size); /* ok: KV008 -- two different objects */
	return *a && *b ? 0 : -ENOMEM;
}

static void *ok_threshold_both_zeroed(size_t size)
{
	return size > PAGE_SIZE ? vzalloc(size) : kzalloc(size, GFP_KERNEL); /* expect: KV002 */ /* ok: KV008 */
}
