package org.kvlint.index;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileIdentity;
import org.kvlint.source.SourceWalker;

/**
 * The tree walk through the C library (x86-64 Linux), for the warm scan whose budget is the time
 * {@code cat} needs to read the tree: {@code readdir()} says which entries are directories, so only
 * the {@code .c}/{@code .h} files are stat'ed ({@code fstatat()} relative to their directory, no
 * path strings built for the kernel), and no Java file-system object is made per entry. The same
 * rules as {@link TreeWalker}: version-control directories skipped, symlinks not followed, only
 * regular files kept. {@link #walk} is empty where the C library cannot be bound; the caller then
 * uses {@link TreeWalker}.
 */
final class NativeWalker {
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", ".pc", ".tmp_versions");
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0x10000;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final byte DT_UNKNOWN = 0;
    private static final byte DT_DIR = 4;
    private static final byte DT_REG = 8;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFDIR = 0x4000;
    private static final int S_IFREG = 0x8000;
    /** struct stat of x86-64 Linux. */
    private static final int STAT_SIZE = 144;
    private static final long ST_DEV = 0;
    private static final long ST_INO = 8;
    private static final long ST_MODE = 24;
    private static final long ST_SIZE = 48;
    private static final long ST_MTIME = 88;
    private static final long ST_MTIME_NSEC = 96;
    /** struct dirent64: d_ino, d_off, d_reclen, d_type, d_name. */
    private static final long D_TYPE = 18;
    private static final long D_NAME = 19;

    private record Libc(MethodHandle openat, MethodHandle fdopendir, MethodHandle readdir, MethodHandle closedir,
                        MethodHandle close, MethodHandle fstatat) {}

    private static final Optional<Libc> LIBC = bind();
    // static final, so that the JIT links the calls directly (a handle read from a record is not a constant)
    private static final MethodHandle OPENAT = LIBC.map(Libc::openat).orElse(null);
    private static final MethodHandle FDOPENDIR = LIBC.map(Libc::fdopendir).orElse(null);
    private static final MethodHandle READDIR = LIBC.map(Libc::readdir).orElse(null);
    private static final MethodHandle CLOSEDIR = LIBC.map(Libc::closedir).orElse(null);
    private static final MethodHandle CLOSE = LIBC.map(Libc::close).orElse(null);
    private static final MethodHandle FSTATAT = LIBC.map(Libc::fstatat).orElse(null);

    private NativeWalker() {}

    private static Optional<Libc> bind() {
        if (!"amd64".equals(System.getProperty("os.arch")) || !System.getProperty("os.name", "").equals("Linux")
                || Boolean.getBoolean("kvlint.javaWalk")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup c = linker.defaultLookup();
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            java.lang.foreign.AddressLayout p = ValueLayout.ADDRESS;
            return Optional.of(new Libc(
                    linker.downcallHandle(c.find("openat").orElseThrow(), FunctionDescriptor.of(i, i, p, i, i),
                            Linker.Option.firstVariadicArg(3)),
                    linker.downcallHandle(c.find("fdopendir").orElseThrow(), FunctionDescriptor.of(p, i)),
                    linker.downcallHandle(c.find("readdir64").orElseThrow(), FunctionDescriptor.of(p, p)),
                    linker.downcallHandle(c.find("closedir").orElseThrow(), FunctionDescriptor.of(i, p)),
                    linker.downcallHandle(c.find("close").orElseThrow(), FunctionDescriptor.of(i, i)),
                    linker.downcallHandle(c.find("fstatat").orElseThrow(), FunctionDescriptor.of(i, i, p, p, i))));
        } catch (RuntimeException | Error e) {
            return Optional.empty(); // no native access, another C library: the NIO walk does the same
        }
    }

    /** A directory to list: where it is, and its key prefix ("" for the root, else "a/b/"). */
    private record Dir(String path, String prefix) {}

