package org.kvlint.fix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kvlint.index.TreeScope;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Fix.TextEdit;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;

/**
 * The edits applied fixes make in other files ({@link Fix#otherFiles()}): added to those files'
 * outcomes (a file without findings of its own gets one), so that a diff, a write and a patch
 * carry every file of a fix. A fix whose edit of another file no longer fits that file (its bytes
 * changed since the fix stage read it, or another applied fix rewrote the same bytes) is
 * skipped whole, in every file: a fix changes all its files or none.
 */
public final class CrossFile {
    private CrossFile() {}

    /** The free names the fix stage writes over in other files; anything else there means the file changed. */
    private static final Set<String> REPLACED = Set.of("kfree", "vfree");

    /**
     * @param files the run's outcomes, in path order
     * @return the outcomes with every other file's edits applied, a file without an outcome of its own added, by path
     */
    public static List<FileOutcome> apply(List<FileOutcome> files) {
        boolean any = files.stream().flatMap(f -> f.applied().stream()).anyMatch(a -> a.fix().crossFile());
        if (!any) {
            return files;
        }
        List<FileOutcome> current = new ArrayList<>(files);
        Map<Path, byte[]> disk = new HashMap<>();
        // a rejected fix changes its own file's edits, which may make another fix fit again; each round drops at least one
        for (int round = 0; round <= files.size() + 1; round++) {
            Map<Path, Integer> byPath = new HashMap<>();
            for (int i = 0; i < current.size(); i++) {
                byPath.put(key(current.get(i).file().path()), i);
            }
            Map<Path, List<Owned>> cross = new TreeMap<>();
            for (int i = 0; i < current.size(); i++) {
                for (Decision.Applied a : current.get(i).applied()) {
                    for (Fix.FileEdits fe : a.fix().otherFiles()) {
                        for (TextEdit e : fe.edits()) {
                            cross.computeIfAbsent(key(Path.of(fe.path())), k -> new ArrayList<>()).add(new Owned(i, a, e));
                        }
                    }
                }
            }
            Map<Decision.Applied, String> rejected = new LinkedHashMap<>();
            for (Map.Entry<Path, List<Owned>> c : cross.entrySet()) {
                Integer at = byPath.get(c.getKey());
                byte[] before = at != null ? current.get(at).before()
                        : disk.computeIfAbsent(c.getKey(), CrossFile::read);
                List<TextEdit> own = at == null ? List.of() : current.get(at).applied().stream()
                        .flatMap(a -> a.fix().edits().stream()).toList();
                for (Owned o : c.getValue()) {
                    if (before == null) {
                        rejected.putIfAbsent(o.fix(), c.getKey() + " could not be read");
                    } else if (!fits(before, o.edit())) {
                        rejected.putIfAbsent(o.fix(), c.getKey() + " changed since kvlint read it");
                    } else if (Edits.conflictsWithAny(o.edit(), own)) {
                        rejected.putIfAbsent(o.fix(), "its edit of " + c.getKey() + " overlaps a fix applied there");
                    }
                }
            }
            if (rejected.isEmpty()) {
                return merge(current, cross, byPath, disk);
            }
            for (int i = 0; i < current.size(); i++) {
                current.set(i, without(current.get(i), rejected));
            }
        }
        throw new IllegalStateException("cross-file fixes did not settle");
    }

    /**
     * The outcomes that must be written together: files joined by a fix that edits several of
     * them, each group in the order of its first file; a file no fix joins is a group of its own.
     */
    public static List<List<FileOutcome>> groups(List<FileOutcome> files) {
        Map<Path, Integer> index = new HashMap<>();
        int[] parent = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            parent[i] = i;
            index.put(key(files.get(i).file().path()), i);
        }
        for (int i = 0; i < files.size(); i++) {
            for (Decision.Applied a : files.get(i).applied()) {
                for (Fix.FileEdits fe : a.fix().otherFiles()) {
                    Integer j = index.get(key(Path.of(fe.path())));
                    if (j != null) {
                        parent[root(parent, j)] = root(parent, i);
                    }
                }
            }
        }
        Map<Integer, List<FileOutcome>> out = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            out.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(files.get(i));
        }
        return List.copyOf(out.values());
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** A cross-file edit and the fix (in outcome {@code file}) that makes it. */
    private record Owned(int file, Decision.Applied fix, TextEdit edit) {}

    private static List<FileOutcome> merge(List<FileOutcome> current, Map<Path, List<Owned>> cross,
                                           Map<Path, Integer> byPath, Map<Path, byte[]> disk) {
        List<FileOutcome> out = new ArrayList<>(current);
        List<FileOutcome> added = new ArrayList<>();
        for (Map.Entry<Path, List<Owned>> c : cross.entrySet()) {
            Set<TextEdit> edits = new LinkedHashSet<>();
            c.getValue().forEach(o -> edits.add(o.edit()));
            Integer at = byPath.get(c.getKey());
            if (at != null) {
                FileOutcome f = current.get(at);
                f.applied().forEach(a -> edits.addAll(a.fix().edits()));
                byte[] after = Edits.apply(f.before(), edits, LineEnding.of(f.before()));
                out.set(at, new FileOutcome(f.file(), f.before(), after, f.decisions(), f.diagnostics()));
            } else {
                byte[] before = disk.get(c.getKey());
                byte[] after = Edits.apply(before, edits, LineEnding.of(before));
                added.add(new FileOutcome(new InputFile(c.getKey(), c.getKey().toString()), before, after, List.of(),
                        List.of()));
            }
        }
        out.addAll(added);
        out.sort(java.util.Comparator.comparing((FileOutcome f) -> f.file().displayPath()));
        return out;
    }

    /** The outcome with the rejected fixes skipped and its bytes made again from the fixes that stay. */
    private static FileOutcome without(FileOutcome f, Map<Decision.Applied, String> rejected) {
        if (f.applied().stream().noneMatch(rejected::containsKey)) {
            return f;
        }
        List<Decision> decisions = new ArrayList<>();
        List<TextEdit> edits = new ArrayList<>();
        for (Decision d : f.decisions()) {
            if (d instanceof Decision.Applied a && rejected.containsKey(a)) {
                decisions.add(new Decision.Skipped(a.finding(), a.fix(), Decision.Why.OTHER_FILE, rejected.get(a)));
            } else {
                decisions.add(d);
                if (d instanceof Decision.Applied a) {
                    edits.addAll(a.fix().edits());
                }
            }
        }
        byte[] after = edits.isEmpty() ? f.before() : Edits.apply(f.before(), edits, LineEnding.of(f.before()));
        return new FileOutcome(f.file(), f.before(), after, decisions, f.diagnostics());
    }

    /** Does the edit still replace a free's name in these bytes? */
    private static boolean fits(byte[] bytes, TextEdit e) {
        if (e.endByte() > bytes.length) {
            return false;
        }
        String old = new String(bytes, e.startByte(), e.endByte() - e.startByte(), StandardCharsets.ISO_8859_1);
        return REPLACED.contains(old);
    }

    private static byte[] read(Path p) {
        SourceReader.Read r = SourceReader.read(new InputFile(p, p.toString()));
        return r.content().isPresent() && r.content().get() == r.raw() ? r.raw()
                : r.content().map(c -> java.util.Arrays.equals(c, r.raw()) ? r.raw() : null).orElse(null);
    }

    /**
     * One path per file: an outcome's file is the path the user typed (maybe through a link to the
     * tree) while a fix names the other files it edits by their path in the tree, so both are
     * resolved, or an edit of a file with findings of its own would become a second outcome of it.
     */
    private static Path key(Path p) {
        return TreeScope.real(p);
    }
}
