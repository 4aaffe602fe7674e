// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: security/keys/keyctl.c, keyctl_instantiate_key_common()
 * Converted by: 752ade68cbd8 "treewide: use kv[mz]alloc* rather than opencoded variants" (4.12)
 * Old code read from: linux-mm archive, [PATCH 5/9] treewide: use kv[mz]alloc* rather than opencoded variants, Message-Id <20170130094940.13546-6-mhocko@kernel.org> (old side of the diff)
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

long keyctl_instantiate_key_common(key_serial_t id,
				   struct iov_iter *from,
				   key_serial_t ringid)
{
	const struct cred *cred = current_cred();
	struct request_key_auth *rka;
	struct key *instkey, *dest_keyring;
	size_t plen = from ? iov_iter_count(from) : 0;
	void *payload;
	long ret;

	kenter("%d,,%zu,%d", id, plen, ringid);

	if (!plen)
		from = NULL;

	ret = -EINVAL;
	if (plen > 1024 * 1024 - 1)
		goto error;

	/* ... */
	/* pull the payload in if one was supplied */
	payload = NULL;

	if (from) {
		ret = -ENOMEM;
		payload = kmalloc(plen, GFP_KERNEL); /* expect: KV001 */
		if (!payload) {
			if (plen <= PAGE_SIZE)
				goto error;
			payload = vmalloc(plen);
			if (!payload)
				goto error;
		}

		ret = -EFAULT;
		if (!copy_from_iter_full(payload, plen, from))
			goto error2;
	}
	/* ... */
	ret = key_instantiate_and_link(rka->target_key, payload, plen,
				       dest_keyring, instkey);
error2:
	kvfree(payload);
error:
	return ret;
}
