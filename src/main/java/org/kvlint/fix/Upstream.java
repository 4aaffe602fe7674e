package org.kvlint.fix;

import java.util.Optional;

/**
 * How the tree a series was made from wants its patches: the series a file goes in (its
 * MAINTAINERS entry, else its directory), the subject prefix (the subsystem's recent history when
 * the tree is a git work tree, else {@link Subsystem}'s table), {@code Fixes:} tags from
 * {@code git blame}, and the recipients.
 */
public final class Upstream implements PatchSeries.Tree {
    private final boolean kernelTree;
    private final Optional<Maintainers> maintainers;
    private final Optional<GitTree> git;
    private final Recipients recipients;

    public Upstream(boolean kernelTree, Optional<Maintainers> maintainers, Optional<GitTree> git,
                    Recipients recipients) {
        this.kernelTree = kernelTree;
        this.maintainers = maintainers;
        this.git = git;
        this.recipients = recipients;
    }

    /** What the tree around {@code paths} offers: MAINTAINERS and history only for a kernel tree's root. */
    public static Upstream of(PatchPaths paths, Recipients recipients) {
        if (!paths.kernelTree()) {
            return new Upstream(false, Optional.empty(), Optional.empty(), recipients);
        }
        return new Upstream(true, Maintainers.read(paths.root()), GitTree.at(paths.root()), recipients);
    }

    /** Whether the tree's history is used (for the summary line). */
    public boolean hasHistory() {
        return git.isPresent();
    }

    public boolean hasMaintainers() {
        return maintainers.isPresent();
    }

    @Override
    public Subsystem.Owner ownerOf(String path) {
        return maintainers.flatMap(m -> m.entryFor(path))
                .map(m -> new Subsystem.Owner(m.entry().name(), m.directory()))
                .orElseGet(() -> new Subsystem.Owner("", Subsystem.directoryOf(path)));
    }

    @Override
    public String prefixOf(Subsystem.Owner owner, String path) {
        String dir = Subsystem.directoryOf(path);
        String fallback = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\.[ch]$", "");
        if (git.isPresent()) {
            Optional<String> seen = Subsystem.fromHistory(git.get().recentSubjects(dir));
            if (seen.isEmpty() && !owner.directory().equals(dir)) {
                seen = Subsystem.fromHistory(git.get().recentSubjects(owner.directory()));
            }
            if (seen.isPresent()) {
                return seen.get();
            }
        }
        return kernelTree ? Subsystem.prefix(owner.name(), dir, fallback) : Subsystem.prefix(dir, false, fallback);
    }

    @Override
    public Optional<String> fixesTag(String path, int line) {
        return git.flatMap(g -> g.fixesTag(path, line));
    }

    @Override
    public Recipients.Answer recipients(byte[] patch) {
        return recipients.of(patch);
    }
}
