// SPDX-License-Identifier: GPL-2.0
/* kvfs: a made-up filesystem journal buffer, allocated in reclaim-sensitive context. */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct kvfs_log {
	char *buf;
	size_t size;
	void *bitmap;
};

static int kvfs_log_init(struct kvfs_log *log, size_t size)
{
	void *bitmap;

	log->size = size;
	log->buf = kmalloc(size, GFP_NOFS | __GFP_NOWARN);
	if (!log->buf)
		log->buf = __vmalloc(size, GFP_NOFS);
	if (!log->buf)
		return -ENOMEM;

	if (!(bitmap = kzalloc(BITS_TO_LONGS(size) * sizeof(long), GFP_NOFS)))
		bitmap = __vmalloc(BITS_TO_LONGS(size) * sizeof(long), GFP_NOFS | __GFP_ZERO);
	if (!bitmap) {
		kvfree(log->buf);
		return -ENOMEM;
	}
	log->bitmap = bitmap;
	return 0;
}

/* This one is fine: a small fixed-size header never needs a fallback. */
static struct kvfs_log *kvfs_log_new(void)
{
	struct kvfs_log *log = kzalloc(sizeof(*log), GFP_NOFS);

	if (!log)
		return NULL;
	return log;
}

static void kvfs_log_destroy(struct kvfs_log *log)
{
	kvfree(log->bitmap);
	kvfree(log->buf);
	kfree(log);
}
