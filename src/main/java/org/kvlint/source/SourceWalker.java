package org.kvlint.source;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands the user's paths into the sorted list of C sources ({@code .c}, {@code .h}) to scan.
 *
 * <p>Directories are walked once, following symlinks with loop detection; version-control and
 * build-output directories are skipped. A path given explicitly is scanned whatever its name.
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
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            Path name = dir.getFileName();
                            if (!dir.equals(start) && name != null && SKIPPED_DIRS.contains(name.toString())) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (isCSource(file.getFileName().toString()) && !attrs.isDirectory()) {
                                files.add(new InputFile(file, display(prefix, start, file)));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            String shown = display(prefix, start, file);
                            if (e instanceof FileSystemLoopException) {
                                diags.add(new Diagnostic(shown, Diagnostic.Severity.WARNING,
                                        "symlink loop, not followed"));
                            } else if (e instanceof NoSuchFileException) {
                                if (isCSource(file.getFileName().toString())) {
                                    diags.add(new Diagnostic(shown, Diagnostic.Severity.WARNING,
                                            "dangling symlink, skipped"));
                                }
                            } else {
                                diags.add(new Diagnostic(shown, Diagnostic.Severity.WARNING,
                                        "cannot read: " + reason(e)));
                            }
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
