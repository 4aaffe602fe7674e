package org.kvlint.source;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
 * Only regular files are listed: a FIFO, device or socket (or a symlink to one), given or met,
 * gets one diagnostic and is never opened. Problems (missing path, dangling link, symlink loop,
 * unreadable directory, a directory without C files) become diagnostics; the walk goes on.
 * Each listed file carries its {@link FileIdentity} from the one stat the walk does anyway.
 */
public final class SourceWalker {
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", ".pc", ".tmp_versions");
    /** What {@link AtomicWrite} names its temp files: {@code .NAME.RANDOM.kvlint-tmp}. */
    public static final String TEMP_SUFFIX = ".kvlint-tmp";
    /** More links than Linux follows in one lookup ({@code MAXSYMLINKS}) is a loop. */
    private static final int MAX_LINKS = 40;

    /**
     * @param leftovers temp files of an earlier kvlint run that was killed before its rename, found
     *     in the walked directories (each also has a note among the diagnostics)
     */
    public record Result(List<InputFile> files, List<Diagnostic> diagnostics, List<InputFile> leftovers) {
        public Result(List<InputFile> files, List<Diagnostic> diagnostics) {
            this(files, diagnostics, List.of());
        }
    }

    private SourceWalker() {}

    public static boolean isCSource(String name) {
        return name.endsWith(".c") || name.endsWith(".h");
    }

