package org.kvlint.alloc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The address space and the allocation records of one model instance (§5.3). kmalloc memory
 * gets addresses in the x86-64 direct map, vmalloc memory page-aligned addresses in the vmalloc
 * area with a guard page between areas. Addresses are never reused, so every address names at
 * most one allocation for the whole run.
 */
final class Heap {
    static final long DIRECT_MAP_BASE = 0xffff888000000000L;
    /** x86-64 4-level paging (§5.1); end exclusive. */
    static final long VMALLOC_START = 0xffffc90000000000L;
    static final long VMALLOC_END = 0xffffe90000000000L;

    private final int pageSize;
    private long nextDirect;
    private long nextVmalloc = VMALLOC_START;
    private long nextId = 1;
    private final Map<Long, Allocation> byAddress = new LinkedHashMap<>();

    Heap(int pageSize) {
        this.pageSize = pageSize;
        this.nextDirect = DIRECT_MAP_BASE + (1L << 20);
    }

    /** {@code is_vmalloc_addr()}: by address range, so it also answers for interior pointers. */
    static boolean isVmallocAddr(Pointer p) {
        return Long.compareUnsigned(p.address(), VMALLOC_START) >= 0
                && Long.compareUnsigned(p.address(), VMALLOC_END) < 0;
    }

    /** Records a new live allocation at a fresh address. */
    Allocation add(org.kvlint.facts.ApiFunction.Family provenance, String api, String site, Backend backend,
                   int order, long requested, long usable, boolean zeroed, GfpMask gfp, int node) {
        long address = switch (backend) {
            case SLAB -> bump(true, usable, Math.min(Long.lowestOneBit(usable), pageSize));
            case PAGES -> bump(true, usable, pageSize);
            case VMALLOC -> bump(false, usable, pageSize);
            case ZERO_SIZE -> throw new IllegalArgumentException("ZERO_SIZE_PTR is not recorded");
        };
        Allocation a = new Allocation(nextId++, new Pointer(address), provenance, api, site, backend, order,
                requested, usable, zeroed, gfp, node, Allocation.State.LIVE, "", "");
        byAddress.put(address, a);
        return a;
    }

    private long bump(boolean direct, long size, long align) {
        long cur = direct ? nextDirect : nextVmalloc;
        long start = (cur + align - 1) & -align;
        long end = start + size;
        if (direct) {
            nextDirect = end;
        } else {
            nextVmalloc = end + pageSize; // guard page
        }
        return start;
    }

    Optional<Allocation> at(Pointer p) {
        return Optional.ofNullable(byAddress.get(p.address()));
    }

    /** The allocation {@code p} points into (not at its start). */
    Optional<Allocation> containing(Pointer p) {
        for (Allocation a : byAddress.values()) {
            long off = p.address() - a.pointer().address();
            if (off > 0 && Long.compareUnsigned(off, a.usable()) < 0) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    Optional<Allocation> byId(long id) {
        return byAddress.values().stream().filter(a -> a.id() == id).findFirst();
    }

    void replace(Allocation a) {
        byAddress.put(a.pointer().address(), a);
    }

    List<Allocation> withState(Allocation.State s) {
        List<Allocation> out = new ArrayList<>();
        for (Allocation a : byAddress.values()) {
            if (a.state() == s) {
                out.add(a);
            }
        }
        return out;
    }
}
