// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/infiniband/hw/hns/hns_roce_mr.c, hns_roce_buddy_init(), hns_roce_buddy_cleanup()
 * Converted by: converting commit not identified here (the buddy allocator is gone from 6.1's hns_roce_mr.c, which uses kvcalloc() elsewhere)
 * Old code read from: a 4.19 tree (GitHub maxiangpan/linux-4.19, commit c46e277ca, directory kernel/), lines 127-177
 * Trimmed to the function(s) and the minimal context they need; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int hns_roce_buddy_init(struct hns_roce_buddy *buddy, int max_order)
{
	int i, s;

	buddy->max_order = max_order;
	spin_lock_init(&buddy->lock);
	buddy->bits = kcalloc(buddy->max_order + 1,
			      sizeof(*buddy->bits),
			      GFP_KERNEL);
	buddy->num_free = kcalloc(buddy->max_order + 1,
				  sizeof(*buddy->num_free),
				  GFP_KERNEL);
	if (!buddy->bits || !buddy->num_free)
		goto err_out;

	for (i = 0; i <= buddy->max_order; ++i) {
		s = BITS_TO_LONGS(1 << (buddy->max_order - i));
		buddy->bits[i] = kcalloc(s, sizeof(long), GFP_KERNEL | /* expect: KV001 */
					 __GFP_NOWARN);
		if (!buddy->bits[i]) {
			buddy->bits[i] = vzalloc(array_size(s, sizeof(long)));
			if (!buddy->bits[i])
				goto err_out_free;
		}
	}

	set_bit(0, buddy->bits[buddy->max_order]);
	buddy->num_free[buddy->max_order] = 1;

	return 0;

err_out_free:
	for (i = 0; i <= buddy->max_order; ++i)
		kvfree(buddy->bits[i]);

err_out:
	kfree(buddy->bits);
	kfree(buddy->num_free);
	return -ENOMEM;
}

static void hns_roce_buddy_cleanup(struct hns_roce_buddy *buddy)
{
	int i;

	for (i = 0; i <= buddy->max_order; ++i)
		kvfree(buddy->bits[i]);

	kfree(buddy->bits);
	kfree(buddy->num_free);
}
