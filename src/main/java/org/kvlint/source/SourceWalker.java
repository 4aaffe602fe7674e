package org.kvlint.source;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands the user's paths into the sorted list of C sources ({@code .c}, {@code .h}) to scan.
 *
 * <p>Directories are walked once; symlinks are resolved so that every file is scanned once
 * (see {@link #walkFrom}); version-control directories are skipped. A path given explicitly is scanned whatever its name.
 * Problems (missing path, loop, unreadable directory) become diagnostics; the walk goes on.
 */
public final class SourceWalker {
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", ".pc", ".tmp_versions");

    public record Result(List<InputFile> files, List<Diagnostic> diagnostics) {}

    private SourceWalker() {}

    public static boolean isCSource(String name) {
        return name.endsWith(".c") || name.endsWith(".h");
    }

    public static Result walk(List<String> roots) {
        TreeSet<InputFile> files = new TreeSet<>();
        List<Diagnostic> diags = new ArrayList<>();
        for (String root : roots) {
            Path start = Path.of(root);
            if (!Files.exists(start, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                diags.add(new Diagnostic(root, Diagnostic.Severity.WARNING, "no such file or directory"));
                continue;
            }
            if (!Files.isDirectory(start)) {
                files.add(new InputFile(start, normalise(root)));
                continue;
            }
            walkDirectory(root, start, files, diags);
        }
        return new Result(List.copyOf(files), List.copyOf(diags));
    }

    private static void walkDirectory(String root, Path start, Set<InputFile> files, List<Diagnostic> diags) {
        String prefix = normalise(root);
        Path realRoot;
        try {
            realRoot = start.toRealPath();
        } catch (IOException e) {
            diags.add(new Diagnostic(prefix, Diagnostic.Severity.WARNING, "cannot walk: " + reason(e)));
            return;
        }
        Set<Path> seenReal = new HashSet<>();
        walkFrom(prefix, start, start, realRoot, files, diags, seenReal);
    }

    /**
     * Walks without following symlinks, then handles each link: a link to a C file is scanned
     * once, and not at all when that file is inside the walked tree anyway; a link to a directory outside the walked tree is walked, one
     * inside it is not (its files are scanned where they really are), one to an ancestor is a loop.
     */
    private static void walkFrom(String prefix, Path start, Path dir, Path realRoot, Set<InputFile> files,
                                 List<Diagnostic> diags, Set<Path> seenReal) {
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            Path name = d.getFileName();
                            if (!d.equals(dir) && name != null && SKIPPED_DIRS.contains(name.toString())) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isSymbolicLink()) {
                                visitLink(file);
                            } else if (attrs.isRegularFile() && isCSource(file.getFileName().toString())) {
                                add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        private void add(Path file) {
                            files.add(new InputFile(file, display(prefix, start, file)));
                        }

                        private void visitLink(Path link) {
                            String shown = display(prefix, start, link);
                            Path target;
                            try {
                                target = link.toRealPath();
                            } catch (IOException e) {
                                if (isCSource(link.getFileName().toString())) {
                                    diags.add(new Diagnostic(shown, Diagnostic.Severity.WARNING,
                                            "dangling symlink, skipped"));
                                }
                                return;
                            }
                            if (Files.isDirectory(target)) {
                                Path realLink = link.toAbsolutePath().normalize();
                                try {
                                    realLink = link.getParent().toRealPath().resolve(link.getFileName());
                                } catch (IOException ignored) {
                                    // keep the normalised path
                                }
                                if (realLink.startsWith(target)) {
                                    diags.add(new Diagnostic(shown, Diagnostic.Severity.WARNING,
                                            "symlink loop, not followed"));
                                } else if (!target.startsWith(realRoot) && seenReal.add(target)) {
                                    walkFrom(prefix, start, link, realRoot, files, diags, seenReal);
                                }
                            } else if (isCSource(link.getFileName().toString()) && Files.isRegularFile(target)
                                    && !(target.startsWith(realRoot) && isCSource(target.getFileName().toString()))
                                    && seenReal.add(target)) {
                                // a link to a C file the walk will not reach by itself: scan it once
                                add(link);
                            }
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            diags.add(new Diagnostic(display(prefix, start, file), Diagnostic.Severity.WARNING,
                                    "cannot read: " + reason(e)));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            diags.add(new Diagnostic(prefix, Diagnostic.Severity.WARNING, "cannot walk: " + reason(e)));
        }
    }

    static String reason(IOException e) {
        String cls = e.getClass().getSimpleName();
        return switch (cls) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            default -> e.getMessage() == null ? cls : e.getMessage();
        };
    }

    private static String display(String prefix, Path start, Path file) {
        String rel = start.relativize(file).toString().replace('\\', '/');
        if (prefix.equals(".")) {
            return rel;
        }
        return prefix.endsWith("/") ? prefix + rel : prefix + "/" + rel;
    }

    private static String normalise(String root) {
        String r = root.replace('\\', '/');
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.startsWith("./") && r.length() > 2) {
            r = r.substring(2);
        }
        return r;
    }
}
