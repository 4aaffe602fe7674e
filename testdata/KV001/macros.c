// SPDX-License-Identifier: GPL-2.0
/* KV001 inside statement macros: a #define body written as ({ ... }) or do { } while (0) is code. */
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct mheap {
	void **data;
	size_t size;
	size_t used;
};

struct mtable {
	u32 *tbl;
	size_t n;
};

/* a statement expression that allocates into a field, bcache's init_heap() before kvmalloc */
#define init_mheap(heap, _size) ({					\
	size_t _bytes;							\
	(heap)->used = 0;						\
	(heap)->size = (_size);						\
	_bytes = (heap)->size * sizeof(*(heap)->data);			\
	(heap)->data = kmalloc(_bytes, GFP_KERNEL); /* expect: KV001 */	\
	if (!(heap)->data)						\
		(heap)->data = vmalloc(_bytes);				\
	(heap)->data;							\
})

#define free_mheap(heap) do {						\
	kvfree((heap)->data);						\
	(heap)->data = NULL;						\
} while (0)

/* do { } while (0), with the array form */
#define MTABLE_ALLOC(t, count) do {					\
	(t)->n = (count);						\
	(t)->tbl = kcalloc((t)->n, sizeof(u32), GFP_KERNEL); /* expect: KV001 */ \
	if (!(t)->tbl)							\
		(t)->tbl = vzalloc(array_size((t)->n, sizeof(u32)));	\
} while (0)

/* a local of the macro, returned as the statement expression's value */
#define MZALLOC(size) ({						\
	void *__p = kzalloc(size, GFP_KERNEL); /* expect: KV001 */	\
									\
	if (!__p)							\
		__p = vzalloc(size);					\
	__p;								\
})

/* already right: nothing to find */
#define MTABLE_ALLOC_KV(t, count) do {					\
	(t)->tbl = kvcalloc(count, sizeof(u32), GFP_KERNEL); /* ok: KV001 */ \
} while (0)

/* one allocator only: not a fallback */
#define MHEAP_SMALL(heap) ({						\
	(heap)->data = kmalloc(64, GFP_KERNEL); /* ok: KV001 */	\
	(heap)->data;							\
})

/* an expression macro is not a statement: left to the places that call it */
#define mbuf_alloc(n)	vmalloc(n) /* ok: KV001 */

/* a macro that defines data, not code */
#define MTABLE_INIT { .tbl = NULL, .n = 0 }

static int mheap_setup(struct mheap *h, size_t n)
{
	if (!init_mheap(h, n))
		return -ENOMEM;
	return 0;
}

static void mheap_teardown(struct mheap *h)
{
	free_mheap(h);
}
