/* SPDX-License-Identifier: GPL-2.0 */
struct acme_dev {
	void *table;
	void *log;
	spinlock_t lock;
};

struct other_dev {
	void *table;
};

void *acme_alloc_buf(size_t n);
