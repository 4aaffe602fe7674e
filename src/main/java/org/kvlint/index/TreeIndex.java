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

    /**
     * Where a value made from the whole scan (the proofs of its fixes) is kept between runs: beside
     * the tree's pack in the cache, with the fingerprint of every file's identity it was made from,
     * so that it is used again only for exactly that tree.
     *
     * @param fingerprintOf SHA-256 over every indexed file's key and identity (and content hash,
     *     for a file modified too close to the scan for its identity to be trusted), made when first
     *     asked for (see {@link #fingerprint(List)})
     */
    public record Kept(Cache cache, String scope, Supplier<String> fingerprintOf) {
        public String fingerprint() {
            return fingerprintOf.get();
        }

        public java.util.Optional<Object> load(String kind) {
            return cache.loadValue(scope, kind);
        }

        public void save(String kind, Object value) {
            cache.saveValue(scope, kind, value);
        }

        /**
         * The fingerprint of these entries, in index order: each entry's name (by its hash: the
         * identities tell files apart) and identity, and its content hash when it has one.
         */
        public static String fingerprint(List<FileEntry> entries) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(entries.size() * 37 + 64);
            for (FileEntry e : entries) {
                byte[] h = e.contentHash() == null ? new byte[0] : e.contentHash();
                if (b.remaining() < 37 + h.length) {
                    b = java.nio.ByteBuffer.allocate(b.capacity() * 2 + h.length).put(b.flip());
                }
                b.putInt(e.key().hashCode()).putLong(e.identity().size()).putLong(e.identity().mtimeNanos())
                        .putLong(e.identity().inode()).putLong(e.identity().device()).put((byte) h.length).put(h);
            }
            return java.util.HexFormat.of().formatHex(Cache.digest(java.util.Arrays.copyOf(b.array(), b.position())));
        }
    }

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
    private final java.util.Optional<Kept> kept;

    public TreeIndex(List<File> files, Supplier<WrapperSummaries> summaries) {
        this(files, summaries, java.util.Optional.empty());
    }

    /**
     * @param kept where values made from this scan are kept between runs; empty without a cache
     */
    public TreeIndex(List<File> files, Supplier<WrapperSummaries> summaries, java.util.Optional<Kept> kept) {
        this.files = List.copyOf(files);
        this.summaries = summaries;
        this.kept = kept;
    }

    /** Where values made from this scan are kept between runs (empty with --no-cache, and in tests). */
    public java.util.Optional<Kept> kept() {
        return kept;
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
        return filesWhere(c -> c.mayCall(function));
    }

    /**
     * The files that may define a function named {@code function} (found by the hash of the
     * name, from the shape of their text: read them to be sure).
     */
    public List<File> mayDefine(String function) {
        return filesWhere(c -> c.mayDefine(function));
    }

    /** The files that may free a struct member named {@code field} with a table free (read them to be sure). */
    public List<File> mayFreeField(String field) {
        return filesWhere(c -> c.mayFreeField(field));
    }

    /** The indexed files whose one read found {@code test} true of what they call, define and free. */
    private List<File> filesWhere(java.util.function.Predicate<FileEntry.Calls> test) {
        List<File> out = new ArrayList<>();
        for (File f : files) {
            if (test.test(f.calls())) {
                out.add(f);
            }
        }
        return out;
    }
}
