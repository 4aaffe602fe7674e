package org.kvlint.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.kvlint.facts.WrapperSummaries;

/**
 * The tree-wide index a scan built, for the questions asked after it (a fix, the proof of a fix):
 * the merged function summaries (which helpers return vmalloc memory, which free their argument),
 * and, for every file of the tree, what it calls and which struct members it frees by name, so
 * that "who else frees {@code ->i_hash_cache}?" or "who calls {@code sev_pin_memory()}?" is
 * answered by reading only the files that can matter.
 */
public final class TreeIndex {
    /** No tree: tests and hand-made scan results. */
    public static final TreeIndex EMPTY = new TreeIndex(List.of(), () -> WrapperSummaries.EMPTY);

    /** One indexed file: where it is, and what its one read found about its calls. */
    public record File(TreeScope.ScopedFile file, FileEntry.Calls calls) {
        public String key() {
            return file.key();
        }

        public Path path() {
            return file.path();
        }
    }

    private final List<File> files;
    private final Supplier<WrapperSummaries> summaries;

    public TreeIndex(List<File> files, Supplier<WrapperSummaries> summaries) {
        this.files = List.copyOf(files);
        this.summaries = summaries;
    }

    /** An index of summaries only (tests, hand-made results). */
    public static TreeIndex of(WrapperSummaries summaries) {
        return new TreeIndex(List.of(), () -> summaries);
    }

    /** The merged summaries, built the first time they are asked for when the scan did not need them. */
    public WrapperSummaries summaries() {
        return summaries.get();
    }

    /** Every indexed file, sorted by key. */
    public List<File> files() {
        return files;
    }

    /** The files that may call {@code function} (found by the hash of the name: read them to be sure). */
    public List<File> mayCall(String function) {
        List<File> out = new ArrayList<>();
        for (File f : files) {
            if (f.calls().mayCall(function)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The files that may free a struct member named {@code field} with a table free (read them to be sure). */
    public List<File> mayFreeField(String field) {
        List<File> out = new ArrayList<>();
        for (File f : files) {
            if (f.calls().mayFreeField(field)) {
                out.add(f);
            }
        }
        return out;
    }
}
