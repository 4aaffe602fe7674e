package org.kvlint.source;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads a file only if it is a regular file, and never more than a limit.
 *
 * <p>A FIFO given as a source would block {@code open()} forever and {@code /dev/zero} would fill
 * the heap, so the type is checked before anything is read. Callers stat the path first (the walk
 * does); between that stat and the open another process may swap the file for a FIFO or a device,
 * so the file is opened with {@code O_NONBLOCK} (an open that cannot block, also on a FIFO) and
 * its type checked again on the open descriptor ({@code statx} with {@code AT_EMPTY_PATH}) before
 * a byte is read. Java's file API has no {@code O_NONBLOCK}, so this calls libc through the FFM
 * API (kvlint already needs native access for tree-sitter); where that is unavailable (not Linux,
 * or a path whose name does not survive the JVM's path encoding) it falls back to a stat, then a
 * plain open and a read bounded by the limit.
 */
public final class RegularFile {
    private RegularFile() {}

    /** The bytes and the identity the open file had when they were read. */
    public record Content(byte[] bytes, FileIdentity identity) {}

    /**
     * A file's bytes in {@code bytes[0, length)}: the array may be longer (a buffer the caller
     * lends for many files, see {@link #read(Path, long, byte[])}), and what lies past length is
     * not the file's.
     */
    public record Sized(byte[] bytes, int length, FileIdentity identity) {
        /** The file's bytes in an array of their own (the same array when it holds just them). */
        public byte[] exact() {
            return exact(bytes, length);
        }

        /** {@code bytes[0, length)} in an array of their own. */
        static byte[] exact(byte[] bytes, int length) {
            return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    /** The path names something other than a regular file; nothing was read. */
    public static final class NotRegularException extends FileSystemException {
        private final FileKind kind;

        public NotRegularException(Path path, FileKind kind) {
            super(path.toString(), null, "is " + kind.phrase());
            this.kind = kind;
        }

        public FileKind kind() {
            return kind;
        }
    }

    /** The file is larger than the caller's limit; nothing was kept. */
    public static final class TooLargeException extends FileSystemException {
        private final long size;

        public TooLargeException(Path path, long size) {
            super(path.toString(), null, "too large");
            this.size = size;
        }

        /** At least this many bytes (the file may be larger still). */
        public long size() {
            return size;
        }
    }

    /**
     * The file's bytes, at most {@code limit}.
     *
     * @throws NotRegularException for a directory, FIFO, device or socket (symlinks are followed)
     * @throws TooLargeException when it holds more than {@code limit} bytes
     * @throws IOException as {@link Files#readAllBytes} would (missing, permission, symlink loop...)
     */
    public static Content read(Path path, long limit) throws IOException {
        Sized s = read(path, limit, null);
        return new Content(s.exact(), s.identity());
    }

    /**
     * As {@link #read(Path, long)}, into {@code buffer} when the file fits in it with a byte to
     * spare (else, or when it is null, into a new array): a scan reads tens of thousands of files
     * whose bytes are dropped once their calls are found, and need not allocate an array for each.
     */
    public static Sized read(Path path, long limit, byte[] buffer) throws IOException {
        if (Native.AVAILABLE) {
            Sized c = Native.read(path, limit, buffer);
            if (c != null) {
                return c;
            }
        }
        Content c = portable(path, limit);
        return new Sized(c.bytes(), c.bytes().length, c.identity());
    }

    /** Stat, then a plain open and a bounded read. */
    static Content portable(Path path, long limit) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new NotRegularException(path, attrs.isDirectory() ? FileKind.DIRECTORY : FileKind.of(path));
        }
        if (attrs.size() > limit) {
            throw new TooLargeException(path, attrs.size());
        }
        try (SeekableByteChannel ch = Files.newByteChannel(path)) {
            byte[] buf = new byte[(int) Math.min(limit + 1, Math.max(attrs.size(), 8192) + 1)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n > limit) {
                        throw new TooLargeException(path, n);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(limit + 1, 2L * buf.length));
                }
                int r = ch.read(ByteBuffer.wrap(buf, n, buf.length - n));
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n > limit) {
                throw new TooLargeException(path, n);
            }
            return new Content(n == buf.length ? buf : Arrays.copyOf(buf, n), FileIdentity.of(attrs));
        }
    }

    /** libc's open/statx/read/close. */
    private static final class Native {
        private static final int O_RDONLY = 0;
        private static final int O_NOCTTY = 0400;
        private static final int O_NONBLOCK = 04000;
        private static final int O_CLOEXEC = 02000000;
        private static final int AT_EMPTY_PATH = 0x1000;
        private static final int STATX_BASIC_STATS = 0x7ff;
        private static final int EINTR = 4;
        private static final int ENOENT = 2;
        /** {@code struct statx} is the same on every architecture: offsets from linux/stat.h. */
        private static final long STATX_SIZE = 256;
        private static final long STX_MODE = 28;
        private static final long STX_INO = 32;
        private static final long STX_SIZE = 40;
        private static final long STX_MTIME_SEC = 112;
        private static final long STX_MTIME_NSEC = 120;
        private static final long STX_DEV_MAJOR = 136;
        private static final long STX_DEV_MINOR = 140;

        private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        private static final Charset PATH_CHARSET = pathCharset();
        private static final MethodHandle OPEN;
        private static final MethodHandle STATX;
        private static final MethodHandle READ;
        private static final MethodHandle CLOSE;
        static final boolean AVAILABLE;

        static {
            MethodHandle open = null;
            MethodHandle statx = null;
            MethodHandle read = null;
            MethodHandle close = null;
            boolean ok = false;
            try {
                if (System.getProperty("os.name", "").equals("Linux")) {
                    Linker linker = Linker.nativeLinker();
                    SymbolLookup libc = linker.defaultLookup();
                    Linker.Option errno = Linker.Option.captureCallState("errno");
                    open = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                            Linker.Option.firstVariadicArg(2), errno);
                    statx = linker.downcallHandle(libc.findOrThrow("statx"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS), errno);
                    // critical: reads straight into the Java array, no native buffer and copy
                    read = linker.downcallHandle(libc.findOrThrow("read"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                            Linker.Option.critical(true));
                    close = linker.downcallHandle(libc.findOrThrow("close"),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                    ok = true;
                }
            } catch (RuntimeException | LinkageError e) {
                ok = false; // e.g. native access not enabled: the portable path still works
            }
            OPEN = open;
            STATX = statx;
            READ = read;
            CLOSE = close;
            AVAILABLE = ok;
        }

        private static Charset pathCharset() {
            try {
                return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            } catch (RuntimeException e) {
                return Charset.defaultCharset();
            }
        }

        /** The content, or null when the portable path must decide (a name the encoding cannot carry). */
        static Sized read(Path path, long limit, byte[] buffer) throws IOException {
            String name = path.toString();
            if (!PATH_CHARSET.newEncoder().canEncode(name) || name.indexOf('\0') >= 0) {
                return null;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment capture = arena.allocate(CAPTURE);
                MemorySegment cpath = arena.allocateFrom(name, PATH_CHARSET);
                int fd;
                do {
                    fd = (int) OPEN.invokeExact(capture, cpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
                } while (fd < 0 && errno(capture) == EINTR);
                if (fd < 0) {
                    int e = errno(capture);
                    if (e == ENOENT && !name.isEmpty() && Files.exists(path)) {
                        return null; // the JVM's path string did not name the same bytes
                    }
                    throw Errno.exception(path, e);
                }
                try {
                    MemorySegment st = arena.allocate(STATX_SIZE, 8);
                    if ((int) STATX.invokeExact(capture, fd, arena.allocateFrom(""), AT_EMPTY_PATH, STATX_BASIC_STATS,
                            st) != 0) {
                        throw Errno.exception(path, errno(capture));
                    }
                    FileKind kind = FileKind.ofMode(Short.toUnsignedInt(st.get(ValueLayout.JAVA_SHORT, STX_MODE)));
                    if (kind != FileKind.REGULAR) {
                        throw new NotRegularException(path, kind);
                    }
                    long size = st.get(ValueLayout.JAVA_LONG, STX_SIZE);
                    if (size > limit) {
                        throw new TooLargeException(path, size);
                    }
                    long mtime = st.get(ValueLayout.JAVA_LONG, STX_MTIME_SEC) * 1_000_000_000L
                            + Integer.toUnsignedLong(st.get(ValueLayout.JAVA_INT, STX_MTIME_NSEC));
                    long dev = makedev(st.get(ValueLayout.JAVA_INT, STX_DEV_MAJOR), st.get(ValueLayout.JAVA_INT,
                            STX_DEV_MINOR));
                    FileIdentity identity = new FileIdentity(size, mtime, st.get(ValueLayout.JAVA_LONG, STX_INO), dev);
                    return readAll(path, fd, buffer != null && size < buffer.length ? buffer : new byte[(int) size],
                            limit, identity);
                } finally {
                    int ignored = (int) CLOSE.invokeExact(fd);
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /**
         * Reads to end of file into {@code buf} (sized by the stat, or a longer buffer lent by the
         * caller), grown into a new array if the file grew since.
         */
        private static Sized readAll(Path path, int fd, byte[] into, long limit, FileIdentity identity)
                throws Throwable {
            byte[] buf = into;
            int n = 0;
            byte[] probe = new byte[1];
            while (true) {
                if (n == buf.length) {
                    // the stat's size is reached: make sure it is the end (a growing file, /proc)
                    long r = (long) READ.invokeExact(fd, MemorySegment.ofArray(probe), 1L);
                    if (r <= 0) {
                        if (r < 0) {
                            throw new IOException(path + ": read error");
                        }
                        return new Sized(buf, n, identity);
                    }
                    if (n + 1L > limit) {
                        throw new TooLargeException(path, n + 1L);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(limit + 1, Math.max(8192, 2L * buf.length)));
                    buf[n++] = probe[0];
                    continue;
                }
                long r = (long) READ.invokeExact(fd, MemorySegment.ofArray(buf).asSlice(n), (long) (buf.length - n));
                if (r < 0) {
                    throw new IOException(path + ": read error");
                }
                if (r == 0) {
                    return new Sized(buf, n, identity);
                }
                n += (int) r;
                if (n > limit) {
                    throw new TooLargeException(path, n);
                }
            }
        }

        /** glibc's {@code makedev}, so the number matches {@code st_dev} of a plain stat. */
        private static long makedev(int major, int minor) {
            long ma = Integer.toUnsignedLong(major);
            long mi = Integer.toUnsignedLong(minor);
            return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
        }

        private static int errno(MemorySegment capture) {
            return (int) ERRNO.get(capture, 0L);
        }
    }

    /** The Java exception for an errno, as the JDK would throw it. */
    static final class Errno {
        private Errno() {}

        static IOException exception(Path path, int errno) {
            String file = path.toString();
            return switch (errno) {
                case 2 -> new NoSuchFileException(file);
                case 1, 13 -> new AccessDeniedException(file);
                case 40 -> new FileSystemException(file, null, "Too many levels of symbolic links");
                case 21 -> new NotRegularException(path, FileKind.DIRECTORY);
                case 20 -> new FileSystemException(file, null, "Not a directory");
                case 36 -> new FileSystemException(file, null, "File name too long");
                case 5 -> new FileSystemException(file, null, "Input/output error");
                case 23, 24 -> new FileSystemException(file, null, "Too many open files");
                case 6, 19 -> new FileSystemException(file, null, "No such device");
                default -> new FileSystemException(file, null, "error " + errno);
            };
        }
    }
}
