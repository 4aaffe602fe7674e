// SPDX-License-Identifier: GPL-2.0
/*
 * kvnet: a made-up network driver whose descriptor ring and statistics are
 * allocated in probe and released in remove - with the wrong frees.
 */
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct kvnet_priv {
	struct net_device *ndev;
	void *ring;
	u64 *stats;
	unsigned int ring_size;
};

static int kvnet_alloc_ring(struct kvnet_priv *priv)
{
	priv->ring = vmalloc(priv->ring_size);
	if (!priv->ring)
		return -ENOMEM;
	memset(priv->ring, 0, priv->ring_size);
	return 0;
}

static int kvnet_probe(struct kvnet_priv *priv)
{
	int err;

	priv->ring_size = 64 * PAGE_SIZE;
	err = kvnet_alloc_ring(priv);
	if (err)
		return err;
	priv->stats = kvcalloc(num_possible_cpus(), sizeof(*priv->stats), GFP_KERNEL);
	if (!priv->stats) {
		vfree(priv->ring);
		return -ENOMEM;
	}
	return 0;
}

static void kvnet_remove(struct kvnet_priv *priv)
{
	kfree(priv->stats);
	kfree(priv->ring);
}
