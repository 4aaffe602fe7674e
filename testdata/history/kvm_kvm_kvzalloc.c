// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: virt/kvm/kvm_main.c, kvm_kvzalloc()
 * Converted by: a7c3e901a46f "mm: introduce kv[mz]alloc helpers" (4.12)
 * Old code read from: linux-mm archive, [PATCH 1/9] mm: introduce kv[mz]alloc helpers (v4), Message-Id <20170306103032.2540-2-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

/*
 * Avoid using vmalloc for a small buffer.
 * Should not be used when the size is statically known.
 */
void *kvm_kvzalloc(unsigned long size)
{
	if (size > PAGE_SIZE) /* expect: KV002 */
		return vzalloc(size);
	else
		return kzalloc(size, GFP_KERNEL);
}

static int kvm_create_dirty_bitmap(struct kvm_memory_slot *memslot)
{
	unsigned long dirty_bytes = 2 * kvm_dirty_bitmap_bytes(memslot);

	memslot->dirty_bitmap = kvm_kvzalloc(dirty_bytes);
	if (!memslot->dirty_bitmap)
		return -ENOMEM;

	return 0;
}

static void kvm_destroy_dirty_bitmap(struct kvm_memory_slot *memslot)
{
	if (!memslot->dirty_bitmap)
		return;

	kvfree(memslot->dirty_bitmap);
	memslot->dirty_bitmap = NULL;
}
