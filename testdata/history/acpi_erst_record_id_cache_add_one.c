// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/acpi/apei/erst.c, __erst_record_id_cache_add_one()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12) (allocation); 1d5cfdb07628 "tree wide: use kvfree() than conditional kfree()/vfree()" (4.5, the free)
 * Old code read from: the 752ade68cbd8 mail above and the linux-mm archive, [PATCH] tree wide: Use kvfree() than conditional kfree()/vfree(), Message-Id <1447070170-8512-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp>
 * Trimmed to the function and the minimal context it needs.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define ERST_RECORD_ID_CACHE_SIZE_MAX 1024

struct erst_record_id_cache {
	struct mutex lock;
	u64 *entries;
	int len;
	int size;
	int refcount;
};

static struct erst_record_id_cache erst_record_id_cache;

static int __erst_record_id_cache_add_one(void)
{
	u64 id, prev_id = 0;
	u64 *entries;
	int i, rc;

	entries = erst_record_id_cache.entries;
	rc = erst_get_record_id_next(&id);
	if (rc)
		return rc;
	for (i = 0; i < erst_record_id_cache.len; i++)
		if (entries[i] == id)
			break;
	if (erst_record_id_cache.len >= erst_record_id_cache.size) {
		int new_size, alloc_size;
		u64 *new_entries;

		new_size = erst_record_id_cache.size * 2;
		new_size = clamp_val(new_size, ERST_RECORD_ID_CACHE_SIZE_MIN,
				     ERST_RECORD_ID_CACHE_SIZE_MAX);
		if (new_size <= erst_record_id_cache.size) {
			pr_warn(FW_WARN "too many record IDs!\n");
			return 0;
		}
		alloc_size = new_size * sizeof(entries[0]);
		if (alloc_size < PAGE_SIZE) /* expect: KV002 */
			new_entries = kmalloc(alloc_size, GFP_KERNEL);
		else
			new_entries = vmalloc(alloc_size);
		if (!new_entries)
			return -ENOMEM;
		memcpy(new_entries, entries,
		       erst_record_id_cache.len * sizeof(entries[0]));
		if (erst_record_id_cache.size < PAGE_SIZE) /* expect: KV003 */
			kfree(entries);
		else
			vfree(entries);
		erst_record_id_cache.entries = entries = new_entries;
		erst_record_id_cache.size = new_size;
	}
	entries[i] = id;
	erst_record_id_cache.len++;

	return 1;
}
