package org.kvlint.alloc;

/** What one modelled call returned to the C caller. */
public sealed interface Outcome {

    /** The C return value as a 64-bit pattern: an address, 0/1 for queries, 0 for void. */
    long value();

    /** The return value as a pointer. */
    default Pointer pointer() {
        return new Pointer(value());
    }

    /**
     * Memory was returned ({@code ZERO_SIZE_PTR} for zero-size kmalloc/kvmalloc, backend
     * {@link Backend#ZERO_SIZE}, allocation id 0).
     *
     * @param zeroed every byte the caller may read is zero (vacuously true for ZERO_SIZE_PTR); for
     *     krealloc/kvrealloc: the bytes beyond the preserved old contents are zero
     */
    record Allocated(Pointer pointer, Backend backend, boolean zeroed, long usable, long allocationId)
            implements Outcome {
        @Override
        public long value() {
            return pointer.address();
        }
    }

    /** NULL (or {@code ERR_PTR(-ENOMEM)} for memdup_user/vmemdup_user) was returned. */
    record Failed(Pointer pointer, FailureReason reason) implements Outcome {
        @Override
        public long value() {
            return pointer.address();
        }
    }

    /** A void function (the frees) returned. */
    record Done() implements Outcome {
        @Override
        public long value() {
            return 0;
        }
    }

    /** A predicate ({@code is_vmalloc_addr}) returned. */
    record Answer(boolean yes) implements Outcome {
        @Override
        public long value() {
            return yes ? 1 : 0;
        }
    }

    /** Why NULL came back. */
    enum FailureReason {
        /** {@code n * size} overflowed (kmalloc_array, kvcalloc, vcalloc, …): NULL, no warning. */
        OVERFLOW,
        /** Above KMALLOC_MAX_SIZE, order >= MAX_ORDER, or vmalloc larger than RAM. */
        TOO_LARGE,
        /** kvmalloc refused size > INT_MAX (5.15+). */
        OVER_INT_MAX,
        /** The memory condition left the request unmet and the allocator was allowed to fail it. */
        NO_MEMORY,
        /** A fault-injection rule failed it. */
        INJECTED,
        /** kvmalloc with non-blocking flags after a failed kmalloc try (6.0+). */
        NON_BLOCKING,
        /** vmalloc(0), or a realloc to size 0 that returns NULL. */
        ZERO_SIZE,
        /** A realloc of a pointer it must not touch (vmalloc memory for krealloc, unknown, freed). */
        INVALID_POINTER,
        /** kstrdup(NULL). */
        NULL_SOURCE
    }

    static Failed nullWith(FailureReason reason) {
        return new Failed(Pointer.NULL, reason);
    }
}
