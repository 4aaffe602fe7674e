package org.kvlint.validate;

/** Byte counts for people. */
final class Sizes {
    private Sizes() {}

    /** 64 B, 4 KiB, 4097 B, 1 MiB, 3 GiB: exact when not a whole multiple of a unit. */
    static String human(long bytes) {
        if (bytes < 0) {
            return Long.toUnsignedString(bytes) + " B";
        }
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes >> shifts[i]) + " " + units[i];
            }
        }
        return bytes + " B";
    }
}
