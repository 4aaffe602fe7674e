// SPDX-License-Identifier: GPL-2.0
/*
 * Suppression comments (NolintDirectivesTest, SuppressionCliTest, sarif-samples/suppressions.sarif).
 * Each "silenced" finding must be reported as suppressed, each "reported" one as a finding.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int sup_same_line(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	kfree(p); /* NOLINT(KV004): silenced, by id */
	return 0;
}

static int sup_next_line(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	// NOLINTNEXTLINE(kfree-of-vmalloc-memory, KV005): silenced, by name (KV005 is unused)
	kfree(p);
	return 0;
}

/* NOLINTBEGIN(KV001) */
static int sup_region(struct sup_dev *dev, size_t n)
{
	dev->buf = kmalloc(n, GFP_KERNEL); /* silenced by the region */
	if (!dev->buf)
		dev->buf = vmalloc(n);
	return dev->buf ? 0 : -ENOMEM;
}
/* NOLINTEND(KV001) */

static int sup_bare(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	kfree(p); // NOLINT: reported, a bare NOLINT is for other tools
	return 0;
}

static int sup_wrong_rule(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	kfree(p); /* NOLINT(KV003): reported, and KV003 is unused */
	return 0;
}

static int sup_other_tool(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	kfree(p); /* NOLINT(clang-analyzer-unix.Malloc): reported; another tool's id is never "unused" */
	return 0;
}

static int sup_string(size_t n)
{
	void *p = vmalloc(n);

	if (!p)
		return -ENOMEM;
	pr_debug("NOLINT(KV004)"); kfree(p); /* reported: a NOLINT in a string is no directive */
	return 0;
}

/* NOLINTBEGIN(KV009): never ended, so a note and nothing silenced */
