package org.kvlint.source;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What a stat says about a file's identity and version, for a cache to tell "the same bytes as
 * last time" without reading them: size, modification time in nanoseconds, inode and device.
 * Taken from the one stat the walk does per entry anyway.
 *
 * @param inode -1 (and device -1) when the file system gave no inode
 */
public record FileIdentity(long size, long mtimeNanos, long inode, long device) {
    /** For a file nobody stat'ed (a path built by hand, a test). */
    public static final FileIdentity UNKNOWN = new FileIdentity(-1, -1, -1, -1);

    public boolean known() {
        return !equals(UNKNOWN);
    }

    /**
     * From attributes the walk already read. On Linux {@link BasicFileAttributes#fileKey()} is the
     * JDK's {@code UnixFileKey}, printed as {@code (dev=HEX,ino=DECIMAL)}; parsing that string
     * costs nothing, where asking for {@code unix:ino} would stat the file again.
     */
    public static FileIdentity of(BasicFileAttributes attrs) {
        long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        long[] key = parseKey(attrs.fileKey());
        return new FileIdentity(attrs.size(), mtime, key[1], key[0]);
    }

    /** {dev, ino} from a {@code (dev=HEX,ino=DECIMAL)} key; {-1, -1} for anything else. */
    static long[] parseKey(Object key) {
        long[] none = {-1, -1};
        if (key == null) {
            return none;
        }
        String s = key.toString();
        int dev = s.indexOf("dev=");
        int comma = s.indexOf(",ino=");
        int end = s.lastIndexOf(')');
        if (dev < 0 || comma < dev || end < comma) {
            return none;
        }
        try {
            return new long[] {Long.parseUnsignedLong(s.substring(dev + 4, comma), 16),
                Long.parseUnsignedLong(s.substring(comma + 5, end))};
        } catch (NumberFormatException e) {
            return none;
        }
    }
}
