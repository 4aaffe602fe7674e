// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: security/keys/keyctl.c, SYSCALL_DEFINE5(add_key, ...)
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

SYSCALL_DEFINE5(add_key, const char __user *, _type,
		const char __user *, _description,
		const void __user *, _payload,
		size_t, plen,
		key_serial_t, ringid)
{
	key_ref_t keyring_ref, key_ref;
	char type[32], *description;
	void *payload;
	long ret;

	ret = -EINVAL;
	if (plen > 1024 * 1024 - 1)
		goto error;

	/* ... */
	/* pull the payload in if one was supplied */
	payload = NULL;

	if (_payload) {
		ret = -ENOMEM;
		payload = kmalloc(plen, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
		if (!payload) {
			if (plen <= PAGE_SIZE)
				goto error2;
			payload = vmalloc(plen);
			if (!payload)
				goto error2;
		}

		ret = -EFAULT;
		if (copy_from_user(payload, _payload, plen) != 0)
			goto error3;
	}
	/* ... */
	ret = 0;
error3:
	kvfree(payload);
error2:
	kfree(description);
error:
	return ret;
}
