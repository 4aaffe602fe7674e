package org.kvlint.alloc;

/**
 * Everything that is fixed for one run (§5.1). Immutable; use the {@code with*} methods.
 *
 * @param profile kernel behaviour (default {@link KernelProfile#V6_1})
 * @param pageSize PAGE_SIZE, a power of two >= 4096 (default 4096)
 * @param maxOrder MAX_ORDER in the 6.1 sense: valid orders are 0..maxOrder-1 (default 11)
 * @param memory the memory condition (default {@link MemoryCondition#PLENTY})
 * @param faults fault injection (default none)
 * @param seed seeds every random decision (faults, Pressure)
 * @param initOnAlloc CONFIG_INIT_ON_ALLOC_DEFAULT_ON: every allocation zeroed. Default false, to
 *     expose missing zeroing (§5.1; Debian's 6.1 config has it on)
 * @param totalRamPages vmalloc refuses {@code size / PAGE_SIZE > totalram_pages()} (default 16 GiB)
 */
public record ModelConfig(KernelProfile profile, int pageSize, int maxOrder, MemoryCondition memory,
                          FaultPlan faults, long seed, boolean initOnAlloc, long totalRamPages) {

    public static final int DEFAULT_PAGE_SIZE = 4096;
    public static final int DEFAULT_MAX_ORDER = 11;
    private static final long DEFAULT_RAM_BYTES = 16L << 30;

    public ModelConfig {
        if (pageSize < 4096 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("pageSize must be a power of two >= 4096: " + pageSize);
        }
        if (maxOrder < 2 || maxOrder > 20) {
            throw new IllegalArgumentException("maxOrder out of range: " + maxOrder);
        }
        if (totalRamPages <= 0) {
            throw new IllegalArgumentException("totalRamPages must be positive");
        }
        java.util.Objects.requireNonNull(profile, "profile");
        java.util.Objects.requireNonNull(memory, "memory");
        java.util.Objects.requireNonNull(faults, "faults");
    }

    /** 6.1, 4 KiB pages, plenty of memory, no faults, seed 0 (§5.8 defaults). */
    public static ModelConfig defaults() {
        return new ModelConfig(KernelProfile.V6_1, DEFAULT_PAGE_SIZE, DEFAULT_MAX_ORDER, MemoryCondition.PLENTY,
                FaultPlan.NONE, 0L, false, DEFAULT_RAM_BYTES / DEFAULT_PAGE_SIZE);
    }

    public ModelConfig withProfile(KernelProfile p) {
        return new ModelConfig(p, pageSize, maxOrder, memory, faults, seed, initOnAlloc, totalRamPages);
    }

    /** Keeps the RAM size in bytes when the page size changes. */
    public ModelConfig withPageSize(int size) {
        long ram = totalRamPages * pageSize;
        return new ModelConfig(profile, size, maxOrder, memory, faults, seed, initOnAlloc, Math.max(1, ram / size));
    }

    public ModelConfig withMaxOrder(int order) {
        return new ModelConfig(profile, pageSize, order, memory, faults, seed, initOnAlloc, totalRamPages);
    }

    public ModelConfig withMemory(MemoryCondition m) {
        return new ModelConfig(profile, pageSize, maxOrder, m, faults, seed, initOnAlloc, totalRamPages);
    }

    public ModelConfig withFaults(FaultPlan f) {
        return new ModelConfig(profile, pageSize, maxOrder, memory, f, seed, initOnAlloc, totalRamPages);
    }

    public ModelConfig withFaults(Fault... f) {
        return withFaults(FaultPlan.of(f));
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(profile, pageSize, maxOrder, memory, faults, s, initOnAlloc, totalRamPages);
    }

    public ModelConfig withInitOnAlloc(boolean on) {
        return new ModelConfig(profile, pageSize, maxOrder, memory, faults, seed, on, totalRamPages);
    }

    public ModelConfig withTotalRamPages(long pages) {
        return new ModelConfig(profile, pageSize, maxOrder, memory, faults, seed, initOnAlloc, pages);
    }

    public Limits limits() {
        return new Limits(pageSize, maxOrder);
    }
}
