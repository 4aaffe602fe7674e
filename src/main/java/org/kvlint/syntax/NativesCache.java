package org.kvlint.syntax;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The tree-sitter libraries of a jar, extracted once per version into a cache directory and
 * reused by every later run: {@code ${XDG_CACHE_HOME:-~/.cache}/kvlint/natives/KEY/}, where KEY
 * is the kvlint version and the libraries' CRC-32s, so a rebuilt library gets a new directory and
 * a running kvlint never sees its libraries change.
 *
 * <p>Extraction takes a lock ({@code natives/.lock}), writes into a temp directory beside the
 * target and renames it into place, so concurrent first runs extract once and a run killed
 * meanwhile leaves no half-written library (at most a temp directory the next extraction
 * removes). A present directory is checked (sizes and CRC-32s) before use and replaced when
 * damaged. Where no cache directory can be used, a private temp directory is used and deleted
 * at exit.
 */
final class NativesCache {
    /**
     * One library to extract.
     *
     * @param size and crc as the jar's entry says
     * @param content opens the entry's bytes
     */
    record Library(String name, long size, long crc, Supplier<InputStream> content) {}

    private NativesCache() {}

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/kvlint/natives}, or empty when neither is set. */
    static java.util.Optional<Path> defaultBase(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return java.util.Optional.of(Path.of(xdg, "kvlint", "natives"));
        }
        String home = env.get("HOME");
        return home == null || home.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(home, ".cache", "kvlint", "natives"));
    }

    /** The directory name for these libraries of this version. */
    static String key(String version, List<Library> libs) {
        StringBuilder k = new StringBuilder(version.replaceAll("[^A-Za-z0-9._-]", "_"));
        for (Library l : libs) {
            k.append('-').append(HexFormat.of().toHexDigits((int) l.crc()));
        }
        return k.toString();
    }

    /**
     * The directory holding {@code libs}, extracted under {@code base} if needed; a private temp
     * directory (deleted at exit) when {@code base} cannot be used.
     */
    static Path extract(java.util.Optional<Path> base, String version, List<Library> libs) {
        if (base.isPresent()) {
            try {
                return extractInto(base.get(), key(version, libs), libs);
            } catch (IOException | UncheckedIOException | SecurityException e) {
                // a read-only home, a full disk: fall back to a private directory for this run
            }
        }
        try {
            Path dir = Files.createTempDirectory("kvlint-natives-");
            dir.toFile().deleteOnExit(); // registered first, so deleted last, once empty
            for (Library l : libs) {
                Path f = dir.resolve(l.name());
                f.toFile().deleteOnExit();
                write(l, f);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the tree-sitter natives", e);
        }
    }

    /** Synchronized: a file lock guards against other processes only, not other threads of this one. */
    static synchronized Path extractInto(Path base, String key, List<Library> libs) throws IOException {
        Path target = base.resolve(key);
        if (valid(target, libs)) {
            return target; // the usual case: no lock, no write
        }
        Files.createDirectories(base);
        try (FileChannel lockFile = FileChannel.open(base.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lockFile.lock(); // released when the channel closes
            if (valid(target, libs)) {
                return target; // another process extracted them while this one waited
            }
            removeLeftovers(base, key);
            Path tmp = Files.createTempDirectory(base, "." + key + ".");
            for (Library l : libs) {
                write(l, tmp.resolve(l.name()));
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // damaged: move it aside (a running kvlint keeps its mapped copy) and remove it
                Path trash = Files.createTempDirectory(base, "." + key + ".");
                Files.delete(trash);
                Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(trash);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                deleteTree(tmp);
                throw e;
            }
            syncDirectory(base);
            return target;
        }
    }

    /** Every library present with the jar's size and CRC-32 (about a millisecond for 800 KB). */
    static boolean valid(Path dir, List<Library> libs) {
        for (Library l : libs) {
            Path f = dir.resolve(l.name());
            try {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) != l.size()) {
                    return false;
                }
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(f));
                if (crc.getValue() != l.crc()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void write(Library l, Path to) throws IOException {
        try (InputStream in = l.content().get(); FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            if (in == null) {
                throw new IOException("missing native resource " + l.name());
            }
            out.transferFrom(java.nio.channels.Channels.newChannel(in), 0, Long.MAX_VALUE);
            out.force(true);
        }
        try {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the default mode loads as well
        }
    }

    /** Temp directories of extractions that were killed ({@code .KEY.*}); only under the lock. */
    private static void removeLeftovers(Path base, String key) throws IOException {
        List<Path> old = new ArrayList<>();
        try (Stream<Path> s = Files.list(base)) {
            s.filter(p -> p.getFileName().toString().startsWith("." + key + ".")).forEach(old::add);
        }
        for (Path p : old) {
            deleteTree(p);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // best effort: the files themselves were fsynced
        }
    }
}
