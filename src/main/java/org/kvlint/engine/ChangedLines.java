package org.kvlint.engine;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a change touched since a git revision, per file: the added and modified lines of
 * {@code git diff -U0 REV} (committed, staged and unstaged changes) in the new version, and every
 * line of untracked files that are not ignored. What a pull request's annotations are restricted
 * to, as GitHub restricts its own review comments to the diff.
 *
 * @param lines by real path: the changed 1-based lines
 * @param whole files whose every line counts (untracked ones)
 */
public record ChangedLines(Map<Path, BitSet> lines, java.util.Set<Path> whole) {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,(\\d+))? @@");

    /** Asks git in the work tree around {@code dir}; IllegalArgumentException with git's words when it cannot. */
    public static ChangedLines since(String rev, Path dir) {
        if (rev.isBlank() || rev.startsWith("-")) {
            throw new IllegalArgumentException("--changed-since: not a git revision: '" + rev + "'");
        }
        Path top = Path.of(ChangedFiles.git(dir, "rev-parse", "--show-toplevel").strip());
        String diff = ChangedFiles.git(top, "diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv",
                "--no-renames", "--diff-filter=d", rev, "--");
        Map<Path, BitSet> lines = parse(diff, top);
        java.util.Set<Path> whole = new java.util.HashSet<>();
        for (String name : ChangedFiles.git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")) {
            if (!name.isEmpty()) {
                whole.add(ChangedFiles.real(top.resolve(name)));
            }
        }
        return new ChangedLines(lines, whole);
    }

    /** The new-side lines of each file in a {@code -U0} diff. */
    static Map<Path, BitSet> parse(String diff, Path top) {
        Map<Path, BitSet> out = new HashMap<>();
        BitSet current = null;
        for (String line : diff.split("\n")) {
            if (line.startsWith("+++ ")) {
                String name = line.substring(4);
                current = null;
                if (name.startsWith("b/")) {
                    current = out.computeIfAbsent(ChangedFiles.real(top.resolve(unquote(name.substring(2)))), k -> new BitSet());
                }
            } else if (current != null && line.startsWith("@@")) {
                Matcher m = HUNK.matcher(line);
                if (m.find()) {
                    int start = Integer.parseInt(m.group(1));
                    int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                    current.set(start, start + count);
                }
            }
        }
        return out;
    }

    /** Does any line in [from, to] of the file count as changed? */
    public boolean touches(Path file, int from, int to) {
        Path p = ChangedFiles.real(file);
        if (whole.contains(p)) {
            return true;
        }
        BitSet b = lines.get(p);
        return b != null && b.nextSetBit(from) >= 0 && b.nextSetBit(from) <= to;
    }

    /** git quotes odd names in C style ("a\tb"): such names are rare in kernels; unquote the simple cases. */
    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return name;
    }

    /** For tests and callers that already know the lines. */
    public static ChangedLines of(Map<Path, List<int[]>> ranges) {
        Map<Path, BitSet> m = new HashMap<>();
        ranges.forEach((p, rs) -> {
            BitSet b = new BitSet();
            for (int[] r : rs) {
                b.set(r[0], r[1] + 1);
            }
            m.put(ChangedFiles.real(p), b);
        });
        return new ChangedLines(m, java.util.Set.of());
    }
}
