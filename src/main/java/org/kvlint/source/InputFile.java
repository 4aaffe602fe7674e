package org.kvlint.source;

import java.nio.file.Path;

/**
 * One file to scan.
 *
 * @param path where it is on disk
 * @param displayPath the path as shown to the user: relative to the argument it was found under,
 *     prefixed by that argument as given (like gcc and grep print it); '/'-separated
 */
public record InputFile(Path path, String displayPath) implements Comparable<InputFile> {
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
