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
    @Override
    public int compareTo(InputFile o) {
        return displayPath.compareTo(o.displayPath);
    }
}
