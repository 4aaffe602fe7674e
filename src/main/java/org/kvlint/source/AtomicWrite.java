package org.kvlint.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what the user asked for, where the user asked, and nothing else.
 *
 * <p>{@link #write} is for outputs ({@code -o}, {@code --write-baseline}, patch files): a regular
 * file or a new path is replaced atomically ({@link #replace}); anything else the path names (a
 * device such as {@code /dev/full}, a FIFO, {@code /dev/stdout}, a symlink) is written into, as a
 * shell's {@code >} would, and never replaced by a regular file.
 *
 * <p>{@link #replace} writes a temp file beside the target ({@code .NAME.RANDOM.kvlint-tmp},
 * locked while it exists so a later run can tell a live one from one left by a killed run),
 * gives it the old file's owner, group and mode, fsyncs it, renames it over the target and fsyncs
 * the directory: a reader, or a crash, sees the old bytes or the new ones, never half of them.
 *
 * <p>Every error names the user's path, not the temp file.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** Whether {@link #replace} must keep an existing file's owner and group. */
    public enum Owner {
        /** fail (writing nothing) when the owner or group cannot be kept: a user's source file */
        MUST_KEEP,
        /** keep them when the process may (root may), else the new file is the process's: a report */
        KEEP_IF_POSSIBLE
    }

    /**
     * Writes an output the user named: replaces a regular file (or creates a new one, with its
     * directories) atomically; writes directly into a device, FIFO, socket or symlink; refuses a
     * directory.
     */
    public static void write(Path target, byte[] content) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            attrs = null;
        } catch (IOException e) {
            throw failure(target, e);
        }
        if (attrs == null || attrs.isRegularFile()) {
            replace(target, content, Owner.KEEP_IF_POSSIBLE);
        } else if (attrs.isDirectory()) {
            throw new FileSystemException(target.toString(), null, "cannot write: is a directory");
        } else {
            direct(target, content);
        }
    }

    /** Writes into what the path names (following a symlink), truncating a regular file behind it. */
    static void direct(Path target, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, content);
        } catch (IOException e) {
            throw failure(target, e);
        }
    }

    /**
     * Replaces {@code target}, a regular file or a new path, atomically (see the class comment).
     * An existing file keeps its mode, owner and group; a new one gets {@code rw-r--r--}.
     */
    public static void replace(Path target, byte[] content, Owner owner) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Map<String, Object> old = null;
        try {
            Files.createDirectories(dir);
            old = Files.readAttributes(target, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            old = null;
        } catch (UnsupportedOperationException e) {
            old = Map.of(); // not a POSIX file system: nothing to keep
        } catch (IOException e) {
            throw failure(target, e);
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", SourceWalker.TEMP_SUFFIX);
        } catch (IOException e) {
            throw failure(target, e);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            FileLock lock = ch.lock(); // released when the channel closes, after the rename
            writeFully(ch, content);
            if (old != null && !old.isEmpty()) {
                keepOwner(tmp, target, old, owner);
                Files.setAttribute(tmp, "unix:mode", (Integer) old.get("mode") & 07777);
            } else if (old == null) {
                Files.setAttribute(tmp, "unix:mode", 0644);
            }
            ch.force(true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            lock.release();
        } catch (UnsupportedOperationException e) {
            throw failure(target, new IOException("no POSIX attributes: " + e.getMessage()));
        } catch (IOException e) {
            throw failure(target, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** chown the temp file to the old owner and group (only root may give a file away). */
    private static void keepOwner(Path tmp, Path target, Map<String, Object> old, Owner policy) throws IOException {
        Map<String, Object> mine = Files.readAttributes(tmp, "unix:uid,gid");
        for (String id : new String[] {"uid", "gid"}) {
            if (mine.get(id).equals(old.get(id))) {
                continue;
            }
            try {
                Files.setAttribute(tmp, "unix:" + id, old.get(id));
            } catch (IOException e) {
                if (policy == Owner.MUST_KEEP) {
                    throw new FileSystemException(target.toString(), null, "cannot keep its "
                            + (id.equals("uid") ? "owner (uid " : "group (gid ") + old.get(id) + ")");
                }
            }
        }
    }

    /** fsync a directory, so a rename in it survives a crash; file systems that cannot are let be. */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data itself was fsynced before the rename
        }
    }

    private static void writeFully(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** The exception with the user's path in front and the system's reason after it. */
    private static IOException failure(Path target, IOException e) {
        if (e instanceof FileSystemException f && target.toString().equals(f.getFile()) && f.getReason() != null
                && f.getReason().startsWith("cannot ")) {
            return e; // already says what and where
        }
        String why = switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        FileSystemException out = new FileSystemException(target.toString(), null, "cannot write: " + why);
        out.initCause(e);
        return out;
    }

    /**
     * Removes the temp files a killed run left beside {@code file} ({@code .NAME.*.kvlint-tmp}),
     * leaving alone any that a running kvlint holds locked.
     *
     * @return the ones removed
     */
    public static List<Path> removeStaleTemps(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        List<Path> removed = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(SourceWalker.TEMP_SUFFIX)
                    && n.substring(prefix.length(), n.length() - SourceWalker.TEMP_SUFFIX.length()).matches("\\d+");
        })) {
            for (Path p : entries) {
                if (removeIfStale(p)) {
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    /**
     * Deletes one of our temp files unless a live process holds its lock; a symlink or anything
     * but a regular file of that name is not ours and stays.
     */
    static boolean removeIfStale(Path tmp) {
        if (!Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // this very process is writing it
            }
            if (lock == null) {
                return false; // another process is writing it
            }
            Files.delete(tmp);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
