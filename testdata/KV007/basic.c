// SPDX-License-Identifier: GPL-2.0
/* KV007: kvmalloc-family calls with a constant size of at most PAGE_SIZE. */
#include <linux/slab.h>
#include <linux/sizes.h>

struct cfg {
	void *hdr;
	u32 *regs;
	u64 *hist;
	void *page;
	char *name;
};

static int cfg_init(struct cfg *c, int node)
{
	c->hdr = kvzalloc(64, GFP_KERNEL); /* expect: KV007 */
	c->regs = kvcalloc(16, sizeof(u32), GFP_KERNEL); /* expect: KV007 */
	c->hist = kvmalloc_array(32, sizeof(unsigned long), GFP_KERNEL); /* expect: KV007 */
	c->page = kvmalloc(PAGE_SIZE, GFP_KERNEL); /* expect: KV007 */
	c->name = kvmalloc_node(0x100, GFP_KERNEL, node); /* expect: KV007 */
	if (!c->hdr || !c->regs || !c->hist || !c->page || !c->name)
		return -ENOMEM;
	return 0;
}

static void *cfg_half_page(void)
{
	return kvzalloc(PAGE_SIZE / 2, GFP_KERNEL_ACCOUNT); /* expect: KV007 */
}

static void *cfg_sized(void)
{
	return kvmalloc(sizeof(u32) * 4 + 16, GFP_KERNEL); /* expect: KV007 */
}

static void *cfg_pointers(int node)
{
	return kvzalloc_node(sizeof(void *) << 4, GFP_KERNEL, node); /* expect: KV007 */
}

static void *cfg_sz(void)
{
	return kvmalloc(SZ_2K, GFP_KERNEL); /* expect: KV007 */
}

static void *cfg_cast(void)
{
	return kvmalloc((size_t)512, GFP_KERNEL | __GFP_NOWARN); /* expect: KV007 */
}
