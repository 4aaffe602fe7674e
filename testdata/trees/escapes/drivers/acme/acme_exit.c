// SPDX-License-Identifier: GPL-2.0
#include "acme.h"

void acme_exit(struct acme_dev *dev)
{
	kfree(dev->table);
	kfree(dev->log);
}

void acme_other_exit(struct other_dev *o)
{
	kfree(o->table);
}
