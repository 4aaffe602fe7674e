package org.kvlint.alloc;

import org.kvlint.facts.ApiFunction;

/**
 * One allocation the model handed out (§5.2), with its origin. Immutable: a state change is a new
 * record that replaces the old one in the heap. Records are kept after the free so that double
 * frees and frees of interior pointers can name the allocation site.
 *
 * @param id unique per run, from 1
 * @param pointer the address returned to the caller
 * @param provenance the family of the API that allocated it (static truth: kvmalloc memory is
 *     {@code KV} even when kmalloc served it)
 * @param api the C function the caller called (e.g. {@code kvzalloc})
 * @param site the caller's call-site label
 * @param backend what actually served it (dynamic)
 * @param order page order of the request (slab: the slab's order; vmalloc: 0)
 * @param requested bytes asked for
 * @param usable bytes usable (slab bucket, whole pages)
 * @param zeroed the usable bytes were zero when handed out
 * @param gfp the mask the serving allocator saw
 * @param node NUMA node argument ({@code -1} = NUMA_NO_NODE)
 * @param state live, freed, or waiting for an RCU grace period
 * @param freeApi the function that freed it ("" while live)
 * @param freeSite the call site that freed it ("" while live)
 */
public record Allocation(long id, Pointer pointer, ApiFunction.Family provenance, String api, String site,
                         Backend backend, int order, long requested, long usable, boolean zeroed, GfpMask gfp,
                         int node, State state, String freeApi, String freeSite) {

    public enum State { LIVE, FREED, RCU_PENDING }

    public boolean isLive() {
        return state == State.LIVE;
    }

    Allocation released(State newState, String byApi, String bySite) {
        return new Allocation(id, pointer, provenance, api, site, backend, order, requested, usable, zeroed, gfp,
                node, newState, byApi, bySite);
    }

    Allocation resized(long newRequested, boolean nowZeroed) {
        return new Allocation(id, pointer, provenance, api, site, backend, order, newRequested, usable, nowZeroed,
                gfp, node, state, freeApi, freeSite);
    }

    /** "kvmalloc() at 'site'", for messages that point at the other end of an alloc/free pair. */
    public String origin() {
        return api + "() at '" + site + "'";
    }
}
