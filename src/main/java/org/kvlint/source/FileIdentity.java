package org.kvlint.source;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What the cache compares to decide that a file has not changed without reading it, the way
 * git's index does: size, modification time to the nanosecond, inode and device. A file whose
 * modification time is too close to the moment its facts were taken is "racily clean" and is not
 * trusted by these alone (see {@code index.Cache}).
 */
public record FileIdentity(long size, long mtimeNanos, long inode, long device) {
    /** For a file nobody stat'ed (a path built by hand, a test): the reader stats it before opening. */
    public static final FileIdentity UNKNOWN = new FileIdentity(-1, -1, -1, -1);

    /** Did a stat make it (so the path was a regular file when walked)? */
    public boolean known() {
        return !equals(UNKNOWN);
    }

    /** From the attributes of one stat; inode and device come from the file key ({@code (dev=fe00,ino=123)}). */
    public static FileIdentity of(BasicFileAttributes attrs) {
        long ino = -1;
        long dev = -1;
        Object key = attrs.fileKey();
        if (key != null) {
            String k = key.toString();
            ino = number(k, "ino=", 10);
            dev = number(k, "dev=", 16);
        }
        return new FileIdentity(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), ino, dev);
    }

    private static long number(String s, String label, int radix) {
        int at = s.indexOf(label);
        if (at < 0) {
            return -1;
        }
        int start = at + label.length();
        int end = start;
        while (end < s.length() && Character.digit(s.charAt(end), radix) >= 0) {
            end++;
        }
        try {
            return Long.parseLong(s, start, end, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
