package org.kvlint.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.KernelVersion;

/**
 * What to scan and how.
 *
 * @param paths files and directories, as the user gave them
 * @param jobs worker threads (each owns one parser)
 * @param kernel the target kernel version, when given; otherwise read from the tree's Makefile
 * @param treeRoot the tree the index covers ({@code --tree-root}); otherwise the kernel tree found
 *     upwards from the first path, if any
 * @param cache use the on-disk fact cache ({@code --no-cache} turns it off; tests leave it off)
 * @param progress told how the scan advances (a terminal shows it)
 * @param forProofs the fixes will be proven after the scan: the items it parsed of the files with
 *     findings are kept for that ({@link ScanResult#parsed})
 */
public record ScanOptions(List<String> paths, int jobs, Optional<KernelVersion> kernel, Optional<Path> treeRoot,
                          boolean cache, Progress progress, boolean forProofs) {
    public ScanOptions {
        paths = List.copyOf(paths);
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1");
        }
    }

    /** Nothing kept for proofs. */
    public ScanOptions(List<String> paths, int jobs, Optional<KernelVersion> kernel, Optional<Path> treeRoot,
                       boolean cache, Progress progress) {
        this(paths, jobs, kernel, treeRoot, cache, progress, false);
    }

    /** No cache, no progress, the tree found around the first path. */
    public ScanOptions(List<String> paths, int jobs, Optional<KernelVersion> kernel) {
        this(paths, jobs, kernel, Optional.empty(), false, Progress.none());
    }

    /** The same, with the fixes proven after the scan (see {@link #forProofs}) or not. */
    public ScanOptions forProofs(boolean proofs) {
        return new ScanOptions(paths, jobs, kernel, treeRoot, cache, progress, proofs);
    }
}
