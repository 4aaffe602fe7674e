package org.kvlint.alloc;

import org.kvlint.facts.ApiFunction;

/**
 * Behaviour of a few table rows that {@code rules/allocators.yaml} does not encode as columns.
 * Everything else (family, zeroing, size/gfp/node arguments, legal frees, since) comes from the
 * table. If the table grows a column for one of these, the check here should read it instead.
 */
final class Quirks {
    private Quirks() {
    }

    /** memdup_user/vmemdup_user: copy from user space (always may sleep), return ERR_PTR(-ENOMEM) on failure (§2.1). */
    static boolean copiesFromUser(ApiFunction f) {
        return f.name().endsWith("dup_user");
    }

    /** kstrndup(s, max, gfp): argument 1 caps the copied length. */
    static boolean hasMaxLength(ApiFunction f) {
        return f.name().equals("kstrndup");
    }

    /** vfree_atomic(): deferred, any context except NMI (§2.2). */
    static boolean freesInAnyContext(ApiFunction f) {
        return f.name().equals("vfree_atomic");
    }

    /**
     * kfree_rcu / kvfree_rcu / *_rcu_mightsleep: the free happens after an RCU grace period; the
     * caller's context only matters for the head-less forms, which may sleep (§2.3).
     */
    static boolean deferredByRcu(ApiFunction f) {
        return f.name().contains("_rcu");
    }

    /** kvfree_rcu_mightsleep(p), or a head-less one-argument kvfree_rcu(p)/kfree_rcu(p): may sleep. */
    static boolean rcuMightSleep(ApiFunction f, int argCount) {
        return f.name().endsWith("_mightsleep") || argCount == 1;
    }

    /** kvfree_sensitive(p, len): zeroes {@code len} caller-supplied bytes first (§2.3). */
    static boolean takesLength(ApiFunction f) {
        return f.name().equals("kvfree_sensitive");
    }
}
