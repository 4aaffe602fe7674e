package org.kvlint.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;
import org.kvlint.source.FileIdentity;

/**
 * The on-disk cache of per-file facts: one pack file per scanned tree (and kvlint build and target
 * kernel), under {@code ${XDG_CACHE_HOME:-~/.cache}/kvlint/packs/}. A pack holds one
 * {@link FileEntry} per file of the tree, keyed by the file's path in the tree and checked against
 * its identity (size, mtime, inode, device) the way git's index is, so an unchanged file is never
 * read again; its analysis (summaries, findings, the questions its rules asked) is decoded only
 * when the scan needs it.
 *
 * <p>Safe by construction: a pack is written to a temporary file in the same directory, synced,
 * and renamed over the old one, so concurrent runs each see a whole pack (the last writer wins);
 * every pack ends with a CRC32C of its bytes and is discarded, with one line on stderr, when it
 * does not match or cannot be decoded; the analyses are plain records encoded by
 * {@link RecordCodec}, which rebuilds only kvlint's own records and enums. The
 * directory is bounded: packs of other kvlint builds and packs not used for 30 days are deleted, and
 * the oldest go first when the whole cache exceeds its size limit ({@code KVLINT_CACHE_MAX_MB},
 * default 1024). A value made from a whole scan (the proofs of its fixes) can be kept beside a
 * pack ({@link #saveValue}), written, checked and bounded the same way.
 */
public final class Cache {
    private static final byte[] MAGIC = "KVLPACK\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE_MAGIC = "KVLVALU\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 2;
    /** In a diagnostic's severity byte: kvlint itself failed there ({@link Diagnostic#internal()}). */
    private static final int INTERNAL_BIT = 0x40;
    private static final long STALE_MILLIS = 30L * 24 * 3600 * 1000;
    private static final long OTHER_BUILD_MILLIS = 24L * 3600 * 1000;
    /** Modification times this close to the scan's start are not trusted (coarse or lagging clocks). */
    public static final long RACY_NANOS = 2_000_000_000L;

    private final Path dir;
    private final String build;
    /** Where a line for the user goes (a damaged pack discarded). */
    private final java.util.function.Consumer<String> notes;

    private Cache(Path dir, String build, java.util.function.Consumer<String> notes) {
        this.dir = dir;
        this.build = build;
        this.notes = notes;
    }

    /**
     * The cache in its usual place: {@code -Dkvlint.cacheDir}, else {@code $KVLINT_CACHE_DIR},
     * else {@code $XDG_CACHE_HOME/kvlint}, else {@code ~/.cache/kvlint}.
     */
    public static Cache open(java.util.function.Consumer<String> notes) {
        String prop = System.getProperty("kvlint.cacheDir");
        String env = System.getenv("KVLINT_CACHE_DIR");
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path dir = prop != null && !prop.isEmpty() ? Path.of(prop)
                : env != null && !env.isEmpty() ? Path.of(env)
                : xdg != null && !xdg.isEmpty() ? Path.of(xdg, "kvlint")
                : Path.of(System.getProperty("user.home"), ".cache", "kvlint");
        return new Cache(dir, Build.id(), notes);
    }

    /** A cache in a given directory (tests). */
    public static Cache at(Path dir, String build, java.util.function.Consumer<String> notes) {
        return new Cache(dir, build, notes);
    }

    public Path directory() {
        return dir;
    }

