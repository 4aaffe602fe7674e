package org.kvlint.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.facts.KernelVersion;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileIdentity;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceWalker;

/**
 * What a scan indexes and what it reports. Inside a kernel tree (a top-level Makefile with
 * VERSION/PATCHLEVEL found upwards from the first path, or {@code --tree-root}) the index covers
 * the whole tree, so a helper in {@code lib/} is known when {@code drivers/foo} is checked, and
 * only the files under the given paths are reported, under the paths as the user typed them.
 * Outside a kernel tree the index covers just the given paths.
 *
 * @param root the tree the index covers (real path), when there is one
 * @param rootSource how the root was chosen: "--tree-root", "kernel tree", or "" without a root
 * @param files every file to index, sorted by key
 * @param diagnostics problems met while walking
 */
public record TreeScope(Optional<Path> root, String rootSource, List<ScopedFile> files, List<Diagnostic> diagnostics) {

    /**
     * One file of the scan.
     *
     * @param base where it is: the root of the tree for a file the tree walk found (with
     *     {@code relative}), else the file itself
     * @param relative its path under {@code base}, or null when {@code base} is the file; the
     *     {@link Path} of a file of the tree is made only when the file is read
     * @param key the file's name in the index and the cache: relative to the root ('/'-separated),
     *     or absolute for a file outside it
     * @param shown how to report it, as the user typed its path ({@link #display}), or null when it
     *     is only indexed
     * @param identity what the walk's stat said of it, or null when the walk made none
     */
    public record ScopedFile(Path base, String relative, String key, Shown shown, FileIdentity identity) {
        /** A file reported under {@code display}. */
        public ScopedFile(Path base, String relative, String key, String display, FileIdentity identity) {
            this(base, relative, key, display == null ? null : new Shown(display, key.length()), identity);
        }

        /**
         * The path to report it under, as the user typed it, or null when it is only indexed: made
         * when asked, from a prefix the files under one typed directory share (a whole kernel
         * tree's 55,000 display paths are not held for the scan's length).
         */
        public String display() {
            return shown == null ? null : shown.prefix() + key.substring(shown.from());
        }

        /** Where to read it. */
        public Path path() {
            return relative == null ? base : base.resolve(relative);
        }

        /** The file as the rules see it: read from {@link #path}, named by its key. */
        public InputFile input() {
            // the walk's identity also tells the reader the path was a regular file: no second stat
            return new InputFile(path(), key, identity);
        }

        public boolean reported() {
            return shown != null;
        }
    }

    /**
     * @param targets the paths as the user gave them
     * @param treeRoot {@code --tree-root}, if given
     * @param wholeTree false to index only the targets even inside a kernel tree
     */
    public static TreeScope resolve(List<String> targets, Optional<Path> treeRoot, boolean wholeTree, int threads) {
        return walk(root(targets, treeRoot, wholeTree), targets, threads);
    }

    /**
     * The tree the index covers, and how it was chosen, before anything is walked (so the cache of
     * that tree can be read while the walk runs).
     *
     * @param path its real path
     * @param source "--tree-root" or "kernel tree"
     */
    public record Root(Path path, String source) {}

    public static Optional<Root> root(List<String> targets, Optional<Path> treeRoot, boolean wholeTree) {
        if (treeRoot.isPresent()) {
            return Optional.of(new Root(real(treeRoot.get()), "--tree-root"));
        }
        if (wholeTree && !targets.isEmpty()) {
            return KernelVersion.detect(Path.of(targets.getFirst())).map(d -> new Root(real(d.root()), "kernel tree"));
        }
        return Optional.empty();
    }

    public static TreeScope walk(Optional<Root> root, List<String> targets, int threads) {
        return root.isPresent() ? withRoot(root.get().path(), root.get().source(), targets, threads) : targetsOnly(targets);
    }

    /**
     * No tree around the targets: index and report exactly what they hold, keyed by absolute path;
     * a file reached by two paths (one through a link) once, under the first.
     */
    private static TreeScope targetsOnly(List<String> targets) {
        SourceWalker.Result walked = SourceWalker.walk(targets);
        List<ScopedFile> files = new ArrayList<>();
        Map<String, ScopedFile> byKey = new LinkedHashMap<>();
        java.util.Set<List<Long>> seen = new java.util.HashSet<>(); // device and inode of each file kept
        for (InputFile f : walked.files()) {
            String key = keyOf(Optional.empty(), f.path());
            FileIdentity id = f.identity();
            if (id != null && id.inode() >= 0 && !seen.add(List.of(id.device(), id.inode()))) {
                continue;
            }
            byKey.putIfAbsent(key, new ScopedFile(f.path(), null, key, f.displayPath(), f.identity()));
        }
        files.addAll(byKey.values());
        files.sort(java.util.Comparator.comparing(ScopedFile::key));
        return new TreeScope(Optional.empty(), "", List.copyOf(files), walked.diagnostics());
    }