    static Optional<TreeWalker.Result> walk(Path root, int threads) {
        if (LIBC.isEmpty()) {
            return Optional.empty();
        }
        Libc libc = LIBC.get();
        ConcurrentLinkedDeque<Dir> dirs = new ConcurrentLinkedDeque<>();
        dirs.add(new Dir(root.toString(), ""));
        AtomicInteger pending = new AtomicInteger(1);
        List<TreeWalker.Found> found = Collections.synchronizedList(new ArrayList<>());
        List<Diagnostic> diags = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Runnable worker = () -> {
            List<TreeWalker.Found> mine = new ArrayList<>();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment stat = arena.allocate(STAT_SIZE, 8);
                MemorySegment name = arena.allocate(4096);
                while (pending.get() > 0) {
                    Dir dir = dirs.pollLast();
                    if (dir == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    try {
                        list(libc, dir, root, stat, name, arena, dirs, pending, mine, diags);
                    } finally {
                        pending.decrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
                pending.set(0);
            }
            found.addAll(mine);
        };
        int n = Math.max(1, threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < n; t++) {
            Thread th = new Thread(worker, "kvlint-walk-" + t);
            th.start();
            started.add(th);
        }
        worker.run();
        for (Thread th : started) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("walk interrupted", e);
            }
        }
        if (!failures.isEmpty()) {
            return Optional.empty(); // the NIO walk then does it all again, the ordinary way
        }
        List<TreeWalker.Found> files = new ArrayList<>(found);
        files.sort(java.util.Comparator.comparing(TreeWalker.Found::key));
        List<Diagnostic> d = new ArrayList<>(diags);
        d.sort(null);
        return Optional.of(new TreeWalker.Result(files, d));
    }

    private static void list(Libc libc, Dir dir, Path root, MemorySegment stat, MemorySegment name, Arena arena,
                             ConcurrentLinkedDeque<Dir> dirs, AtomicInteger pending, List<TreeWalker.Found> out,
                             List<Diagnostic> diags) throws Throwable {
        MemorySegment path = arena.allocateFrom(dir.path());
        int fd = (int) OPENAT.invokeExact(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            String key = dir.prefix().isEmpty() ? "." : dir.prefix().substring(0, dir.prefix().length() - 1);
            diags.add(new Diagnostic(key, Diagnostic.Severity.WARNING, "cannot read directory"));
            return;
        }
        MemorySegment stream = (MemorySegment) FDOPENDIR.invokeExact(fd);
        if (stream.equals(MemorySegment.NULL)) {
            int ignored = (int) CLOSE.invokeExact(fd);
            return;
        }
        try {
            while (true) {
                MemorySegment ent = (MemorySegment) READDIR.invokeExact(stream);
                if (ent.equals(MemorySegment.NULL)) {
                    break;
                }
                MemorySegment e = ent.reinterpret(D_NAME + 256);
                byte type = e.get(ValueLayout.JAVA_BYTE, D_TYPE);
                String entry = e.getString(D_NAME, StandardCharsets.UTF_8);
                if (entry.equals(".") || entry.equals("..")) {
                    continue;
                }
                boolean source = SourceWalker.isCSource(entry);
                if (type != DT_DIR && type != DT_UNKNOWN && !(type == DT_REG && source)) {
                    continue; // another file, a symlink, a device: never stat'ed
                }
                if (type == DT_DIR) {
                    if (!SKIPPED_DIRS.contains(entry)) {
                        pending.incrementAndGet();
                        dirs.add(new Dir(dir.path() + "/" + entry, dir.prefix() + entry + "/"));
                    }
                    continue;
                }
                byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(bytes, 0, name, ValueLayout.JAVA_BYTE, 0, bytes.length);
                name.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
                int rc = (int) FSTATAT.invokeExact(fd, name, stat, AT_SYMLINK_NOFOLLOW);
                if (rc != 0) {
                    continue; // gone meanwhile
                }
                int mode = stat.get(ValueLayout.JAVA_INT, ST_MODE) & S_IFMT;
                if (mode == S_IFDIR) {
                    if (!SKIPPED_DIRS.contains(entry)) {
                        pending.incrementAndGet();
                        dirs.add(new Dir(dir.path() + "/" + entry, dir.prefix() + entry + "/"));
                    }
                } else if (mode == S_IFREG && source) {
                    long mtime = stat.get(ValueLayout.JAVA_LONG, ST_MTIME) * 1_000_000_000L
                            + stat.get(ValueLayout.JAVA_LONG, ST_MTIME_NSEC);
                    FileIdentity id = new FileIdentity(stat.get(ValueLayout.JAVA_LONG, ST_SIZE), mtime,
                            stat.get(ValueLayout.JAVA_LONG, ST_INO), stat.get(ValueLayout.JAVA_LONG, ST_DEV));
                    String key = dir.prefix() + entry;
                    out.add(new TreeWalker.Found(key, id));
                }
            }
        } finally {
            int ignored = (int) CLOSEDIR.invokeExact(stream);
        }
    }
}
