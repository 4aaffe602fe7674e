// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: net/ipv6/ila/ila_xlat.c, alloc_ila_locks()
 * Converted by: "ila: simplify a strange allocation pattern" (4.12, part of the kvmalloc series)
 * Old code read from: linux-mm archive, [PATCH 2/2] ila: simplify a strange allocation pattern, Message-Id <20170109144302.32726-2-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define LOCKS_PER_CPU 10

struct ila_net {
	struct rhashtable rhash_table;
	spinlock_t *locks; /* Bucket locks for entry manipulation */
	unsigned int locks_mask;
	bool hooks_registered;
};

static int alloc_ila_locks(struct ila_net *ilan)
{
	unsigned int i, size;
	unsigned int nr_pcpus = num_possible_cpus();

	nr_pcpus = min_t(unsigned int, nr_pcpus, 32UL);
	size = roundup_pow_of_two(nr_pcpus * LOCKS_PER_CPU);

	if (sizeof(spinlock_t) != 0) {
#ifdef CONFIG_NUMA
		if (size * sizeof(spinlock_t) > PAGE_SIZE) /* expect: KV002 -- split by #ifdef CONFIG_NUMA */
			ilan->locks = vmalloc(size * sizeof(spinlock_t));
		else
#endif
		ilan->locks = kmalloc_array(size, sizeof(spinlock_t),
					    GFP_KERNEL);
		if (!ilan->locks)
			return -ENOMEM;
		for (i = 0; i < size; i++)
			spin_lock_init(&ilan->locks[i]);
	}
	ilan->locks_mask = size - 1;

	return 0;
}

