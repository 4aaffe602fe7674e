// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: net/mpls/af_mpls.c, resize_platform_label_table()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static int resize_platform_label_table(struct net *net, size_t limit)
{
	size_t size = sizeof(struct mpls_route *) * limit;
	size_t old_limit;
	size_t cp_size;
	struct mpls_route __rcu **labels = NULL, **old;
	unsigned index;

	if (size) {
		labels = kzalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY); /* expect: KV001 -- note: __GFP_NORETRY first try */
		if (!labels)
			labels = vzalloc(size);

		if (!labels)
			goto nolabels;
	}
	/* ... */
	old = rtnl_dereference(net->mpls.platform_label);
	old_limit = net->mpls.platform_labels;
	/* ... */
	rcu_assign_pointer(net->mpls.platform_label, labels);
	/* ... */
	synchronize_rcu();
	kvfree(old);
	return 0;

nolabels:
	return -ENOMEM;
}