    /**
     * The pack of a tree, as last written.
     *
     * @param scope what identifies the tree and the analysis: its root (or targets) and the kernel version
     */
    public Pack load(String scope) {
        Path file = packFile(scope);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                return Pack.EMPTY;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Pack.EMPTY;
        }
        try {
            Pack p = decode(bytes);
            if (!p.build().equals(build) || !p.scope().equals(scope)) {
                return Pack.EMPTY;
            }
            touch(file);
            return p;
        } catch (RuntimeException e) {
            discard(file, e);
            return Pack.EMPTY;
        }
    }

    /** Writes a tree's pack atomically, then keeps the directory within its bounds. Never fails the scan. */
    public void save(String scope, long scanStartNanos, List<FileEntry> entries, List<String> interesting) {
        Path file = packFile(scope);
        try {
            writeAtomically(file, encode(new Pack(build, scope, scanStartNanos, entries, interesting)));
        } catch (IOException | RuntimeException e) {
            cannotWrite(e);
        }
    }

    /**
     * A value kept beside a tree's pack ({@code kind} names it, e.g. "proofs"), as {@link #saveValue}
     * last wrote it for this kvlint build and scope; empty when there is none, and when it is damaged
     * (then discarded with one line on stderr).
     */
    public java.util.Optional<Object> loadValue(String scope, String kind) {
        Path file = valueFile(scope, kind);
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        try {
            ByteBuffer b = checked(bytes, VALUE_MAGIC);
            if (!utf(b).equals(build) || !utf(b).equals(scope)) {
                return java.util.Optional.empty();
            }
            byte[] blob = new byte[count(b, 1)];
            b.get(blob);
            if (b.hasRemaining()) {
                throw new IllegalStateException("trailing bytes");
            }
            Object value = RecordCodec.decode(blob);
            touch(file);
            return java.util.Optional.ofNullable(value);
        } catch (RuntimeException e) {
            discard(file, e);
            return java.util.Optional.empty();
        }
    }

    /**
     * Writes a value beside a tree's pack, atomically (see {@link #loadValue}); a plain value of
     * kvlint's records, as the facts are. Never fails the command.
     */
    public void saveValue(String scope, String kind, Object value) {
        try {
            byte[] blob = RecordCodec.encode(value);
            Out out = new Out(blob.length + 256);
            out.bytes(VALUE_MAGIC);
            out.putInt(FORMAT);
            out.str(build);
            out.str(scope);
            out.putInt(blob.length);
            out.bytes(blob);
            writeAtomically(valueFile(scope, kind), out.sealed());
        } catch (IOException | RuntimeException e) {
            cannotWrite(e);
        }
    }

    /** A plain value of kvlint's records as bytes (see {@link RecordCodec}), to keep inside a value. */
    public static byte[] encodeValue(Object value) {
        return RecordCodec.encode(value);
    }

    /**
     * The value {@link #encodeValue} made.
     *
     * @throws IllegalStateException when the bytes are not such a value
     */
    public static Object decodeValue(byte[] bytes) {
        return RecordCodec.decode(bytes);
    }

    /** Whether this run said already that the cache cannot be written: said once, not per file. */
    private boolean cannotWriteNoted;

    private synchronized void cannotWrite(Exception e) {
        if (!cannotWriteNoted) {
            cannotWriteNoted = true;
            notes.accept("kvlint: note: cannot write the cache in " + dir + ": " + why(e) + " (the scan goes on without it)");
        }
    }

    /** "permission denied: FILE" rather than the bare file name a FileSystemException gives as its message. */
    private static String why(Exception e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied: " + a.getFile();
            case java.nio.file.NoSuchFileException n -> "no such file or directory: " + n.getFile();
            case java.nio.file.FileSystemException f -> f.getFile() + ": "
                    + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            default -> String.valueOf(e.getMessage());
        };
    }

    private void discard(Path file, RuntimeException why) {
        notes.accept("kvlint: note: cache file " + file + " is damaged (" + why.getMessage() + "), discarded");
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // another run may be replacing it: it is discarded either way
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code file}, syncs it and renames it over {@code file}; then evicts. */
    private void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), ".pack-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            evict(file);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file nobody will read
                }
            }
        }
    }

    private Path packFile(String scope) {
        return valueFile(scope, "pack");
    }

    private Path valueFile(String scope, String kind) {
        return dir.resolve("packs").resolve(sha(build).substring(0, 16) + "-" + sha(scope).substring(0, 24) + "." + kind);
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only eviction order depends on it
        }
    }

    /** Deletes stale packs, then the least recently used ones while the directory is over its limit. */
    private void evict(Path keep) throws IOException {
        long limit = limitBytes();
        String mine = sha(build).substring(0, 16);
        List<Path> packs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(keep.getParent())) {
            for (Path p : ds) {
                packs.add(p);
            }
        }
        long now = System.currentTimeMillis();
        Map<Path, long[]> info = new HashMap<>();
        for (Path p : packs) {
            try {
                long age = now - Files.getLastModifiedTime(p).toMillis();
                String name = p.getFileName().toString();
                boolean tmp = name.startsWith(".pack-");
                boolean otherBuild = !tmp && !name.startsWith(mine);
                if (!p.equals(keep) && (age > STALE_MILLIS || otherBuild && age > OTHER_BUILD_MILLIS
                        || tmp && age > OTHER_BUILD_MILLIS)) {
                    Files.deleteIfExists(p);
                } else {
                    info.put(p, new long[] {Files.size(p), Files.getLastModifiedTime(p).toMillis()});
                }
            } catch (IOException ignored) {
                // gone meanwhile
            }
        }
        long total = info.values().stream().mapToLong(v -> v[0]).sum();
        List<Path> oldestFirst = new ArrayList<>(info.keySet());
        oldestFirst.sort(java.util.Comparator.comparingLong(p -> info.get(p)[1]));
        for (Path p : oldestFirst) {
            if (total <= limit) {
                break;
            }
            if (!p.equals(keep)) {
                Files.deleteIfExists(p);
                total -= info.get(p)[0];
            }
        }
    }

    private static long limitBytes() {
        String v = System.getenv("KVLINT_CACHE_MAX_MB");
        try {
            return v == null ? 1024L << 20 : Long.parseLong(v.trim()) << 20;
        } catch (NumberFormatException e) {
            return 1024L << 20;
        }
    }

    static String sha(String s) {
        return HexFormat.of().formatHex(digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of some bytes (a racily clean file's content). */
    public static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One tree's cached state.
     *
     * @param build the kvlint build that wrote it
     * @param scope the tree and analysis it describes
     * @param scanStartNanos when the scan that wrote it started (wall clock, ns since the epoch): a
     *     file modified after {@code scanStartNanos - RACY_NANOS} may have changed unseen
     * @param entries one per file, sorted by key
     * @param interesting the tree-wide helper names that chose items (the next scan starts from them)
     */
    public record Pack(String build, String scope, long scanStartNanos, List<FileEntry> entries,
                       List<String> interesting) {
        static final Pack EMPTY = new Pack("", "", 0, List.of(), List.of());

        public static Pack empty() {
            return EMPTY;
        }

        public Map<String, FileEntry> byKey() {
            Map<String, FileEntry> m = new HashMap<>(entries.size() * 2);
            for (FileEntry e : entries) {
                m.put(e.key(), e);
            }
            return m;
        }

        /** Can an entry's identity alone say that the file is unchanged? */
        public boolean trusted(FileEntry e, FileIdentity now) {
            return e.identity().equals(now) && now.mtimeNanos() < scanStartNanos - RACY_NANOS;
        }
    }

    static byte[] encode(Pack p) {
        // about what an entry takes on average (425 bytes on 6.1): the array is rarely grown
        Out out = new Out((int) Math.min(Integer.MAX_VALUE - 8, 4096 + 512L * p.entries().size()));
        out.bytes(MAGIC);
        out.putInt(FORMAT);
        out.str(p.build());
        out.str(p.scope());
        out.putLong(p.scanStartNanos());
        out.putInt(p.interesting().size());
        for (String s : p.interesting()) {
            out.str(s);
        }
        out.putInt(p.entries().size());
        for (FileEntry e : p.entries()) {
            entry(out, e);
        }
        return out.sealed();
    }

    /**
     * One entry of a pack. A method of its own, not the body of {@link #encode}'s loop: the loop
     * runs once per run, 55,000 times for a kernel, too few for the JIT to compile it in place
     * (interpreted, it took 0.1 s), while a method called that often is compiled after its first
     * few hundred calls.
     */
    private static void entry(Out out, FileEntry e) {
        out.str(e.key());
        out.putLong(e.identity().size());
        out.putLong(e.identity().mtimeNanos());
        out.putLong(e.identity().inode());
        out.putLong(e.identity().device());
        out.putLong(e.size());
        boolean directives = !e.directives().isEmpty();
        int flags = (e.callsToken() ? 1 : 0) | (e.contentHash() != null ? 2 : 0) | (e.analysis() != null ? 4 : 0)
                | (directives ? 8 : 0);
        out.put(flags);
        if (e.contentHash() != null) {
            out.putShort(e.contentHash().length);
            out.bytes(e.contentHash());
        }
        out.putInt(e.diagnostics().size());
        for (Diagnostic d : e.diagnostics()) {
            out.put(d.severity().ordinal() | (d.internal() ? INTERNAL_BIT : 0));
            out.str(d.path());
            out.str(d.message());
        }
        out.ints(e.calls().names());
        out.ints(e.calls().freedFields());
        out.ints(e.calls().defines());
        if (directives) {
            byte[] d = RecordCodec.encode(e.directives());
            out.putInt(d.length);
            out.bytes(d);
        }
        if (e.analysis() != null) {
            byte[] blob = e.analysis().blob();
            StoredAnalysis.Counts c = e.analysis().counts();
            out.putInt(c.findings());
            out.putInt(c.itemsParsed());
            out.putLong(c.bytesParsed());
            out.putInt(c.partlyParsed());
            out.putInt(blob.length);
            out.bytes(blob);
        }
    }

    /**
     * A cache file as it is written: big-endian values into one growing array, arrays of ints in
     * bulk, then the CRC32C of it all ({@link #checked} verifies it). A whole kernel's pack is about
     * 24 MB, most of it call hashes, written again after every scan that read a file: one stream
     * call per int (DataOutputStream) took 0.17-0.2 s of a 1.4 s scan after a one-file edit.
     */
    private static final class Out {
        private ByteBuffer b;

        Out(int capacity) {
            b = ByteBuffer.allocate(capacity);
        }

        private void room(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(2L * b.capacity(), (long) b.position() + n)));
                bigger.put(b.flip());
                b = bigger;
            }
        }

        void put(int v) {
            room(1);
            b.put((byte) v);
        }

        void putShort(int v) {
            room(2);
            b.putShort((short) v);
        }

        void putInt(int v) {
            room(4);
            b.putInt(v);
        }

        void putLong(long v) {
            room(8);
            b.putLong(v);
        }

        void bytes(byte[] a) {
            room(a.length);
            b.put(a);
        }

        void ints(int[] a) {
            putInt(a.length);
            room(4 * a.length);
            b.asIntBuffer().put(a);
            b.position(b.position() + 4 * a.length);
        }

        void str(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            putInt(u.length);
            bytes(u);
        }

        /** The bytes written, followed by their CRC32C. */
        byte[] sealed() {
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, b.position());
            putLong(crc.getValue());
            return b.position() == b.capacity() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    static Pack decode(byte[] bytes) {
        ByteBuffer b = checked(bytes, MAGIC);
        String build = utf(b);
        String scope = utf(b);
        long start = b.getLong();
        int ni = count(b, 2);
        List<String> interesting = new ArrayList<>(ni);
        for (int i = 0; i < ni; i++) {
            interesting.add(utf(b));
        }
        int n = count(b, 40);
        List<FileEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(entry(b));
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("trailing bytes");
        }
        return new Pack(build, scope, start, List.copyOf(entries), List.copyOf(interesting));
    }

    /** One entry of a pack; a method of its own for the same reason as {@link #entry(Out, FileEntry)}. */
    private static FileEntry entry(ByteBuffer b) {
        String key = utf(b);
        FileIdentity id = new FileIdentity(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        long size = b.getLong();
        int flags = b.get();
        byte[] hash = null;
        if ((flags & 2) != 0) {
            hash = new byte[b.getShort()];
            b.get(hash);
        }
        int nd = count(b, 5);
        List<Diagnostic> diags = new ArrayList<>(nd);
        for (int d = 0; d < nd; d++) {
            int sevByte = b.get();
            int sev = sevByte & ~INTERNAL_BIT;
            Diagnostic.Severity[] sevs = Diagnostic.Severity.values();
            if (sev < 0 || sev >= sevs.length) {
                throw new IllegalStateException("bad diagnostic");
            }
            diags.add(new Diagnostic(utf(b), sevs[sev], utf(b), (sevByte & INTERNAL_BIT) != 0));
        }
        int[] hashes = ints(b);
        int[] freed = ints(b);
        int[] defines = ints(b);
        FileDirectives directives = FileDirectives.NONE;
        if ((flags & 8) != 0) {
            byte[] d = new byte[count(b, 1)];
            b.get(d);
            if (!(RecordCodec.decode(d) instanceof FileDirectives fd)) {
                throw new IllegalStateException("bad directives");
            }
            directives = fd;
        }
        StoredAnalysis a = null;
        if ((flags & 4) != 0) {
            StoredAnalysis.Counts c = new StoredAnalysis.Counts(b.getInt(), b.getInt(), b.getLong(), b.getInt());
            byte[] blob = new byte[count(b, 1)];
            b.get(blob);
            a = StoredAnalysis.stored(blob, c);
        }
        return new FileEntry(key, id, hash, diags, size, new FileEntry.Calls(hashes, (flags & 1) != 0, freed, defines),
                directives, a);
    }

    /**
     * The bytes of a cache file after its magic and format, up to its checksum.
     *
     * @throws IllegalStateException when it is truncated, damaged, or not of this kind and format
     */
    private static ByteBuffer checked(byte[] bytes, byte[] magic) {
        if (bytes.length < magic.length + 12) {
            throw new IllegalStateException("truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != b.getLong(bytes.length - 8)) {
            throw new IllegalStateException("checksum mismatch");
        }
        b.limit(bytes.length - 8);
        for (byte m : magic) {
            if (b.get() != m) {
                throw new IllegalStateException("not a kvlint cache file");
            }
        }
        if (b.getInt() != FORMAT) {
            throw new IllegalStateException("unknown format");
        }
        return b;
    }

    /** A length that the remaining bytes can hold, at {@code unit} bytes per element at least. */
    private static int count(ByteBuffer b, int unit) {
        int n = b.getInt();
        if (n < 0 || (long) n * unit > b.remaining()) {
            throw new IllegalStateException("bad length");
        }
        return n;
    }

    /** Shared by the many entries with an empty array (no member freed by name, no definition). */
    private static final int[] NO_INTS = new int[0];

    private static int[] ints(ByteBuffer b) {
        int n = count(b, 4);
        if (n == 0) {
            return NO_INTS;
        }
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        b.position(b.position() + 4 * a.length);
        return a;
    }

    private static String utf(ByteBuffer b) {
        int len = count(b, 1);
        String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }

    static byte[] serialise(FileEntry.Analysis a) {
        return RecordCodec.encode(a);
    }

    static FileEntry.Analysis deserialise(byte[] blob) {
        if (!(RecordCodec.decode(blob) instanceof FileEntry.Analysis a)) {
            throw new IllegalStateException("not an analysis");
        }
        return a;
    }

}
