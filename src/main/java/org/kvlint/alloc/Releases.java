package org.kvlint.alloc;

import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.KernelVersion;

/**
 * The frees (§2.4, §5.5.4), RCU-deferred ones included. Legality is judged twice: by provenance,
 * against the table's {@code frees} column at the profile's kernel (a kfree of kvmalloc memory is
 * a latent bug even when kmalloc served it), and by the backend that actually served the memory
 * (what happens at run time).
 */
final class Releases {
    private final ModelState s;

    Releases(ModelState s) {
        this.s = s;
    }

    /** What the free really runs on this pointer. */
    enum Mechanism {
        /** kfree(): slab / large-kmalloc free; never sleeps. */
        KFREE,
        /** vfree(): might_sleep() in process context, deferred from IRQ. */
        VFREE,
        /** kvfree(): is_vmalloc_addr(p) ? vfree(p) : kfree(p). */
        KVFREE;

        /** Derived from the table: the families the function releases on this kernel. */
        static Mechanism of(ApiFunction f, KernelVersion kernel) {
            boolean k = f.freesCorrectly(Family.KMALLOC, kernel);
            boolean v = f.freesCorrectly(Family.VMALLOC, kernel);
            if (k && v) {
                return KVFREE;
            }
            return v ? VFREE : KFREE;
        }

        Mechanism on(Backend backend) {
            return this != KVFREE ? this : backend == Backend.VMALLOC ? VFREE : KFREE;
        }
    }

    /**
     * One free from the table.
     *
     * @param length kvfree_sensitive's {@code len}, else unused
     * @param argCount number of C arguments (a one-argument kvfree_rcu is the head-less, sleeping form)
     */
    Outcome free(CallScope c, ApiFunction f, Pointer p, long length, int argCount) {
        KernelVersion kernel = s.profile.version();
        Mechanism m = Mechanism.of(f, kernel);
        boolean rcu = Quirks.deferredByRcu(f);
        if (s.context == ExecutionContext.NMI) {
            c.diag(Bug.FREE_IN_NMI, Severity.FATAL, true, f.name() + "() in NMI context");
        }
        if (rcu && Quirks.rcuMightSleep(f, argCount)) {
            s.mightSleep(c, "head-less " + f.name() + "()");
        }
        if (p.isNull()) {
            return new Outcome.Done(); // every free accepts NULL
        }
        if (p.isZeroSizePtr()) {
            if (m == Mechanism.VFREE) {
                c.diag(Bug.MISMATCHED_FREE, Severity.WARN, true, "ZERO_SIZE_PTR from a zero-size kmalloc/kvmalloc is freed with "
                        + f.name() + "(): WARN \"Trying to vfree() bad address\"");
            }
            return new Outcome.Done();
        }
        Optional<Allocation> found = live(c, f.name(), p, m == Mechanism.VFREE);
        if (found.isEmpty()) {
            return new Outcome.Done();
        }
        Allocation a = found.get();
        Mechanism runs = m.on(a.backend());
        boolean backendOk = runs == Mechanism.VFREE ? a.backend() == Backend.VMALLOC : a.backend().isKmalloc();
        String how = f.freesAllSince() != null && !kernel.atLeast(f.freesAllSince())
                ? ", which kfree()s it before " + f.freesAllSince() : "";
        if (!backendOk) {
            if (runs == Mechanism.VFREE) {
                // vfree() of a non-vmalloc address: WARN "Trying to vfree() nonexistent vm area", nothing freed.
                c.diag(Bug.MISMATCHED_FREE, Severity.WARN, true, "memory from " + a.origin() + " (" + a.backend()
                        + ") is freed with " + f.name() + "(): WARN, not freed (leaks)", a.id());
                return new Outcome.Done();
            }
            c.diag(Bug.MISMATCHED_FREE, Severity.FATAL, false, "memory from " + a.origin()
                    + " (vmalloc) is freed with " + f.name() + "()" + how + ": corrupts memory", a.id());
        } else if (!f.freesCorrectly(a.provenance(), kernel)) {
            c.diag(Bug.LATENT_MISMATCHED_FREE, Severity.WARN, false, "memory from " + a.origin() + " is freed with "
                    + f.name() + "()" + how + ": works only because " + a.backend() + " served it this time; use kvfree()", a.id());
        }
        requiredFree(a).filter(need -> !need.equals(f.name())).ifPresent(need ->
                c.diag(Bug.LATENT_MISMATCHED_FREE, Severity.WARN, false, "memory from " + a.origin() + " is freed with "
                        + f.name() + "(): it needs " + need + "(), or the free breaks when the string is in .rodata", a.id()));
        if (Quirks.takesLength(f) && Long.compareUnsigned(length, a.usable()) > 0) {
            c.diag(Bug.OUT_OF_BOUNDS, Severity.FATAL, false, f.name() + "() zeroes " + Long.toUnsignedString(length)
                    + " bytes of memory from " + a.origin() + " that has " + a.usable(), a.id());
        }
        boolean deferred = rcu || Quirks.freesInAnyContext(f);
        if (!deferred && runs == Mechanism.VFREE) {
            if (s.context.inInterrupt()) {
                deferred = true; // vfree() from IRQ defers to a workqueue (§2.2)
            } else {
                s.mightSleep(c, "vfree() of memory from " + a.origin());
            }
        } else if (!deferred && m == Mechanism.KVFREE && a.provenance() != Family.KMALLOC
                && s.context == ExecutionContext.ATOMIC) {
            c.diag(Bug.LATENT_SLEEP_IN_ATOMIC, Severity.WARN, false, f.name() + "() of memory from " + a.origin()
                    + " in atomic context would sleep whenever vmalloc serves it", a.id());
        }
        release(c, a, rcu ? Allocation.State.RCU_PENDING : Allocation.State.FREED, f.name(), deferred);
        return new Outcome.Done();
    }

