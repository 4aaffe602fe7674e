package org.kvlint.syntax;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.source.FileIdentity;

/**
 * One directory of the tree walk listed in kvlint's natives ({@code kvlint_list_dir} in
 * {@code native/kvlint_scan.c}): the entry types come from {@code readdir()}, and only the
 * {@code .c}/{@code .h} files (whose identity the index keeps) and entries of no given type are
 * stated, where a listing in Java states every entry (a kernel tree has 80,000, a third of them
 * neither C files nor directories) and builds a path object for each: the walk of a whole kernel
 * tree took 0.4 s of every scan, warm or cold.
 */
public final class NativeDirectory {
    private NativeDirectory() {}

    /** What an entry is, as far as the walk cares. */
    public enum Kind {
        /** A directory (not a link to one). */
        DIRECTORY,
        /** A regular {@code .c} or {@code .h} file, with its identity. */
        C_FILE,
        /** Any other {@code .c}/{@code .h} entry: a link, FIFO, device or socket. */
        OTHER_C
    }

    /**
     * One entry: its name (decoded as Java decodes file names), and the identity of a
     * {@link Kind#C_FILE} (null otherwise).
     */
    public record Entry(Kind kind, String name, FileIdentity identity) {}

    /** How Java turns file-name bytes into strings ({@code Path.toString()}), so the keys are the same. */
    private static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    private static final int TOO_SMALL = -1_000_000;

    /**
     * The directory's directories and C entries, in no particular order; empty when the natives
     * cannot list it (it cannot be opened or read, a name is not valid in the names' charset, or
     * the natives are not there): the caller lists it in Java, which says why.
     */
    public static Optional<List<Entry>> list(Path dir) {
        byte[] path = dir.toString().getBytes(NAMES);
        Buffers b = BUFFERS.get();
        try {
            MemorySegment p = b.path(path.length + 1L);
            MemorySegment.copy(path, 0, p, ValueLayout.JAVA_BYTE, 0, path.length);
            p.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
            for (;;) {
                MemorySegment out = b.out;
                long n = (long) Handles.LIST.invokeExact(p, out, out.byteSize());
                if (n == TOO_SMALL && out.byteSize() < 1L << 30) {
                    b.out = Arena.ofAuto().allocate(out.byteSize() * 8);
                    continue;
                }
                return n < 0 ? Optional.empty() : Optional.ofNullable(entries(out, n));
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return Optional.empty(); // no natives here: Java lists it
        }
    }

    /**
     * A thread's native room for the path and the listing, made once (an arena's memory is zeroed
     * when made, which for every directory cost more than listing it) and freed with the thread.
     */
    private static final class Buffers {
        private MemorySegment path = Arena.ofAuto().allocate(4096);
        private MemorySegment out = Arena.ofAuto().allocate(1 << 16);

        MemorySegment path(long size) {
            if (path.byteSize() < size) {
                path = Arena.ofAuto().allocate(size * 2);
            }
            return path;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * The entries written, or null when a name does not survive the trip to a string and back
     * (bytes that are not valid in the names' charset): a path made from it would name another
     * file, so Java lists that directory, keeping each entry's bytes in its path objects.
     */
    private static List<Entry> entries(MemorySegment out, long n) {
        List<Entry> entries = new ArrayList<>();
        for (long at = 0; at < n; ) {
            byte kind = out.get(ValueLayout.JAVA_BYTE, at);
            int len = Byte.toUnsignedInt(out.get(ValueLayout.JAVA_BYTE, at + 1))
                    | Byte.toUnsignedInt(out.get(ValueLayout.JAVA_BYTE, at + 2)) << 8;
            byte[] name = new byte[len];
            MemorySegment.copy(out, ValueLayout.JAVA_BYTE, at + 3, name, 0, len);
            at += 3 + len;
            FileIdentity identity = null;
            if (kind == 'f') {
                identity = new FileIdentity(out.get(ValueLayout.JAVA_LONG_UNALIGNED, at),
                        out.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8), out.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 16),
                        out.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 24));
                at += 32;
            }
            String decoded = new String(name, NAMES);
            if (!ascii(name) && !java.util.Arrays.equals(decoded.getBytes(NAMES), name)) {
                return null;
            }
            entries.add(new Entry(kind == 'd' ? Kind.DIRECTORY : kind == 'f' ? Kind.C_FILE : Kind.OTHER_C,
                    decoded, identity));
        }
        return entries;
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    private static final class Handles {
        private static final SymbolLookup CORE = SymbolLookup.libraryLookup(
                TreeSitterNatives.directory().resolve(TreeSitterNatives.CORE), Arena.global());
        static final MethodHandle LIST = Linker.nativeLinker().downcallHandle(CORE.findOrThrow("kvlint_list_dir"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG));
    }
}
