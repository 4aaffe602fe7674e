package org.kvlint.engine;

import java.util.List;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;

/**
 * Everything a scan produced, sorted: findings by path and position, diagnostics by path.
 *
 * @param kernel the kernel version the rules assumed, and where it came from
 */
public record ScanResult(List<Finding> findings, List<Diagnostic> diagnostics, Stats stats,
                         KernelVersion kernel, String kernelSource) {

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
