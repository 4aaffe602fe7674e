package org.kvlint.validate;

import java.util.Map;
import java.util.OptionalLong;
import org.kvlint.alloc.Limits;

/**
 * The kernel constants allocation code compares sizes with, and the errno values it returns, for
 * 4 KiB pages on x86-64 (the model's defaults, §3.1).
 */
final class CConstants {
    private CConstants() {}

    private static final Limits LIMITS = new Limits(4096, 11);

    private static final Map<String, Long> VALUES = Map.ofEntries(
            Map.entry("PAGE_SIZE", 4096L), Map.entry("PAGE_SHIFT", 12L), Map.entry("PAGE_MASK", ~4095L),
            Map.entry("PAGE_ALLOC_COSTLY_ORDER", (long) Limits.COSTLY_ORDER), Map.entry("MAX_ORDER", 11L),
            Map.entry("KMALLOC_MAX_SIZE", LIMITS.kmallocMaxSize()),
            Map.entry("KMALLOC_MAX_CACHE_SIZE", LIMITS.kmallocMaxCacheSize()),
            Map.entry("KMALLOC_SHIFT_HIGH", 13L), Map.entry("KMALLOC_SHIFT_MAX", 22L),
            Map.entry("INT_MAX", (long) Integer.MAX_VALUE), Map.entry("INT_MIN", (long) Integer.MIN_VALUE),
            Map.entry("UINT_MAX", 0xffff_ffffL), Map.entry("U32_MAX", 0xffff_ffffL), Map.entry("S32_MAX", (long) Integer.MAX_VALUE),
            Map.entry("U16_MAX", 0xffffL), Map.entry("U8_MAX", 0xffL),
            Map.entry("LONG_MAX", Long.MAX_VALUE), Map.entry("ULONG_MAX", -1L), Map.entry("SIZE_MAX", -1L),
            Map.entry("U64_MAX", -1L), Map.entry("S64_MAX", Long.MAX_VALUE),
            Map.entry("NUMA_NO_NODE", -1L), Map.entry("MAX_ERRNO", 4095L),
            Map.entry("EPERM", 1L), Map.entry("ENOENT", 2L), Map.entry("EINTR", 4L), Map.entry("EIO", 5L),
            Map.entry("ENXIO", 6L), Map.entry("E2BIG", 7L), Map.entry("EBADF", 9L), Map.entry("EAGAIN", 11L),
            Map.entry("ENOMEM", 12L), Map.entry("EACCES", 13L), Map.entry("EFAULT", 14L), Map.entry("EBUSY", 16L),
            Map.entry("EEXIST", 17L), Map.entry("ENODEV", 19L), Map.entry("EINVAL", 22L), Map.entry("ENOSPC", 28L),
            Map.entry("ERANGE", 34L), Map.entry("ENOSYS", 38L), Map.entry("ENODATA", 61L), Map.entry("EOVERFLOW", 75L),
            Map.entry("EMSGSIZE", 90L), Map.entry("EOPNOTSUPP", 95L), Map.entry("ENOBUFS", 105L),
            Map.entry("ETIMEDOUT", 110L), Map.entry("ENOTSUPP", 524L),
            Map.entry("true", 1L), Map.entry("false", 0L));

    private static final java.util.regex.Pattern SZ = java.util.regex.Pattern.compile("SZ_(\\d+)([KMG]?)");

    static OptionalLong value(String name) {
        Long v = VALUES.get(name);
        if (v != null) {
            return OptionalLong.of(v);
        }
        java.util.regex.Matcher m = SZ.matcher(name); // include/linux/sizes.h: SZ_2K, SZ_1M, ...
        if (m.matches()) {
            int shift = switch (m.group(2)) {
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                default -> 0;
            };
            return OptionalLong.of(Long.parseLong(m.group(1)) << shift);
        }
        return OptionalLong.empty();
    }
}
