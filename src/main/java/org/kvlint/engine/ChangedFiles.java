package org.kvlint.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;

/**
 * The files changed since a git revision, for {@code kvlint check --changed-since REV}: what
 * {@code git diff --name-only REV} lists (committed, staged and unstaged changes; deletions left
 * out) plus untracked files that are not ignored, in every git work tree holding a scanned path.
 *
 * <p>It filters what is reported, not what is analysed: the scan still reads the whole tree, so
 * facts that cross files (a helper in one file that returns vmalloc memory, a wrapper-summary pass
 * if the engine has one) see everything, and a finding in a changed file that depends on an
 * unchanged one is still found. Findings in unchanged files are dropped, and so are diagnostics
 * about unchanged files.
 *
 * @param files absolute, normalised, symlinks resolved
 */
public record ChangedFiles(Set<Path> files) {
    public ChangedFiles {
        files = Set.copyOf(files);
    }

    /** Asks git. Throws IllegalArgumentException with git's own words when REV or the tree is not usable. */
    public static ChangedFiles since(String rev, List<String> targets) {
        if (rev.isBlank() || rev.startsWith("-")) {
            throw new IllegalArgumentException("--changed-since: not a git revision: '" + rev + "'");
        }
        Set<Path> tops = new LinkedHashSet<>();
        for (String t : targets) {
            Path p = Path.of(t).toAbsolutePath().normalize();
            Path dir = Files.isDirectory(p) ? p : p.getParent();
            tops.add(Path.of(git(dir, "rev-parse", "--show-toplevel").strip()));
        }
        Set<Path> changed = new LinkedHashSet<>();
        for (Path top : tops) {
            // -z: names verbatim (no quoting of odd bytes); --no-ext-diff/--no-textconv: never run user tools
            for (String name : git(top, "diff", "--name-only", "-z", "--no-ext-diff", "--no-textconv",
                    "--diff-filter=d", rev, "--").split("\0")) {
                if (!name.isEmpty()) {
                    changed.add(real(top.resolve(name)));
                }
            }
            for (String name : git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")) {
                if (!name.isEmpty()) {
                    changed.add(real(top.resolve(name)));
                }
            }
        }
        return new ChangedFiles(changed);
    }

    /** Is the file behind a display path one of the changed files? */
    public boolean contains(String displayPath) {
        return files.contains(real(Path.of(displayPath)));
    }

    /** The scan with only the findings, and diagnostics, of changed files. */
    public ScanResult filter(ScanResult scan) {
        List<Finding> findings = scan.findings().stream().filter(f -> contains(f.path())).toList();
        // keep diagnostics that are not about one existing file (a missing argument, a loop...)
        List<Diagnostic> diags = scan.diagnostics().stream()
                .filter(d -> !Files.isRegularFile(Path.of(d.path())) || contains(d.path())).toList();
        return scan.with(findings, diags).withSuppressions(
                scan.suppressed().stream().filter(s -> contains(s.finding().path())).toList(),
                scan.unusedSuppressions().stream().filter(u -> contains(u.path())).toList());
    }

    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException | SecurityException e) {
            return abs;
        }
    }

    /** Runs git in {@code dir}; its stdout, or an IllegalArgumentException carrying its stderr. */
    static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            // drain stderr alongside stdout, so neither pipe can fill up and stall git
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                String why = new String(err.join(), StandardCharsets.UTF_8).strip();
                throw new IllegalArgumentException("--changed-since: git " + args[0] + " failed in " + dir + ": "
                        + (why.isEmpty() ? "exit status " + code : why.lines().findFirst().orElse(why)));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("--changed-since needs git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git", e);
        }
    }
}
