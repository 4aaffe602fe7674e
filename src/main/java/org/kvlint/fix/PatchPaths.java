package org.kvlint.fix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.KernelVersion;
import org.kvlint.index.TreeScope;
import org.kvlint.source.InputFile;

/**
 * Where a changed file goes in {@code a/...} {@code b/...}: relative to the kernel tree around
 * the scanned paths, so {@code git apply}/{@code git am} work from the tree's root; without a
 * kernel tree, relative to the scanned directory (the parent, for a scanned file).
 *
 * @param bases candidate roots, most specific kind first (kernel roots, then scanned directories), links
 *     resolved: a changed file may be named by the path the user typed (through a link to the tree)
 *     or, for a file another file's fix edits, by its path in the tree; both must find their base
 * @param kernelTree whether the first base is a kernel tree root
 */
public record PatchPaths(List<Path> bases, boolean kernelTree) {
    public PatchPaths {
        bases = List.copyOf(bases);
    }

    public static PatchPaths of(List<String> scanned) {
        List<Path> bases = new ArrayList<>();
        boolean kernel = false;
        for (String s : scanned) {
            Optional<KernelVersion.Detected> d = KernelVersion.detect(Path.of(s));
            if (d.isPresent()) {
                bases.add(TreeScope.real(d.get().root()));
                kernel = true;
            }
        }
        for (String s : scanned) {
            Path p = TreeScope.real(Path.of(s));
            bases.add(Files.isDirectory(p) ? p : p.getParent() == null ? p : p.getParent());
        }
        return new PatchPaths(bases, kernel);
    }

    /** The file's tree-relative path, '/'-separated. */
    public String of(InputFile file) {
        Path p = TreeScope.real(file.path());
        for (Path base : bases) {
            if (p.startsWith(base) && !p.equals(base)) {
                return base.relativize(p).toString().replace('\\', '/');
            }
        }
        String shown = file.displayPath();
        while (shown.startsWith("../") || shown.startsWith("./") || shown.startsWith("/")) {
            shown = shown.substring(shown.indexOf('/') + 1);
        }
        return shown;
    }

    /** The directory git commands should run in for these paths (the first base). */
    public Path root() {
        return bases.isEmpty() ? Path.of("").toAbsolutePath() : bases.getFirst();
    }
}
