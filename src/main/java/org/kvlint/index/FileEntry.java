package org.kvlint.index;

import java.util.List;
import org.kvlint.facts.FunctionSummary;
import org.kvlint.rules.Finding;
import org.kvlint.source.CallScan;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;
import org.kvlint.source.FileIdentity;

/**
 * Everything the scan keeps of one file: a plain value, cached between runs, from which the
 * tree-wide index is merged and the file's findings are reported without reading it again.
 *
 * @param key the file's name in the index (see {@link TreeScope.ScopedFile#key})
 * @param identity size, mtime, inode and device when it was read
 * @param contentHash SHA-256 of the bytes, kept only for a file modified so close to the scan
 *     that its identity alone cannot be trusted next time (null otherwise)
 * @param diagnostics what was odd about it (paths are keys)
 * @param size bytes read
 * @param calls what the one pass over its bytes found about its calls
 * @param directives its suppression comments ({@link FileDirectives#NONE} for almost every file)
 * @param analysis what the analysis of its relevant items found, or null when none of its items matter
 */
public record FileEntry(String key, FileIdentity identity, byte[] contentHash, List<Diagnostic> diagnostics,
                        long size, Calls calls, FileDirectives directives, StoredAnalysis analysis) {

    public FileEntry {
        diagnostics = List.copyOf(diagnostics);
    }

    /** The same entry with another analysis (after the tree-wide index asked for more). */
    public FileEntry with(Analysis a) {
        return new FileEntry(key, identity, contentHash, diagnostics, size, calls, directives, StoredAnalysis.of(a));
    }

    public int[] callHashes() {
        return calls.names();
    }

    public boolean callsToken() {
        return calls.token();
    }

    /**
     * What a file calls, from {@link CallScan}: enough for the index to find, without reading it
     * again, whether the file calls a helper found elsewhere or frees a struct member by name.
     *
     * @param names the hash of every name it calls, ascending
     * @param token it calls a vmalloc-side table function: it is analysed whatever the index says
     * @param freedFields the hash of every member it frees by name ({@code kfree(x->buf)}), ascending
     * @param defines the hash of every function it defines (by the shape of its text:
     *     {@link CallScan#definitionAt}), ascending
     */
    public record Calls(int[] names, boolean token, int[] freedFields, int[] defines) {
        public static final Calls NONE = new Calls(new int[0], false, new int[0], new int[0]);

        public static Calls of(CallScan.Result r) {
            return new Calls(r.callHashes(), r.callsToken(), r.freedFieldHashes(), r.definedHashes());
        }

        /** Does the file (probably: hashes may collide) define a function of this name? */
        public boolean mayDefine(String name) {
            return java.util.Arrays.binarySearch(defines, CallScan.hash(name)) >= 0;
        }

        /** Does the file (probably: hashes may collide) free a member of this name? */
        public boolean mayFreeField(String name) {
            return java.util.Arrays.binarySearch(freedFields, CallScan.hash(name)) >= 0;
        }

        /** Does the file (probably) call a function of this name? */
        public boolean mayCall(String name) {
            return java.util.Arrays.binarySearch(names, CallScan.hash(name)) >= 0;
        }
    }

    /**
     * What the one parse of a file's relevant items gave.
     *
     * @param selectedBy the tree-wide helper names whose calls chose items, sorted: the analysis
     *     stands as long as the index asks for exactly these in this file
     * @param summaries the file's function summaries (merged into the index)
     * @param findings every rule's findings (paths are keys)
     * @param consulted what the rules asked the tree-wide index, with the answers they got
     * @param itemsParsed top-level items parsed
     * @param bytesParsed bytes of those items
     * @param partlyParsed analysed items tree-sitter could only partly parse
     * @param text the file's bytes as read, when it has findings (else null): a report takes the
     *     regions, fingerprints and source lines of its findings from them, and reads no file again
     */
    public record Analysis(List<String> selectedBy, List<FunctionSummary> summaries, List<Finding> findings,
                           List<Consult> consulted, int itemsParsed, long bytesParsed, List<Partly> partlyParsed,
                           byte[] text) {
        public Analysis {
            selectedBy = List.copyOf(selectedBy);
            summaries = List.copyOf(summaries);
            findings = List.copyOf(findings);
            consulted = List.copyOf(consulted);
            partlyParsed = List.copyOf(partlyParsed);
        }

        // a record compares arrays by identity: the text by its bytes
        @Override
        public boolean equals(Object o) {
            return o instanceof Analysis a && selectedBy.equals(a.selectedBy) && summaries.equals(a.summaries)
                    && findings.equals(a.findings) && consulted.equals(a.consulted) && itemsParsed == a.itemsParsed
                    && bytesParsed == a.bytesParsed && partlyParsed.equals(a.partlyParsed)
                    && java.util.Arrays.equals(text, a.text);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(selectedBy, summaries, findings, consulted, itemsParsed, bytesParsed,
                    partlyParsed, java.util.Arrays.hashCode(text));
        }
    }

    /**
     * A top-level item tree-sitter could only partly parse.
     *
     * @param line 1-based line where it starts
     * @param function the function's name, or "" for another item
     */
    public record Partly(int line, String function) {}

    /**
     * One question a rule asked the tree-wide index about a function defined elsewhere, and the
     * answer in a canonical text form; when the index gives another answer, the file is analysed again.
     *
     * @param query "returns" or "frees"
     * @param name the function
     * @param arg the argument (frees), or -1
     * @param answer the canonical answer, "" for none
     */
    public record Consult(String query, String name, int arg, String answer) {}
}
