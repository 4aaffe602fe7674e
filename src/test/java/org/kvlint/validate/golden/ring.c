// SPDX-License-Identifier: GPL-2.0
/* Input of SimulateCommandTest: an open-coded kzalloc() -> vzalloc() fallback into a field. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ring {
	void *slots;
	size_t bytes;
};

static int ring_alloc(struct ring *r, size_t bytes)
{
	r->slots = kzalloc(bytes, GFP_KERNEL);
	if (!r->slots)
		r->slots = vzalloc(bytes);
	if (!r->slots)
		return -ENOMEM;
	r->bytes = bytes;
	return 0;
}
