package org.kvlint.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileIdentity;
import org.kvlint.source.SourceWalker;
import org.kvlint.syntax.NativeDirectory;

/**
 * Walks a whole tree for the index: every regular {@code .c} and {@code .h} file with the identity
 * of the one {@code lstat} the walk makes of it anyway, on several threads (a kernel has 5,000
 * directories and 80,000 entries; the stats are most of the cost). Version-control directories
 * are skipped, symlinks are not followed (a tree's own links point inside it, where the walk finds
 * the files anyway), and anything that is not a regular file or a directory is never opened; a
 * C-named FIFO, device or socket, or a C-named link that dangles, loops or leads to one, gets a
 * diagnostic. Problems (an unreadable directory) become diagnostics, keyed by path in the tree.
 */
final class TreeWalker {
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", ".pc", ".tmp_versions");

    private TreeWalker() {}

    /** One file found: its key (path in the tree, '/'-separated) and its identity. */
    record Found(String key, FileIdentity identity) {}

    record Result(List<Found> files, List<Diagnostic> diagnostics) {}

    static Result walk(Path root, int threads) {
        return walk(root, threads, true);
    }

    /**
     * @param natively list the directories in the natives ({@link NativeDirectory}), where they
     *     can; else, and for a directory they cannot list, in Java (the reference: the tests hold
     *     the two to the same result)
     */
    static Result walk(Path root, int threads, boolean natively) {
        List<Found> found = Collections.synchronizedList(new ArrayList<>());
        List<Diagnostic> diags = Collections.synchronizedList(new ArrayList<>());
        int rootLength = root.toString().length() + 1;
        Walks.run(threads, root, (dir, more) -> {
            Optional<List<NativeDirectory.Entry>> listed = natively ? NativeDirectory.list(dir) : Optional.empty();
            if (listed.isPresent()) {
                String prefix = dir.equals(root) ? "" : dir.toString().substring(rootLength).replace('\\', '/') + "/";
                List<Found> mine = new ArrayList<>();
                for (NativeDirectory.Entry e : listed.get()) {
                    switch (e.kind()) {
                        case DIRECTORY -> {
                            if (!SKIPPED_DIRS.contains(e.name())) {
                                more.accept(dir.resolve(e.name()));
                            }
                        }
                        case C_FILE -> mine.add(new Found(prefix + e.name(), e.identity()));
                        case OTHER_C -> other(dir.resolve(e.name()), prefix + e.name(), diags, mine);
                    }
                }
                found.addAll(mine);
                return;
            }
            List<Found> mine = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    BasicFileAttributes a = lstat(p);
                    if (a == null) {
                        continue; // gone meanwhile
                    }
                    if (a.isDirectory()) {
                        if (!SKIPPED_DIRS.contains(name)) {
                            more.accept(p);
                        }
                    } else if (a.isRegularFile() && SourceWalker.isCSource(name)) {
                        mine.add(new Found(p.toString().substring(rootLength).replace('\\', '/'), FileIdentity.of(a)));
                    } else if (!a.isRegularFile() && SourceWalker.isCSource(name)) {
                        unusable(p, a, p.toString().substring(rootLength).replace('\\', '/'), diags);
                    }
                }
            } catch (IOException | SecurityException e) {
                String key = dir.equals(root) ? "." : dir.toString().substring(rootLength);
                diags.add(new Diagnostic(key, Diagnostic.Severity.WARNING, "cannot read directory: "
                        + (e instanceof IOException io ? reason(io) : "permission denied")));
            }
            found.addAll(mine);
        });
        List<Found> files = new ArrayList<>(found);
        files.sort((a, b) -> a.key().compareTo(b.key()));
        List<Diagnostic> d = new ArrayList<>(diags);
        d.sort(null);
        return new Result(files, d);
    }

    /** A C-named entry the natives did not find a regular file: looked at as the Java listing does. */
    private static void other(Path p, String key, List<Diagnostic> diags, List<Found> files) {
        BasicFileAttributes a = lstat(p);
        if (a == null) {
            return; // gone meanwhile
        }
        if (a.isRegularFile()) {
            files.add(new Found(key, FileIdentity.of(a))); // made a file meanwhile
        } else if (!a.isDirectory()) {
            unusable(p, a, key, diags);
        }
    }

    /** The entry's attributes, no link followed; null when it is gone. */
    private static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** A FIFO, device or socket, or a link to one or nowhere: said, never opened. */
    private static void unusable(Path p, BasicFileAttributes a, String key, List<Diagnostic> diags) {
        SourceWalker.unusable(p, a).ifPresent(why -> diags.add(new Diagnostic(key, Diagnostic.Severity.WARNING, why)));
    }

    private static String reason(IOException e) {
        return switch (e.getClass().getSimpleName()) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such directory";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
