package org.kvlint.alloc;

import static org.kvlint.alloc.Limits.exceeds;

import java.util.Optional;
import org.kvlint.alloc.Outcome.FailureReason;
import org.kvlint.facts.ApiFunction.Family;

/**
 * krealloc (§5.5.5) and kvrealloc in both signatures (§5.5.6). A failed realloc returns NULL and
 * leaves the old memory live; a moved one frees the old memory as part of the call.
 */
final class Reallocs {
    private final ModelState s;
    private final Allocators allocators;
    private final Releases releases;

    Reallocs(ModelState s, Allocators allocators, Releases releases) {
        this.s = s;
        this.allocators = allocators;
        this.releases = releases;
    }

    /** krealloc(p, n, g) / krealloc_array: p must be kmalloc memory. */
    Outcome krealloc(CallScope c, Pointer p, long n, GfpMask g) {
        return krealloc(c, p, n, g, true);
    }

    private Outcome krealloc(CallScope c, Pointer p, long n, GfpMask g, boolean checkProvenance) {
        if (p.isZeroOrNull()) {
            // krealloc(NULL, n) is kmalloc(n); ZERO_SIZE_PTR counts as kmalloc memory of usable size 0.
            return allocators.kmalloc(c, n, g, -1);
        }
        Optional<Allocation> found = liveForRealloc(c, p);
        if (found.isEmpty()) {
            return Outcome.nullWith(FailureReason.INVALID_POINTER);
        }
        Allocation a = found.get();
        if (a.backend() == Backend.VMALLOC) {
            c.diag(Bug.KREALLOC_ON_VMALLOC, Severity.FATAL, false, c.function + "() of memory from " + a.origin()
                    + " (vmalloc): __ksize() on a vmalloc address", a.id());
            return Outcome.nullWith(FailureReason.INVALID_POINTER);
        }
        if (checkProvenance && a.provenance() != Family.KMALLOC) {
            c.diag(Bug.LATENT_KREALLOC_ON_VMALLOC, Severity.WARN, false, c.function + "() of memory from " + a.origin()
                    + ": a bug whenever vmalloc serves it; use kvrealloc()", a.id());
        }
        if (n == 0) {
            releases.release(c, a, Allocation.State.FREED, c.function, false);
            return new Outcome.Allocated(Pointer.ZERO_SIZE_PTR, Backend.ZERO_SIZE, true, 0, 0);
        }
        boolean honoursZero = s.profile.reallocSince612() && g.has(GfpFlag.ZERO);
        if (!exceeds(n, a.usable())) {
            // In place. 6.1 does not zero the tail (__GFP_ZERO "effectively ignored"); 6.12+ does.
            boolean tailZeroed = a.zeroed() || honoursZero || s.config.initOnAlloc();
            s.heap.replace(a.resized(n, a.zeroed()));
            return new Outcome.Allocated(a.pointer(), a.backend(), tailZeroed, a.usable(), a.id());
        }
        Outcome fresh = allocators.kmalloc(c, n, g, a.node());
        if (!(fresh instanceof Outcome.Allocated moved)) {
            return fresh; // p stays live
        }
        // The copy takes ksize(p) bytes: the old slack keeps whatever the old object had there.
        boolean tailZeroed = moved.zeroed() && (a.zeroed() || honoursZero || s.config.initOnAlloc());
        releases.release(c, a, Allocation.State.FREED, c.function, false);
        return new Outcome.Allocated(moved.pointer(), moved.backend(), tailZeroed, moved.usable(), moved.allocationId());
    }

