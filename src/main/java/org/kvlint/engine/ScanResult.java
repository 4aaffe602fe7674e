package org.kvlint.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.index.TreeIndex;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;

/**
 * Everything a scan produced, sorted: findings by path and position, diagnostics by path.
 *
 * @param kernel the kernel version the rules assumed, and where it came from
 * @param index the tree-wide index: the merged summaries (built when first asked for, see
 *     {@link #summaries}) and what every file of the tree calls and frees
 * @param tree what the index covered and how the cache served it
 * @param directives the suppression comments of every scanned file that has any, by display path
 *     (sorted); {@link FindingPolicy} applies them after the scan
 * @param partly the analysed top-level items tree-sitter could only partly parse (ERROR or
 *     MISSING nodes), sorted by path and line, built when first asked for (see {@link #partlyParsed})
 * @param suppressed findings a suppression comment silenced (set by {@link FindingPolicy}; kept,
 *     not dropped: SARIF and JSON show them as suppressed, text and the exit status ignore them)
 * @param unusedSuppressions directives that silenced nothing (set by {@link FindingPolicy} when
 *     asked to report them)
 * @param texts the bytes of every reported file with findings, as the scan read them (or the
 *     cache kept them), by display path: a report takes its regions, fingerprints and source lines
 *     from them rather than reading those files again
 * @param parsed the items the scan parsed of every reported file with findings that it analysed
 *     in this run, by display path: the proofs of the file's fixes take them rather than parse
 *     them again
 */
public record ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats,
                         KernelVersion kernel, String kernelSource, TreeIndex index, Tree tree,
                         SortedMap<String, FileDirectives> directives, Supplier<List<PartlyParsed>> partly,
                         List<SuppressedFinding> suppressed, List<UnusedSuppression> unusedSuppressions,
                         Map<String, byte[]> texts, Map<String, ParsedItems> parsed) {

    public ScanResult {
        findings = List.copyOf(findings);
        diagnostics = List.copyOf(diagnostics);
        directives = Collections.unmodifiableSortedMap(new TreeMap<>(directives));
        suppressed = List.copyOf(suppressed);
        unusedSuppressions = List.copyOf(unusedSuppressions);
        texts = Collections.unmodifiableSortedMap(new TreeMap<>(texts));
        parsed = Map.copyOf(parsed);
    }

    /** A result of the given summaries and parse details, nothing suppressed yet (tests). */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource, WrapperSummaries summaries, Map<String, FileDirectives> directives,
                      List<PartlyParsed> partlyParsed) {
        this(findings, diagnostics, stats, kernel, kernelSource, TreeIndex.of(summaries), Tree.NONE,
                new TreeMap<>(directives), () -> List.copyOf(partlyParsed), List.of(), List.of(), Map.of(), Map.of());
    }

    /** A result without directives or parse details. */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource, WrapperSummaries summaries) {
        this(findings, diagnostics, stats, kernel, kernelSource, summaries, Map.of(), List.of());
    }

    /** A result that used no wrapper summaries (tests, hand-made results). */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource) {
        this(findings, diagnostics, stats, kernel, kernelSource, WrapperSummaries.EMPTY);
    }

    /**
     * The tree-wide wrapper summaries the rules used: a later re-analysis of one file
     * ({@code kvlint fix}, the proof of fixes) needs them to find the same cross-file findings.
     * A scan served whole from the cache builds them only when asked.
     */
    public WrapperSummaries summaries() {
        return index.summaries();
    }

    /** The partly parsed items (read from the cache only when asked). */
    public List<PartlyParsed> partlyParsed() {
        return partly.get();
    }

    /** The same scan with other findings and diagnostics (a filter, a baseline, proven fixes). */
    public ScanResult with(List<Finding> newFindings, List<Diagnostic> newDiagnostics) {
        return new ScanResult(newFindings, newDiagnostics, stats, kernel, kernelSource, index, tree, directives,
                partly, suppressed, unusedSuppressions, texts, parsed);
    }

    /** The same scan with what the suppression comments silenced, and what they did not use. */
    public ScanResult withSuppressions(List<SuppressedFinding> newSuppressed, List<UnusedSuppression> newUnused) {
        return new ScanResult(findings, diagnostics, stats, kernel, kernelSource, index, tree, directives, partly,
                newSuppressed, newUnused, texts, parsed);
    }

    /**
     * @param filesScanned C files reported on (read in this run or served unchanged from the cache)
     * @param filesParsed files whose relevant items were parsed
     * @param filesWithParseErrors parsed files with at least one ERROR/MISSING node in an analysed part
     * @param functionsWithParseErrors analysed top-level items (functions...) containing ERROR/MISSING nodes
     * @param bytesScanned bytes of the files reported on
     * @param bytesParsed bytes of their parsed items
     * @param nanos wall time
     */
    public record Stats(int filesScanned, int filesParsed, int filesWithParseErrors, int functionsWithParseErrors,
                        long bytesScanned, long bytesParsed, long nanos) {
        public double seconds() {
            return nanos / 1e9;
        }
    }

    /**
     * What the index covered and how the cache served it.
     *
     * @param root the tree the index covered, as a path ("" when the index covered only the given paths)
     * @param rootSource how it was chosen: "kernel tree", "--tree-root", or ""
     * @param filesIndexed files in the index (the whole tree, even when only a subdirectory is reported)
     * @param filesRead files read in this run (the others came from the cache unread)
     * @param itemsParsed top-level items parsed in this run
     * @param reanalysed files analysed twice in this run (read and their items parsed again): the
     *     solve rounds found that an answer of the tree-wide index changed after their analysis
     * @param cycleAnalyses analyses of members of a cycle of files again, on the items their first
     *     analysis parsed (nothing read or parsed twice), until the cycle agreed
     * @param cache "off", "cold" (nothing cached), or "warm"
     */
    public record Tree(String root, String rootSource, int filesIndexed, int filesRead, int itemsParsed,
                       int reanalysed, int cycleAnalyses, String cache) {
        public static final Tree NONE = new Tree("", "", 0, 0, 0, 0, 0, "off");

        /** The real path of the tree the index covered, the base of its keys; empty without one. */
        public Optional<Path> rootPath() {
            return root.isEmpty() ? Optional.empty() : Optional.of(Path.of(root));
        }
    }

    /**
     * A top-level item tree-sitter could only partly parse.
     *
     * @param path display path
     * @param line 1-based line where the item starts
     * @param function the function's name, or empty for another item (a declaration, a macro call...)
     */
    public record PartlyParsed(String path, int line, String function) implements Comparable<PartlyParsed> {
        @Override
        public int compareTo(PartlyParsed o) {
            int c = path.compareTo(o.path);
            return c != 0 ? c : Integer.compare(line, o.line);
        }

        /** "function foo()" or "the item at line 12". */
        public String describe() {
            return function.isEmpty() ? "the item at line " + line : "function " + function + "()";
        }
    }

    /** A finding a suppression comment silenced, and the comment. */
    public record SuppressedFinding(Finding finding, FileDirectives.Suppression by) {}

    /** A directive (one id of it) that silenced no finding. */
    public record UnusedSuppression(String path, FileDirectives.Suppression directive) {}

    public boolean hasFindings() {
        return !findings.isEmpty();
    }
}
