package org.kvlint.alloc;

/**
 * The size constants of §3.1 for one page size (SLUB, 6.1), and the size → order/bucket functions.
 * Sizes are C {@code size_t} values held in a {@code long} and compared unsigned.
 *
 * @param pageSize PAGE_SIZE
 * @param maxOrder MAX_ORDER (6.1 meaning: orders 0..maxOrder-1 valid)
 */
public record Limits(int pageSize, int maxOrder) {

    /** PAGE_ALLOC_COSTLY_ORDER: unchanged since 2.6. */
    public static final int COSTLY_ORDER = 3;
    public static final long INT_MAX = Integer.MAX_VALUE;
    /** Non-power-of-two kmalloc caches below 256 bytes (kmalloc-96, kmalloc-192). */
    private static final long[] SMALL_BUCKETS = {8, 16, 32, 64, 96, 128, 192, 256};

    /** KMALLOC_MAX_CACHE_SIZE = 1 << (PAGE_SHIFT + 1): 8 KiB on 4 KiB pages. */
    public long kmallocMaxCacheSize() {
        return 2L * pageSize;
    }

    /** KMALLOC_MAX_SIZE = 1 << (MAX_ORDER + PAGE_SHIFT - 1): 4 MiB on 4 KiB pages. */
    public long kmallocMaxSize() {
        return (long) pageSize << (maxOrder - 1);
    }

    /** {@code PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER}: 32 KiB on 4 KiB pages. */
    public long costlySize() {
        return (long) pageSize << COSTLY_ORDER;
    }

    /** {@code get_order(size)}: smallest n with {@code PAGE_SIZE << n >= size}; size must be below 2^62. */
    public int order(long size) {
        int n = 0;
        while (((long) pageSize << n) < size) {
            n++;
        }
        return n;
    }

    /** The kmalloc cache serving {@code size} (1 .. kmallocMaxCacheSize). */
    public long bucket(long size) {
        for (long b : SMALL_BUCKETS) {
            if (size <= b) {
                return b;
            }
        }
        return Long.highestOneBit(size - 1) << 1;
    }

    /** Whole pages covering {@code size} (unsigned). */
    public long pagesFor(long size) {
        long q = Long.divideUnsigned(size, pageSize);
        return Long.remainderUnsigned(size, pageSize) == 0 ? q : q + 1;
    }

    /** {@code size > limit} for a size_t. */
    public static boolean exceeds(long size, long limit) {
        return Long.compareUnsigned(size, limit) > 0;
    }
}
