// SPDX-License-Identifier: GPL-2.0
/* KV004 and statement macros: frees inside macro bodies, allocations inside them, and macros that free their argument. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct mdev {
	void *ring;
	void *log;
	void *stats;
	size_t ring_size;
};

/* frees a field that mdev_setup() fills from vmalloc */
#define MDEV_TEARDOWN(d) do {						\
	kfree((d)->ring); /* expect: KV004 */				\
	(d)->ring = NULL;						\
} while (0)

/* allocates from vmalloc into a field that mdev_exit() kfree()s */
#define MDEV_ALLOC_LOG(d, n) ({						\
	(d)->log = vmalloc(n);						\
	(d)->log ? 0 : -ENOMEM;						\
})

/* frees its argument like kfree(): a caller passing vmalloc memory is wrong */
#define MBUF_PUT(b) do {						\
	kfree(b);							\
	(b) = NULL;							\
} while (0)

/* right: nothing to find */
#define MDEV_DROP_STATS(d) do {						\
	kvfree((d)->stats); /* ok: KV004 */				\
	(d)->stats = NULL;						\
} while (0)

static int mdev_setup(struct mdev *d)
{
	d->ring = vzalloc(d->ring_size);
	if (!d->ring)
		return -ENOMEM;
	d->stats = kvcalloc(nr_cpu_ids, sizeof(u64), GFP_KERNEL);
	if (!d->stats) {
		vfree(d->ring);
		return -ENOMEM;
	}
	return MDEV_ALLOC_LOG(d, 4096);
}

static void mdev_exit(struct mdev *d)
{
	MDEV_TEARDOWN(d);
	MDEV_DROP_STATS(d);
	kfree(d->log); /* expect: KV004 -- vmalloc() in the macro MDEV_ALLOC_LOG() */
}

static void mdev_scratch(size_t n)
{
	void *scratch = vmalloc(n);

	if (!scratch)
		return;
	mdev_fill(scratch, n);
	MBUF_PUT(scratch); /* expect: KV004 -- MBUF_PUT() frees like kfree() */
}

static void mdev_small(void)
{
	void *tmp = kmalloc(64, GFP_KERNEL);

	if (!tmp)
		return;
	mdev_fill(tmp, 64);
	MBUF_PUT(tmp); /* ok: KV004 -- kmalloc memory */
}

/* yields vmalloc memory, like a function returning it */
#define MDEV_VBUF(n) ({							\
	void *__b = vmalloc(n);						\
	if (__b)							\
		memset(__b, 0xff, n);					\
	__b;								\
})

static void mdev_pattern(size_t n)
{
	void *pat = MDEV_VBUF(n);

	if (!pat)
		return;
	mdev_fill(pat, n);
	kfree(pat); /* expect: KV004 -- the macro MDEV_VBUF() yields vmalloc memory */
}
