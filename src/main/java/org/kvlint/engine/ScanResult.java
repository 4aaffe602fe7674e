package org.kvlint.engine;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;

/**
 * Everything a scan produced, sorted: findings by path and position, diagnostics by path.
 *
 * @param kernel the kernel version the rules assumed, and where it came from
 * @param summaries the tree-wide wrapper summaries the rules used: a later re-analysis of one file
 *     ({@code kvlint fix}, the proof of fixes) needs them to find the same cross-file findings
 * @param directives the suppression comments of every scanned file that has any, by display path
 *     (sorted); {@link FindingPolicy} applies them after the scan
 * @param partlyParsed the analysed top-level items tree-sitter could only partly parse (ERROR or
 *     MISSING nodes), sorted by path and line: what {@code --verbose} and the JSON diagnostics list
 * @param suppressed findings a suppression comment silenced (set by {@link FindingPolicy}; kept,
 *     not dropped: SARIF and JSON show them as suppressed, text and the exit status ignore them)
 * @param unusedSuppressions directives that silenced nothing (set by {@link FindingPolicy} when
 *     asked to report them)
 */
public record ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats,
                         KernelVersion kernel, String kernelSource, WrapperSummaries summaries,
                         SortedMap<String, FileDirectives> directives, List<PartlyParsed> partlyParsed,
                         List<SuppressedFinding> suppressed, List<UnusedSuppression> unusedSuppressions) {

    public ScanResult {
        findings = List.copyOf(findings);
        diagnostics = List.copyOf(diagnostics);
        directives = Collections.unmodifiableSortedMap(new TreeMap<>(directives));
        partlyParsed = List.copyOf(partlyParsed);
        suppressed = List.copyOf(suppressed);
        unusedSuppressions = List.copyOf(unusedSuppressions);
    }

    /** A scan's raw result: nothing suppressed yet. */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource, WrapperSummaries summaries, Map<String, FileDirectives> directives,
                      List<PartlyParsed> partlyParsed) {
        this(findings, diagnostics, stats, kernel, kernelSource, summaries, new TreeMap<>(directives), partlyParsed,
                List.of(), List.of());
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

    /** The same scan with other findings and diagnostics (a filter, a baseline, proven fixes). */
    public ScanResult with(List<Finding> newFindings, List<Diagnostic> newDiagnostics) {
        return new ScanResult(newFindings, newDiagnostics, stats, kernel, kernelSource, summaries, directives,
                partlyParsed, suppressed, unusedSuppressions);
    }

    /** The same scan with what the suppression comments silenced, and what they did not use. */
    public ScanResult withSuppressions(List<SuppressedFinding> newSuppressed, List<UnusedSuppression> newUnused) {
        return new ScanResult(findings, diagnostics, stats, kernel, kernelSource, summaries, directives, partlyParsed,
                newSuppressed, newUnused);
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
