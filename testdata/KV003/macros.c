// SPDX-License-Identifier: GPL-2.0
/* KV003 inside statement macros: the choice of free is found at the macro's line and the fix rewrites the body. */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct mring {
	void *slots;
	void *names;
	unsigned int flags;
	unsigned int order;
};

#define MRING_VMALLOCED	0x1

#define MRING_FREE(r) do {						\
	if (is_vmalloc_addr((r)->slots)) /* expect: KV003 */		\
		vfree((r)->slots);					\
	else								\
		kfree((r)->slots);					\
	(r)->slots = NULL;						\
} while (0)

/* the marker stands before the if, so the fix drops no comment */
#define MRING_FREE_QUIET(r) do {					\
	/* expect: KV003 */ if (is_vmalloc_addr((r)->slots))		\
		vfree((r)->slots);					\
	else								\
		kfree((r)->slots);					\
} while (0)

#define MBUF_RELEASE(b) ({						\
	is_vmalloc_addr(b) ? vfree(b) : kfree(b); /* expect: KV003 */	\
})

#define MRING_FREE_NAMES(r) do {					\
	if ((r)->flags & MRING_VMALLOCED) /* expect: KV003 -- flag-selected */ \
		vfree((r)->names);					\
	else								\
		kfree((r)->names);					\
} while (0)

/* the other arm frees pages: not kvfree() */
#define MRING_FREE_PAGES(r) do {					\
	if (is_vmalloc_addr((r)->slots)) /* ok: KV003 */		\
		vfree((r)->slots);					\
	else								\
		free_pages((unsigned long)(r)->slots, (r)->order);	\
} while (0)

/* already kvfree() */
#define MRING_FREE_KV(r) do { kvfree((r)->slots); } while (0) /* ok: KV003 */