    /** kvrealloc(p, oldsize, newsize, g), 5.15–6.11: never shrinks; kvmalloc + copy + kvfree. */
    Outcome kvreallocOld(CallScope c, Pointer p, long oldSize, long newSize, GfpMask g) {
        Allocation a = null;
        if (!p.isZeroOrNull()) {
            Optional<Allocation> found = liveForRealloc(c, p);
            if (found.isEmpty()) {
                return Outcome.nullWith(FailureReason.INVALID_POINTER);
            }
            a = found.get();
            if (exceeds(oldSize, a.requested())) {
                c.diag(Bug.OUT_OF_BOUNDS, Severity.FATAL, false, c.function + "() copies oldsize "
                        + Long.toUnsignedString(oldSize) + " bytes from memory from " + a.origin() + " of "
                        + a.requested() + " bytes", a.id());
            }
        }
        if (Long.compareUnsigned(oldSize, newSize) >= 0) {
            if (Long.compareUnsigned(oldSize, newSize) > 0) {
                c.diag(Bug.SHRINK_EXPECTED, Severity.INFO, false, c.function + "() before 6.12 never shrinks: "
                        + "returns the old " + Long.toUnsignedString(oldSize) + "-byte memory");
            }
            return a == null ? new Outcome.Failed(p, FailureReason.ZERO_SIZE)
                    : new Outcome.Allocated(a.pointer(), a.backend(), a.zeroed(), a.usable(), a.id());
        }
        Outcome fresh = allocators.kvmalloc(c, newSize, g, -1);
        if (fresh instanceof Outcome.Allocated && a != null) {
            releaseAsKvfree(c, a);
        }
        return fresh;
    }

    /** kvrealloc(p, size, g), 6.12+: vrealloc for vmalloc memory, else krealloc then kvmalloc + copy + kfree [ml]. */
    Outcome kvreallocNew(CallScope c, Pointer p, long size, GfpMask g) {
        if (p.isZeroOrNull()) {
            return allocators.kvmalloc(c, size, g, -1);
        }
        Optional<Allocation> found = liveForRealloc(c, p);
        if (found.isEmpty()) {
            return Outcome.nullWith(FailureReason.INVALID_POINTER);
        }
        Allocation a = found.get();
        if (a.backend() == Backend.VMALLOC) {
            return vrealloc(c, a, size, g);
        }
        GfpMask adjusted = exceeds(size, s.config.pageSize()) ? allocators.kmallocTryFlags(size, g) : g;
        Outcome r = krealloc(c, p, size, adjusted, false);
        if (r instanceof Outcome.Allocated || size == 0) {
            return r;
        }
        Outcome fresh = allocators.kvmalloc(c, size, g, a.node());
        if (fresh instanceof Outcome.Allocated) {
            releases.release(c, a, Allocation.State.FREED, c.function, false);
        }
        return fresh;
    }

    /** vrealloc (6.12): size 0 frees and returns NULL; shrinking or growing within the pages stays in place. */
    private Outcome vrealloc(CallScope c, Allocation a, long size, GfpMask g) {
        if (size == 0) {
            releaseAsKvfree(c, a);
            return Outcome.nullWith(FailureReason.ZERO_SIZE);
        }
        if (!exceeds(size, a.usable())) {
            boolean tailZeroed = a.zeroed() || g.has(GfpFlag.ZERO) || s.config.initOnAlloc();
            s.heap.replace(a.resized(size, a.zeroed()));
            return new Outcome.Allocated(a.pointer(), a.backend(), tailZeroed, a.usable(), a.id());
        }
        Outcome fresh = allocators.vmalloc(c, size, g, a.node());
        if (fresh instanceof Outcome.Allocated) {
            releaseAsKvfree(c, a);
        }
        return fresh;
    }

    private void releaseAsKvfree(CallScope c, Allocation a) {
        if (a.backend() == Backend.VMALLOC) {
            s.mightSleep(c, "the vfree() of the old memory");
        }
        releases.release(c, a, Allocation.State.FREED, c.function, false);
    }

    private Optional<Allocation> liveForRealloc(CallScope c, Pointer p) {
        Optional<Allocation> at = s.heap.at(p);
        if (at.isPresent() && !at.get().isLive()) {
            Allocation a = at.get();
            c.diag(Bug.USE_AFTER_FREE, Severity.FATAL, false, c.function + "() of memory from " + a.origin()
                    + " that " + a.freeApi() + "() at '" + a.freeSite() + "' already freed", a.id());
            return Optional.empty();
        }
        if (at.isEmpty()) {
            return releases.live(c, c.function, p, false);
        }
        return at;
    }
}
