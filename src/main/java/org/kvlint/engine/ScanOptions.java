package org.kvlint.engine;

import java.util.List;
import java.util.Optional;
import org.kvlint.facts.KernelVersion;

/**
 * What to scan and how.
 *
 * @param paths files and directories, as the user gave them
 * @param jobs worker threads (each owns one parser)
 * @param kernel the target kernel version, when given; otherwise read from the tree's Makefile
 */
public record ScanOptions(List<String> paths, int jobs, Optional<KernelVersion> kernel) {
    public ScanOptions {
        paths = List.copyOf(paths);
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1");
        }
    }
}
