package org.kvlint.cli;

import java.util.Optional;
import org.kvlint.facts.KernelVersion;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every scanning command shares: worker threads and the target kernel. */
public final class TargetOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Worker threads, each with its own parser (default: number of cores; at most "
                    + JOBS_PER_CORE + " per core).")
    Integer jobs;

    @Option(names = "--kernel-version", paramLabel = "X.Y",
            description = "Target kernel version (default: read from the tree's top-level Makefile, else 6.1). "
                    + "Decides which helpers kvlint may recommend.")
    String kernelVersion;

    @Option(names = "--tree-root", paramLabel = "DIR",
            description = "The tree the fact index covers (default: the kernel tree around the first PATH, found by "
                    + "its top-level Makefile; else just the PATHs). Findings are reported for the PATHs only.")
    java.nio.file.Path treeRoot;

    @Option(names = "--no-cache", description = "Do not read or write the fact cache "
            + "(${XDG_CACHE_HOME:-~/.cache}/kvlint; KVLINT_CACHE_DIR overrides the place).")
    boolean noCache;

    /** How to scan {@code targets}: these options, the kernel the policy settled on, and a listener. */
    org.kvlint.engine.ScanOptions scan(java.util.List<String> targets, Optional<KernelVersion> kernel,
                                       org.kvlint.engine.Progress progress) {
        if (treeRoot != null && !java.nio.file.Files.isDirectory(treeRoot)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--tree-root: not a directory: " + treeRoot);
        }
        return new org.kvlint.engine.ScanOptions(targets, threads(), kernel, Optional.ofNullable(treeRoot), !noCache,
                progress);
    }

    /** The --kernel-version given, if any; a usage error when it is not X.Y[.Z]. */
    Optional<KernelVersion> kernel() {
        try {
            return Optional.ofNullable(kernelVersion).map(KernelVersion::parse);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--kernel-version: " + e.getMessage());
        }
    }

    /**
     * More workers than this many per core only add parsers, stacks and contention: each worker
     * is CPU-bound (parsing, analysis), so past the cores it buys nothing, and thousands of them
     * made a scan several times slower.
     */
    static final int JOBS_PER_CORE = 4;

    /** --jobs, or the number of cores; a usage error below 1; capped at {@link #JOBS_PER_CORE} per core, with a note. */
    int threads() {
        if (capped == null) {
            capped = resolveThreads();
        }
        return capped;
    }

    /** What {@link #threads} found, so that its note is printed once however often it is asked. */
    private Integer capped;

    private int resolveThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = jobs == null ? cores : jobs;
        if (threads < 1) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--jobs must be at least 1");
        }
        int cap = JOBS_PER_CORE * cores;
        if (threads > cap) {
            mixee.commandLine().getErr().println("kvlint: note: --jobs " + threads + " is more than " + JOBS_PER_CORE
                    + " per core (" + cores + (cores == 1 ? " core" : " cores") + "); using " + cap);
            threads = cap;
        }
        return threads;
    }
}