    /** The free an allocation's API requires instead of its family's plain one (kstrdup_const → kfree_const). */
    private Optional<String> requiredFree(Allocation a) {
        return s.api.lookup(a.api()).flatMap(ApiFunction::properFreeName);
    }

    /**
     * The live allocation at {@code p}, or empty after reporting why not (double free, interior
     * pointer, unknown pointer). vfree() reports those with a WARN and carries on; kfree() corrupts.
     */
    Optional<Allocation> live(CallScope c, String fn, Pointer p, boolean warnsOnly) {
        Severity sev = warnsOnly ? Severity.WARN : Severity.FATAL;
        Optional<Allocation> at = s.heap.at(p);
        if (at.isPresent() && at.get().isLive()) {
            return at;
        }
        if (at.isPresent()) {
            Allocation a = at.get();
            c.diag(Bug.DOUBLE_FREE, sev, warnsOnly, "memory from " + a.origin() + " is released by " + fn
                    + "() after " + a.freeApi() + "() at '" + a.freeSite() + "' already freed it", a.id());
            return Optional.empty();
        }
        Optional<Allocation> inner = s.heap.containing(p);
        if (inner.isPresent()) {
            c.diag(Bug.INVALID_FREE, sev, warnsOnly, fn + "() of " + p + ", inside memory from " + inner.get().origin()
                    + " but not its start", inner.get().id());
        } else {
            c.diag(Bug.INVALID_FREE, sev, warnsOnly, fn + "() of " + p + ", which the model never allocated");
        }
        return Optional.empty();
    }

    void release(CallScope c, Allocation a, Allocation.State state, String fn, boolean deferred) {
        s.heap.replace(a.released(state, fn, c.site));
        c.event(new Event.Freed(a.id(), fn, deferred));
    }

    /** An RCU grace period: every pending free completes. */
    void gracePeriod() {
        for (Allocation a : s.heap.withState(Allocation.State.RCU_PENDING)) {
            s.heap.replace(a.released(Allocation.State.FREED, a.freeApi(), a.freeSite()));
        }
    }
}
