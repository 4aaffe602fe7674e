// SPDX-License-Identifier: GPL-2.0
/* KV004 across the functions of one file: struct fields allocated in probe/init, freed elsewhere. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct foo_ctx {
	struct { void *b; } a;
};

struct foo_priv {
	void *ring;
	void *stats;
	void *log;
	void **tbl;
	struct foo_ctx ctx;
	size_t ring_size;
};

struct foo_dev {
	void *tbl[16];
};

static int foo_probe(struct platform_device *pdev)
{
	struct foo_priv *priv;
	void *log;
	int err;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	priv->ring = vzalloc(priv->ring_size);
	if (!priv->ring)
		return -ENOMEM;
	priv->stats = kvcalloc(nr_cpu_ids, sizeof(u64), GFP_KERNEL);
	if (!priv->stats) {
		err = -ENOMEM;
		goto err_ring;
	}
	log = vmalloc(FOO_LOG_SIZE);
	if (!log) {
		err = -ENOMEM;
		goto err_stats;
	}
	priv->log = log;
	priv->ctx.a.b = vmalloc(priv->ring_size);
	err = foo_hw_init(priv);
	if (err)
		goto err_log;
	platform_set_drvdata(pdev, priv);
	return 0;

err_log:
	vfree(priv->log);
err_stats:
	kvfree(priv->stats);
err_ring:
	kfree(priv->ring); /* expect: KV004 -- error path of the same function */
	return err;
}

static int foo_remove(struct platform_device *pdev)
{
	struct foo_priv *priv = platform_get_drvdata(pdev);

	foo_hw_exit(priv);
	kfree(priv->ring); /* expect: KV004 -- vzalloc() in foo_probe() */
	kfree(priv->stats); /* expect: KV004 -- kvcalloc() in foo_probe() */
	kfree(priv->log); /* expect: KV004 -- copied from a local holding vmalloc() memory */
	kfree(priv->ctx.a.b); /* expect: KV004 -- nested member */
	return 0;
}

static int __init foo_dev_init(struct foo_dev *dev, int n)
{
	int i;

	for (i = 0; i < n; i++)
		dev->tbl[i] = vmalloc(FOO_CHUNK);
	return 0;
}

static void __exit foo_dev_exit(struct foo_dev *dev, int n)
{
	int j;

	for (j = 0; j < n; j++)
		kfree(dev->tbl[j]); /* expect: KV004 -- array element of a field */
}

static void foo_release(struct foo_priv *p)
{
	kvfree(p->ring); /* ok: KV004 -- kvfree() is always right */
	vfree(p->log); /* ok: KV004 */
}

struct foo_log {
	char *buf;
	size_t pos;
	size_t size;
};

static int foo_log_append(struct foo_log *log, const char *msg, size_t n)
{
	if (log->pos + n > log->size) {
		char *buf = kvcalloc(log->pos + n, sizeof(char), GFP_KERNEL);

		if (!buf)
			return -ENOMEM;
		memcpy(buf, log->buf, log->pos);
		kfree(log->buf); /* expect: KV004 -- the old buffer came from kvcalloc() too */
		log->buf = buf;
		log->size = log->pos + n;
	}
	memcpy(log->buf + log->pos, msg, n);
	log->pos += n;
	return 0;
}
