package org.kvlint.engine;

import java.util.List;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;

/**
 * Everything a scan produced, sorted: findings by path and position, diagnostics by path.
 *
 * @param kernel the kernel version the rules assumed, and where it came from
 * @param summaries the tree-wide wrapper summaries the rules used: a later re-analysis of one file
 *     ({@code kvlint fix}, the proof of fixes) needs them to find the same cross-file findings
 */
public record ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats,
                         KernelVersion kernel, String kernelSource, WrapperSummaries summaries) {

    /** A result that used no wrapper summaries (tests, hand-made results). */
    public ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats, KernelVersion kernel,
                      String kernelSource) {
        this(findings, diagnostics, stats, kernel, kernelSource, WrapperSummaries.EMPTY);
    }

    /** The same scan with other findings and diagnostics (a filter, a baseline, proven fixes). */
    public ScanResult with(List<Finding> newFindings, List<Diagnostic> newDiagnostics) {
        return new ScanResult(newFindings, newDiagnostics, stats, kernel, kernelSource, summaries);
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
