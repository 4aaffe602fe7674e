package org.kvlint.source;

import java.nio.file.Path;

/**
 * One file to scan.
 *
 * @param path where it is on disk
 * @param displayPath the path as shown to the user: relative to the argument it was found under,
 *     prefixed by that argument as given (like gcc and grep print it); '/'-separated
 * @param identity what the walk's stat said about it (size, mtime, inode, device), or
 *     {@link FileIdentity#UNKNOWN} for a file nobody stat'ed yet; a known identity also tells the
 *     reader the path was a regular file when walked, so it need not stat it again before opening
 */
public record InputFile(Path path, String displayPath, FileIdentity identity) implements Comparable<InputFile> {
    public InputFile {
        if (identity == null) {
            identity = FileIdentity.UNKNOWN;
        }
    }

    /** A file not stat'ed yet: the reader checks that it is a regular file before opening it. */
    public InputFile(Path path, String displayPath) {
        this(path, displayPath, FileIdentity.UNKNOWN);
    }

    /**
     * A file a scan reported, found again by its display path: that is the argument as typed plus
     * the path below it, so it opens the same file from the same working directory without walking
     * the tree again.
     */
    public static InputFile reported(String displayPath) {
        return new InputFile(Path.of(displayPath), displayPath);
    }

    @Override
    public int compareTo(InputFile o) {
        return displayPath.compareTo(o.displayPath);
    }
}
