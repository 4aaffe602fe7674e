package org.kvlint.index;

/**
 * A file's analysis as the cache holds it: decoded only when the scan needs it (its findings for
 * a report, its summaries for the index, its questions to check), and encoded only when a pack is
 * written. Most packs are read to report a handful of files: the rest stay bytes.
 */
public final class StoredAnalysis {
    private byte[] blob;
    private FileEntry.Analysis value;
    private final Counts counts;

    /**
     * What a report needs of every analysed file, known without decoding it.
     *
     * @param findings findings held
     * @param itemsParsed top-level items parsed
     * @param bytesParsed their bytes
     * @param partlyParsed items tree-sitter could only partly parse
     */
    public record Counts(int findings, int itemsParsed, long bytesParsed, int partlyParsed) {}

    private StoredAnalysis(byte[] blob, FileEntry.Analysis value, Counts counts) {
        this.blob = blob;
        this.value = value;
        this.counts = counts;
    }

    public static StoredAnalysis of(FileEntry.Analysis a) {
        return new StoredAnalysis(null, a, new Counts(a.findings().size(), a.itemsParsed(), a.bytesParsed(),
                a.partlyParsed().size()));
    }

    static StoredAnalysis stored(byte[] blob, Counts counts) {
        return new StoredAnalysis(blob, null, counts);
    }

    /** The analysis; a blob that cannot be decoded throws {@link Damaged}. */
    public synchronized FileEntry.Analysis get() {
        if (value == null) {
            try {
                value = Cache.deserialise(blob);
            } catch (RuntimeException e) {
                throw new Damaged(e);
            }
        }
        return value;
    }

    /** A cached analysis that cannot be decoded: the scan starts again without the cache. */
    public static final class Damaged extends RuntimeException {
        Damaged(Throwable cause) {
            super("a cached analysis cannot be decoded: " + cause.getMessage(), cause);
        }
    }

    synchronized byte[] blob() {
        if (blob == null) {
            blob = Cache.serialise(value);
        }
        return blob;
    }

    public Counts counts() {
        return counts;
    }
}
