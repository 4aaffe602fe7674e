package org.kvlint.fix;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kvlint.source.AtomicWrite;

/**
 * The {@code --format-patch} output directory: one sub-directory per series. A directory that
 * already holds anything is refused, so a new series never lands beside an old one (where
 * {@code git am DIR/*&#47;*.patch} would take both); with {@code --force}, the old {@code *.patch}
 * files in it and in its immediate sub-directories are removed first, and a sub-directory that held
 * nothing but such files goes with them. Nothing else is ever removed.
 */
public final class PatchDirectory {
    private PatchDirectory() {}

    /** Why the directory cannot be used; the message names it. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Makes {@code dir} ready for a new series.
     *
     * @return the old patch files removed (none without {@code force})
     */
    public static List<Path> prepare(Path dir, boolean force) throws Refused, IOException {
        check(dir, force);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> entries = list(dir);
        List<Path> removed = new ArrayList<>(removePatches(dir));
        for (Path sub : entries) {
            if (Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> gone = removePatches(sub);
                removed.addAll(gone);
                if (!gone.isEmpty()) {
                    try {
                        Files.delete(sub); // only when it held nothing but patches
                    } catch (DirectoryNotEmptyException e) {
                        // the user's other files stay, and so does the directory
                    }
                }
            }
        }
        return removed;
    }

    /** Refuses a directory that cannot take a new series: not a directory, or not empty without {@code force}. */
    public static void check(Path dir, boolean force) throws Refused, IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new Refused(dir + ": not a directory");
        }
        int n = list(dir).size();
        if (n > 0 && !force) {
            throw new Refused(dir + ": directory is not empty (" + n + (n == 1 ? " entry" : " entries")
                    + "); use --force to remove its old *.patch files first, or choose an empty directory");
        }
    }

    /** Writes every series into its sub-directory; the paths written, in order. */
    public static List<Path> write(Path dir, List<PatchSeries.Series> series) throws IOException {
        List<Path> written = new ArrayList<>();
        for (PatchSeries.Series s : series) {
            Path sub = dir.resolve(s.directory());
            Files.createDirectories(sub);
            for (PatchSeries.Patch p : s.patches()) {
                Path file = sub.resolve(p.fileName());
                AtomicWrite.write(file, p.bytes());
                written.add(file);
            }
        }
        return written;
    }

    /** Removes the regular files named *.patch directly in {@code dir} (never through a link). */
    private static List<Path> removePatches(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path p : list(dir)) {
            if (p.getFileName().toString().endsWith(".patch") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(p);
                removed.add(p);
            }
        }
        return removed;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