    /** Is this the name of one of {@link AtomicWrite}'s temp files? */
    public static boolean isKvlintTemp(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    public static Result walk(List<String> roots) {
        TreeSet<InputFile> files = new TreeSet<>();
        List<Diagnostic> diags = new ArrayList<>();
        TreeSet<InputFile> leftovers = new TreeSet<>();
        for (String root : roots) {
            Path start = Path.of(root);
            String shown = normalise(root);
            BasicFileAttributes attrs;
            boolean link;
            try {
                attrs = Files.readAttributes(start, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                link = attrs.isSymbolicLink();
                if (link) {
                    attrs = Files.readAttributes(start, BasicFileAttributes.class);
                }
            } catch (NoSuchFileException e) {
                boolean dangling = Files.isSymbolicLink(start);
                diags.add(warn(shown, dangling ? "dangling symlink, skipped" : "no such file or directory"));
                continue;
            } catch (IOException e) {
                diags.add(warn(shown, brokenLink(start) + ", skipped"));
                continue;
            }
            if (attrs.isDirectory()) {
                int diagsBefore = diags.size();
                if (walkDirectory(root, start, files, diags, leftovers) == 0 && diags.size() == diagsBefore) {
                    diags.add(warn(shown, "no .c or .h file in this directory, nothing to scan"));
                }
            } else if (attrs.isRegularFile()) {
                files.add(new InputFile(start, shown, FileIdentity.of(attrs)));
            } else {
                diags.add(warn(shown, notRegular(start, link)));
            }
        }
        for (InputFile t : leftovers) {
            diags.add(new Diagnostic(t.displayPath(), Diagnostic.Severity.NOTE,
                    "temp file of an interrupted kvlint run; kvlint fix --write removes it, or delete it"));
        }
        return new Result(List.copyOf(files), List.copyOf(diags), List.copyOf(leftovers));
    }

    private static Diagnostic warn(String path, String message) {
        return new Diagnostic(path, Diagnostic.Severity.WARNING, message);
    }

    /**
     * Why a C-named entry that is not a regular file cannot be scanned, for a walker that does not
     * follow links: a FIFO, device or socket, or a link that dangles, loops or leads to one; empty
     * for a link to a regular file or a directory (which the walk finds where it is).
     */
    public static java.util.Optional<String> unusable(Path entry, BasicFileAttributes lstat) {
        if (!lstat.isSymbolicLink()) {
            return lstat.isOther() ? java.util.Optional.of(notRegular(entry, false)) : java.util.Optional.empty();
        }
        try {
            BasicFileAttributes target = Files.readAttributes(entry, BasicFileAttributes.class);
            return target.isRegularFile() || target.isDirectory() ? java.util.Optional.empty()
                    : java.util.Optional.of(notRegular(entry, true));
        } catch (IOException e) {
            return java.util.Optional.of(brokenLink(entry) + ", skipped");
        }
    }

    /** "not a regular file (a FIFO), skipped", "... (symlink to a character device) ...". */
    private static String notRegular(Path path, boolean viaLink) {
        String kind = FileKind.of(path).phrase();
        return "not a regular file (" + (viaLink ? "symlink to " + kind : kind) + "), skipped";
    }

    /**
     * Why a link cannot be followed: "symlink loop" when following it comes back to a link already
     * seen (or goes on longer than the kernel would follow), else "dangling symlink". Checked link
     * by link so that an a -> b -> a pair is called a loop whatever language strerror speaks.
     */
    static String brokenLink(Path link) {
        Set<Path> seen = new HashSet<>();
        Path at = link.toAbsolutePath().normalize();
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            if (!seen.add(at)) {
                return "symlink loop";
            }
            Path target;
            try {
                if (!Files.isSymbolicLink(at)) {
                    // a missing or looping directory on the way: ask the file system
                    return Files.exists(at, LinkOption.NOFOLLOW_LINKS) || !loops(at) ? "dangling symlink"
                            : "symlink loop";
                }
                target = Files.readSymbolicLink(at);
            } catch (IOException | UnsupportedOperationException e) {
                return loops(at) ? "symlink loop" : "dangling symlink";
            }
            Path parent = at.getParent();
            at = (parent == null ? target : parent.resolve(target)).toAbsolutePath().normalize();
        }
        return "symlink loop";
    }

    /** Does the kernel itself say ELOOP for this path? (The JDK's message for it names symbolic links.) */
    private static boolean loops(Path p) {
        try {
            p.toRealPath();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().contains("symbolic link");
        } catch (IOException e) {
            return false;
        }
    }

    /** Walks one directory argument; returns how many C sources it met (listed here or already). */
    private static int walkDirectory(String root, Path start, Set<InputFile> files, List<Diagnostic> diags,
                                     Set<InputFile> leftovers) {
        String prefix = normalise(root);
        Path realRoot;
        try {
            realRoot = start.toRealPath();
        } catch (IOException e) {
            diags.add(warn(prefix, "cannot walk: " + reason(e)));
            return 0;
        }
        Set<Path> seenReal = new HashSet<>();
        int[] met = {0};
        walkFrom(prefix, start, start, realRoot, files, diags, leftovers, seenReal, met);
        return met[0];
    }

    /**
     * Walks without following symlinks, then handles each link: a link to a C file is scanned
     * once, and not at all when that file is inside the walked tree anyway; a link to a directory outside the walked tree is walked, one
     * inside it is not (its files are scanned where they really are), one to an ancestor is a loop.
     */
    private static void walkFrom(String prefix, Path start, Path dir, Path realRoot, Set<InputFile> files,
                                 List<Diagnostic> diags, Set<InputFile> leftovers, Set<Path> seenReal, int[] met) {
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
                            String name = file.getFileName().toString();
                            if (attrs.isRegularFile()) {
                                if (isCSource(name)) {
                                    met[0]++;
                                    files.add(new InputFile(file, display(prefix, start, file), FileIdentity.of(attrs)));
                                } else if (isKvlintTemp(name)) {
                                    leftovers.add(new InputFile(file, display(prefix, start, file)));
                                }
                            } else if (attrs.isSymbolicLink()) {
                                visitLink(file, name);
                            } else if (attrs.isOther() && isCSource(name)) {
                                diags.add(warn(display(prefix, start, file), notRegular(file, false)));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        private void visitLink(Path link, String name) {
                            String shown = display(prefix, start, link);
                            Path target;
                            BasicFileAttributes attrs;
                            try {
                                target = link.toRealPath();
                                attrs = Files.readAttributes(target, BasicFileAttributes.class);
                            } catch (IOException e) {
                                String why = brokenLink(link);
                                if (isCSource(name) || why.equals("symlink loop")) {
                                    diags.add(warn(shown, why + (isCSource(name) ? ", skipped" : ", not followed")));
                                }
                                return;
                            }
                            if (attrs.isDirectory()) {
                                Path realLink = link.toAbsolutePath().normalize();
                                try {
                                    realLink = link.getParent().toRealPath().resolve(link.getFileName());
                                } catch (IOException ignored) {
                                    // keep the normalised path
                                }
                                if (realLink.startsWith(target)) {
                                    diags.add(warn(shown, "symlink loop, not followed"));
                                } else if (!target.startsWith(realRoot) && seenReal.add(target)) {
                                    walkFrom(prefix, start, link, realRoot, files, diags, leftovers, seenReal, met);
                                }
                                return;
                            }
                            if (!isCSource(name)) {
                                return;
                            }
                            met[0]++;
                            if (!attrs.isRegularFile()) {
                                diags.add(warn(shown, notRegular(target, true)));
                            } else if (!(target.startsWith(realRoot) && isCSource(target.getFileName().toString()))
                                    && seenReal.add(target)) {
                                // a link to a C file the walk will not reach by itself: scan it once
                                files.add(new InputFile(link, shown, FileIdentity.of(attrs)));
                            }
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            diags.add(warn(display(prefix, start, file), "cannot read: " + reason(e)));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            diags.add(warn(prefix, "cannot walk: " + reason(e)));
        }
    }

    static String reason(IOException e) {
        String cls = e.getClass().getSimpleName();
        return switch (cls) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            default -> e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage() == null ? cls : e.getMessage();
        };
    }

    private static String display(String prefix, Path start, Path file) {
        // a walked path is the start's text, a separator and the rest: slicing it is what
        // relativize() would give, at a fraction of the cost on a 55,000-file walk
        String s = file.toString();
        String base = start.toString();
        String rel = s.length() > base.length() && s.startsWith(base) && s.charAt(base.length()) == '/'
                ? s.substring(base.length() + 1) : base.isEmpty() ? s : start.relativize(file).toString();
        rel = rel.replace('\\', '/');
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
