// SPDX-License-Identifier: GPL-2.0
#include "acme.h"

int acme_init_table(struct acme_dev *dev, size_t n)
{
	dev->table = kmalloc(n, GFP_KERNEL);
	if (!dev->table)
		dev->table = vmalloc(n);
	if (!dev->table)
		return -ENOMEM;
	return 0;
}

void *acme_alloc_buf(size_t n)
{
	void *p = kmalloc(n, GFP_KERNEL);

	if (!p)
		p = vmalloc(n);
	return p;
}

void acme_log_grow(struct acme_dev *dev, size_t n)
{
	void *buf = kvmalloc(n, GFP_KERNEL);

	if (!buf)
		return;
	kfree(dev->log);
	dev->log = buf;
}
