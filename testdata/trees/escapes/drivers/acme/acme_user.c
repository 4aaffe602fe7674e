// SPDX-License-Identifier: GPL-2.0
#include "acme.h"

int acme_use(size_t n)
{
	void *b = acme_alloc_buf(n);

	if (!b)
		return -ENOMEM;
	memset(b, 0, n);
	if (!expect(b))
		return -EINVAL;
	vfree(b);
	return 0;
}