    private static TreeScope withRoot(Path root, String source, List<String> targets, int threads) {
        List<Diagnostic> diags = new ArrayList<>();
        // directories under the root are reported from the root's walk; anything else is walked by itself
        List<Under> under = new ArrayList<>();
        List<String> apart = new ArrayList<>();
        for (String t : targets) {
            Path p = Path.of(t);
            Path real = realOrNull(p);
            if (real != null && real.startsWith(root) && Files.isDirectory(real)) {
                under.add(new Under(prefix(t), relative(root, real)));
            } else {
                apart.add(t);
            }
        }
        TreeWalker.Result tree = TreeWalker.walk(root, threads);
        // the walk's files come sorted by key, each key once
        List<ScopedFile> walked = new ArrayList<>(tree.files().size());
        for (TreeWalker.Found f : tree.files()) {
            walked.add(new ScopedFile(root, f.key(), f.key(), shownOf(f.key(), under), f.identity()));
        }
        for (Diagnostic d : tree.diagnostics()) {
            // a walk problem under the reported paths is the user's business; one elsewhere in the tree is not
            String shown = displayOf(d.path(), under);
            if (shown != null) {
                diags.add(new Diagnostic(shown, d.severity(), d.message(), d.internal()));
            }
        }
        if (apart.isEmpty()) {
            return new TreeScope(Optional.of(root), source, List.copyOf(walked), List.copyOf(diags));
        }
        Map<String, ScopedFile> byKey = new HashMap<>(walked.size() * 2);
        for (ScopedFile f : walked) {
            byKey.put(f.key(), f);
        }
        SourceWalker.Result extra = SourceWalker.walk(apart);
        diags.addAll(extra.diagnostics());
        for (InputFile f : extra.files()) {
            String key = keyOf(Optional.of(root), f.path());
            byKey.put(key, new ScopedFile(f.path(), null, key, f.displayPath(), f.identity()));
        }
        List<ScopedFile> files = new ArrayList<>(byKey.values());
        files.sort((a, b) -> a.key().compareTo(b.key()));
        return new TreeScope(Optional.of(root), source, List.copyOf(files), List.copyOf(diags));
    }

    /**
     * How a file is reported: {@code prefix} followed by its key from offset {@code from} on
     * ({@code drivers/foo/} + {@code bar.c} of {@code drivers/foo/bar.c}).
     */
    public record Shown(String prefix, int from) {}

    /**
     * A reported directory under the root: the prefix to show, and where it is in the root; its
     * files share one {@link Shown}.
     */
    private record Under(String shown, String relative, Shown files) {
        Under(String shown, String relative) {
            this(shown, relative, new Shown(shown.equals(".") ? "" : shown.endsWith("/") ? shown : shown + "/",
                    relative.isEmpty() ? 0 : relative.length() + 1));
        }
    }

    /** How the file of {@code key} is reported: under the first typed directory that holds it, else not. */
    private static Shown shownOf(String key, List<Under> under) {
        for (Under u : under) {
            if (u.relative().isEmpty() || key.startsWith(u.relative() + "/")) {
                return u.files();
            }
        }
        return null;
    }

    private static String displayOf(String key, List<Under> under) {
        Shown s = shownOf(key, under);
        return s == null ? null : s.prefix() + key.substring(s.from());
    }

    /**
     * The key of {@code file} in the index of a scan whose tree is {@code root} (its real path, see
     * {@link #root()}): where the file's real path is under the root, '/'-separated, when it is in
     * the tree; else its absolute path. Links are resolved because the tree's walk starts from the
     * root's real path: a path typed through a link to the tree ({@code /usr/src/linux}, a build
     * directory's {@code source}) has the key of the file it leads to. Every lookup in the index of
     * a file known by its path goes through here.
     */
    public static String keyOf(Optional<Path> root, Path file) {
        if (root.isPresent()) {
            Path real = realOrNull(file);
            if (real != null && real.startsWith(root.get())) {
                return relative(root.get(), real);
            }
        }
        return file.toAbsolutePath().normalize().toString();
    }

    /**
     * Where the file of {@code key} is, as one path per file: its real path for a file of the tree,
     * its absolute path for one outside it ({@link Path#resolve} keeps an absolute key as it is), so
     * that two paths of one file compare equal once turned into keys and back.
     */
    public static Path pathOf(Optional<Path> root, String key) {
        return root.map(r -> r.resolve(key)).orElseGet(() -> Path.of(key));
    }

    /**
     * The one path of a file however it was reached: its real path (links resolved); for a file
     * that does not exist (any more, or a name in a test), the real path of its nearest existing
     * directory with the rest of the name, so that it still compares equal to the same name
     * reached another way. What tells whether two paths, one through a link and one not, name the
     * same file.
     */
    public static Path real(Path p) {
        Path r = realOrNull(p);
        if (r != null) {
            return r;
        }
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        return parent == null || abs.getFileName() == null ? abs : real(parent).resolve(abs.getFileName());
    }

    private static String relative(Path root, Path real) {
        return root.relativize(real).toString().replace('\\', '/');
    }

    /** The display prefix of a path as typed: '/'-separated, no trailing slash, no leading "./". */
    private static String prefix(String t) {
        String r = t.replace('\\', '/');
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.startsWith("./") && r.length() > 2) {
            r = r.substring(2);
        }
        return r;
    }

    private static Path realOrNull(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The reported files' display paths, for callers that map keys back. */
    public Map<String, String> displayByKey() {
        Map<String, String> m = new HashMap<>();
        for (ScopedFile f : files) {
            if (f.reported()) {
                m.put(f.key(), f.display());
            }
        }
        return m;
    }
}
