package org.kvlint.fix;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of a kernel tree that is itself a git work tree (its top directory is the tree's
 * root, so a tree extracted inside some other repository is not mistaken for one): the subjects
 * of recent commits touching a directory, and the commit that last changed a line.
 *
 * <p>git is asked not to take optional locks and not to run a file-system monitor, so reading
 * the history never writes to the tree or starts a program the tree's configuration names.
 */
public final class GitTree {
    /** How many recent commits of a directory decide its subject prefix. */
    static final int RECENT = 50;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Path root;
    private final Map<String, List<String>> subjects = new HashMap<>();

    private GitTree(Path root) {
        this.root = root;
    }

    /** The tree at {@code root} when it is the top of a git work tree with at least one commit. */
    public static Optional<GitTree> at(Path root) {
        GitTree tree = new GitTree(root);
        Subprocess.Result top = tree.git("rev-parse", "--show-toplevel");
        if (!top.ok() || !tree.git("rev-parse", "--verify", "-q", "HEAD").ok()) {
            return Optional.empty();
        }
        try {
            Path shown = Path.of(top.out().strip()).toRealPath();
            return shown.equals(root.toRealPath()) ? Optional.of(tree) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Subjects of the last {@link #RECENT} non-merge commits touching {@code dir} (the whole tree for ""), newest first. */
    public synchronized List<String> recentSubjects(String dir) {
        return subjects.computeIfAbsent(dir, d -> {
            Subprocess.Result r = git("log", "--no-merges", "--max-count=" + RECENT, "--format=%s", "--",
                    d.isEmpty() ? "." : d);
            return r.ok() ? r.out().lines().filter(l -> !l.isBlank()).toList() : List.of();
        });
    }

    /**
     * {@code Fixes: <12-char sha> ("subject")} for the commit that last changed a line (whitespace
     * changes ignored); empty when the line is not committed or git cannot say.
     *
     * @param path tree-relative, '/'-separated
     * @param line 1-based
     */
    public Optional<String> fixesTag(String path, int line) {
        Subprocess.Result blame = git("blame", "-w", "--porcelain", "-L", line + "," + line, "--", path);
        if (!blame.ok() || blame.out().length() < 40) {
            return Optional.empty();
        }
        String sha = blame.out().substring(0, 40);
        if (!sha.matches("[0-9a-f]{40}") || sha.chars().allMatch(c -> c == '0')) {
            return Optional.empty(); // "not committed yet"
        }
        Subprocess.Result log = git("log", "-1", "--abbrev=12", "--format=%h%x00%s", sha);
        String[] parts = log.out().strip().split("\0", 2);
        if (!log.ok() || parts.length != 2) {
            return Optional.empty();
        }
        return Optional.of("Fixes: " + parts[0] + " (\"" + parts[1] + "\")");
    }

    private Subprocess.Result git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false",
                "--no-pager"));
        cmd.addAll(List.of(args));
        return Subprocess.run(root, LIMIT, Map.of("GIT_OPTIONAL_LOCKS", "0"), cmd);
    }
}
