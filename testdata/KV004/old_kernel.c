// SPDX-License-Identifier: GPL-2.0
/* kvlint: kernel-version 5.4 */
/* KV004 on an older tree: kfree_rcu() still ends in kfree(); no kvfree_sensitive() yet. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct zap_obj {
	struct rcu_head rcu;
	void *table;
};

static void zap_release(struct zap_obj *z, size_t n)
{
	z->table = kvzalloc(n, GFP_KERNEL);
	if (!z->table)
		return;
	zap_use(z->table);
	kfree_rcu(z->table, rcu); /* expect: KV004 -- before 5.9 */
}

static int zap_secret(size_t len)
{
	u8 *k = vmalloc(len);

	if (!k)
		return -ENOMEM;
	kzfree(k); /* expect: KV004 -- no kvfree_sensitive() on 5.4 */
	return 0;
}
