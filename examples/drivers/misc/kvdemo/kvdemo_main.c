// SPDX-License-Identifier: GPL-2.0
/*
 * kvdemo: a made-up character device that keeps a big lookup table and a
 * per-CPU-ish scratch area, allocated the pre-4.12 way.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/list.h>

#define KVDEMO_MAX_ENTRIES	4096

struct kvdemo_entry {
	struct list_head node;
	void *payload;
	size_t len;
};

struct kvdemo_dev {
	u32 *table;
	unsigned int nr_entries;
	void *scratch;
	size_t scratch_len;
	struct list_head entries;
};

static int kvdemo_alloc_table(struct kvdemo_dev *dev)
{
	dev->table = kcalloc(dev->nr_entries, sizeof(*dev->table), GFP_KERNEL);
	if (!dev->table) {
		dev->table = vzalloc(array_size(dev->nr_entries, sizeof(*dev->table)));
		if (!dev->table)
			return -ENOMEM;
	}
	return 0;
}

static int kvdemo_fill_entries(struct kvdemo_dev *dev)
{
	struct kvdemo_entry *e;

	list_for_each_entry(e, &dev->entries, node) {
		e->payload = kmalloc(e->len, GFP_KERNEL | __GFP_NOWARN);
		if (e->payload == NULL)
			e->payload = vmalloc(e->len);
		if (!e->payload)
			return -ENOMEM;
	}
	return 0;
}

static int kvdemo_probe(struct kvdemo_dev *dev)
{
	int err;

	dev->nr_entries = KVDEMO_MAX_ENTRIES;
	err = kvdemo_alloc_table(dev);
	if (err)
		return err;

	dev->scratch_len = 16 * PAGE_SIZE;
#ifdef CONFIG_KVDEMO_NUMA
	dev->scratch = kzalloc_node(dev->scratch_len, GFP_KERNEL, dev_to_node(dev));
	if (unlikely(!dev->scratch))
		dev->scratch = vzalloc_node(dev->scratch_len, dev_to_node(dev));
#else
	dev->scratch = kzalloc(dev->scratch_len, GFP_KERNEL);
	if (unlikely(!dev->scratch))
		dev->scratch = vzalloc(dev->scratch_len);
#endif
	if (!dev->scratch) {
		err = -ENOMEM;
		goto err_table;
	}

	err = kvdemo_fill_entries(dev);
	if (err)
		goto err_scratch;
	return 0;

err_scratch:
	kvfree(dev->scratch);
err_table:
	kvfree(dev->table);
	return err;
}

static void kvdemo_remove(struct kvdemo_dev *dev)
{
	kvfree(dev->scratch);
	kvfree(dev->table);
}

MODULE_LICENSE("GPL");
