package org.kvlint.engine;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvlint.index.TreeScope;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;

/**
 * What a user decided about findings, applied in one place after the scan, the same way for
 * {@code check}, {@code fix} and {@code simulate}: which rules to report ({@link RuleSelection}),
 * per-path ignores and level overrides from the config file, and the suppression comments in the
 * code ({@code NOLINT(KV004)}...).
 *
 * <p>The scan itself always runs every rule: selection filters its findings afterwards, which keeps
 * the tree-wide facts, and so each reported finding, the same whatever is selected.
 *
 * @param selection the rules to report
 * @param pathIgnores rules not to report in some files
 * @param levels a level per rule id that replaces the rule's (config {@code [severity]})
 * @param reportUnused list the suppression directives that silenced nothing
 */
public record FindingPolicy(RuleSelection selection, List<PathIgnore> pathIgnores, Map<String, Level> levels,
                            boolean reportUnused) {
    public static final FindingPolicy DEFAULT = new FindingPolicy(RuleSelection.ALL, List.of(), Map.of(), false);

    public FindingPolicy {
        pathIgnores = List.copyOf(pathIgnores);
        levels = Map.copyOf(levels);
    }

    /**
     * Rules not reported in the files a glob matches.
     *
     * @param glob as written: relative to {@code base}, {@code **} crosses directories, a glob
     *     without '/' matches a file name in any directory
     * @param base the directory the glob is relative to (the config file's)
     * @param ruleIds the rules
     */
    public record PathIgnore(String glob, Path base, Set<String> ruleIds) {
        public PathIgnore {
            // links resolved here and in the finding's path: the config may be named by the tree's
            // real path (--config) while the scan went through a link to the tree, or the other way
            base = TreeScope.real(base);
            ruleIds = Set.copyOf(ruleIds);
        }

        boolean ignores(Finding f) {
            if (!ruleIds.contains(f.ruleId())) {
                return false;
            }
            Path file = TreeScope.real(Path.of(f.path()));
            if (!file.startsWith(base)) {
                return false;
            }
            Path relative = base.relativize(file);
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return glob.contains("/") ? m.matches(relative)
                    : relative.getFileName() != null && m.matches(relative.getFileName());
        }
    }

    /** Is the finding's rule reported in its file at all? */
    public boolean reports(Finding f) {
        return selection.selects(f.ruleId()) && pathIgnores.stream().noneMatch(p -> p.ignores(f));
    }

    /** The finding at the level the user wants. */
    public Finding leveled(Finding f) {
        Level l = levels.get(f.ruleId());
        return l == null || l == f.level() ? f
                : new Finding(f.ruleId(), l, f.path(), f.span(), f.message(), f.related(), f.fixes());
    }

    /**
     * The findings of one file that a run acts on, in their order: reported rules only, at the
     * user's levels, without those a directive silences. What {@code kvlint fix} uses on the full
     * re-analysis of a file, so it fixes exactly what {@code kvlint check} reports.
     */
    public List<Finding> active(List<Finding> findings, FileDirectives directives) {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (reports(f) && silencer(f, directives).isEmpty()) {
                out.add(leveled(f));
            }
        }
        return out;
    }

    /**
     * The scan as the user wants it reported: unselected and path-ignored findings dropped, levels
     * overridden, findings a directive silences moved to {@link ScanResult#suppressed()}, and when
     * asked the directives that silenced nothing in {@link ScanResult#unusedSuppressions()}.
     * Directives written wrongly (a NOLINTBEGIN without its NOLINTEND) become notes.
     *
     * <p>A directive counts as used when it matches any finding, reported rule or not, so ignoring
     * a rule does not make its NOLINTs look stale; an unused directive is reported only when it
     * names a rule this run reports (an id of another tool's check, e.g. clang-tidy's, never is).
     */
    public ScanResult apply(ScanResult scan) {
        RuleCatalog catalog = RuleCatalog.standard();
        List<Finding> active = new ArrayList<>();
        List<ScanResult.SuppressedFinding> suppressed = new ArrayList<>();
        Set<FileDirectives.Suppression> used = new HashSet<>();
        for (Finding f : scan.findings()) {
            FileDirectives d = scan.directives().getOrDefault(f.path(), FileDirectives.NONE);
            Optional<FileDirectives.Suppression> by = silencer(f, d);
            d.suppressions().stream().filter(s -> silences(s, f)).forEach(used::add);
            if (!reports(f)) {
                continue;
            }
            Finding leveled = leveled(f);
            if (by.isPresent()) {
                suppressed.add(new ScanResult.SuppressedFinding(leveled, by.get()));
            } else {
                active.add(leveled);
            }
        }
        List<ScanResult.UnusedSuppression> unused = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>(scan.diagnostics());
        scan.directives().forEach((path, d) -> {
            for (FileDirectives.Suppression s : d.suppressions()) {
                if (reportUnused && !used.contains(s) && namesReportedRule(s.id(), catalog)) {
                    unused.add(new ScanResult.UnusedSuppression(path, s));
                }
            }
            for (FileDirectives.Problem p : d.problems()) {
                diagnostics.add(new Diagnostic(path, Diagnostic.Severity.NOTE, "line " + p.line() + ": " + p.message()));
            }
        });
        diagnostics.sort(null);
        return scan.with(active, diagnostics).withSuppressions(suppressed, unused);
    }

    /** The first directive that silences the finding, if any. */
    static Optional<FileDirectives.Suppression> silencer(Finding f, FileDirectives d) {
        return d.suppressions().stream().filter(s -> silences(s, f)).findFirst();
    }

    private static boolean silences(FileDirectives.Suppression s, Finding f) {
        return s.covers(f.span().startLine())
                && RuleCatalog.standard().meta(f.ruleId()).map(m -> names(s.id(), m)).orElse(false);
    }

    private boolean namesReportedRule(String id, RuleCatalog catalog) {
        return catalog.metas().stream().anyMatch(m -> names(id, m) && selection.selects(m.id()));
    }

    /**
     * Does a directive's id name the rule? Its id in any case, its name, or a glob with {@code *}
     * over either (clang-tidy's {@code NOLINT(bugprone-*)} spelling).
     */
    static boolean names(String id, RuleMeta rule) {
        String want = id.toLowerCase(Locale.ROOT);
        if (!want.contains("*")) {
            return want.equals(rule.id().toLowerCase(Locale.ROOT)) || want.equals(rule.name());
        }
        StringBuilder regex = new StringBuilder();
        for (String part : want.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        regex.setLength(regex.length() - 2);
        Pattern p = Pattern.compile(regex.toString());
        return p.matcher(rule.id().toLowerCase(Locale.ROOT)).matches() || p.matcher(rule.name()).matches();
    }
}
