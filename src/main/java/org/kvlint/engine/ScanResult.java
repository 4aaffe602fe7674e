package org.kvlint.engine;

import java.util.List;
import java.util.function.Supplier;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;

/**
 * Everything a scan produced, sorted: findings by path and position, diagnostics by path.
 *
 * @param kernel the kernel version the rules assumed, and where it came from
 * @param index the tree-wide wrapper summaries, built when first asked for (see {@link #summaries})
 */
public record ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats,
                         KernelVersion kernel, String kernelSource, Supplier<WrapperSummaries> index, Tree tree) {

    /** A result that used no wrapper summaries (tests, hand-made results). */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource) {
        this(findings, diagnostics, stats, kernel, kernelSource, () -> WrapperSummaries.EMPTY, Tree.NONE);
    }

    /** A result of the given summaries, without tree information (tests). */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource, WrapperSummaries summaries) {
        this(findings, diagnostics, stats, kernel, kernelSource, () -> summaries, Tree.NONE);
    }

    /**
     * The tree-wide wrapper summaries the rules used: a later re-analysis of one file
     * ({@code kvlint fix}, the proof of fixes) needs them to find the same cross-file findings.
     * A scan served whole from the cache builds them only when asked.
     */
    public WrapperSummaries summaries() {
        return index.get();
    }

    /** The same scan with other findings and diagnostics (a filter, a baseline, proven fixes). */
    public ScanResult with(List<Finding> newFindings, List<Diagnostic> newDiagnostics) {
        return new ScanResult(newFindings, newDiagnostics, stats, kernel, kernelSource, index, tree);
    }

    /**
     * What the index covered and how the cache served it.
     *
     * @param root the tree the index covered, as a path ("" when the index covered only the given paths)
     * @param rootSource how it was chosen: "kernel tree", "--tree-root", or ""
     * @param filesIndexed files in the index (the whole tree, even when only a subdirectory is reported)
     * @param filesRead files read in this run (the others came from the cache unread)
     * @param itemsParsed top-level items parsed in this run
     * @param cache "off", "cold" (nothing cached), or "warm"
     * @param partly reported files' analysed items tree-sitter could only partly parse, as
     *     "path: item" lines, sorted
     */
    public record Tree(String root, String rootSource, int filesIndexed, int filesRead, int itemsParsed, String cache,
                       Supplier<List<String>> partly) {
        public static final Tree NONE = new Tree("", "", 0, 0, 0, "off", List::of);

        /** The partly parsed items (decoded from the cache only when asked). */
        public List<String> partlyParsed() {
            return partly.get();
        }
    }

    /**
     * @param filesScanned C files read
     * @param filesParsed files the prefilter kept and tree-sitter parsed
     * @param filesWithParseErrors parsed files with at least one ERROR/MISSING node in an analysed part
     * @param functionsWithParseErrors analysed top-level items (functions...) containing ERROR/MISSING nodes
     * @param bytesScanned bytes read
     * @param bytesParsed bytes parsed
     * @param nanos wall time
     */
    public record Stats(int filesScanned, int filesParsed, int filesWithParseErrors, int functionsWithParseErrors,
                        long bytesScanned, long bytesParsed, long nanos) {
        public double seconds() {
            return nanos / 1e9;
        }
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }
}
