package org.kvlint.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.kvlint.facts.KernelVersion;
import org.kvlint.fix.ChangeFacts;
import org.kvlint.fix.CrossFile;
import org.kvlint.fix.Decision;
import org.kvlint.fix.FileOutcome;
import org.kvlint.fix.FixOptions;
import org.kvlint.fix.FixRun;
import org.kvlint.fix.Identity;
import org.kvlint.fix.PatchDate;
import org.kvlint.fix.PatchDirectory;
import org.kvlint.fix.PatchPaths;
import org.kvlint.fix.PatchSeries;
import org.kvlint.fix.Recipients;
import org.kvlint.fix.SafeWriter;
import org.kvlint.fix.UnifiedDiff;
import org.kvlint.fix.Upstream;
import org.kvlint.report.ToolInfo;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvlint fix}: turn findings into a diff, in-place edits, or a patch series. */
@Command(name = "fix", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Rewrite what kvlint finds, as a diff, in place or as a patch series.",
            "Open-coded kmalloc() -> vmalloc() fallbacks become one kvmalloc()-family call (every free of that "
                    + "memory becomes kvfree() in the same change), mismatched frees become the right one. Only fixes "
                    + "proven safe are applied unless --unsafe-fixes is given; findings kvlint check would not report "
                    + "(--select/--ignore, the config file, NOLINT comments) are not fixed."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvlint fix drivers/foo                    print a unified diff (as --diff)",
            "  kvlint fix drivers/foo | git apply        apply it from the tree's root",
            "  kvlint fix --write drivers/foo/foo.c      edit in place (atomically)",
            "  kvlint fix --format-patch out/ ~/linux    a git am-able series in out/",
            "  kvlint fix --format-patch out/ --date 2024-06-01T12:00:00+02:00 ~/linux",
            "  kvlint fix --only KV001 --unsafe-fixes fs/xfs",
            "",
            "Paths in diffs and patches are relative to the kernel tree around PATH",
            "(else to PATH itself). --format-patch writes one series per MAINTAINERS",
            "entry (else per directory) into its own sub-directory of DIR, with a cover",
            "letter when it has more than one patch; To:/Cc: come from the tree's",
            "scripts/get_maintainer.pl (run with perl, without git history). Patches are",
            "signed off by --signoff, else by git's user.name and user.email; their Date",
            "is --date, else SOURCE_DATE_EPOCH (reproducible), else now.",
            "Exit status: 0 nothing found, 1 findings (with --write: findings left",
            "unfixed), 2 usage or fatal error, 3 with --strict when kvlint failed on",
            "part of the input. A summary of the fixes applied and",
            "skipped, and why, goes to stderr."})
public final class FixCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to fix (default: the kernel tree around the current directory, "
                    + "else the bundled examples/ tree; --write needs PATH).")
    List<String> paths = List.of();

    @Option(names = "--diff", description = "Print a unified diff of the fixes (the default).")
    boolean diff;

    @Option(names = "--write", description = "Edit the files in place (temp file, fsync, atomic rename; owner, "
            + "group and mode kept). Left alone, each with a message: a file that changed on disk since kvlint read "
            + "it, a read-only file (unless --force), a file with other hard links, a file reached through a symlink "
            + "that leads outside the paths given, a file whose owner kvlint cannot give back.")
    boolean write;

    @CommandLine.Mixin
    StrictOption strictness;

    @Option(names = "--format-patch", paramLabel = "DIR",
            description = "Write git am-able series to DIR, one per subsystem in its own sub-directory: a patch "
                    + "per file, numbered [PATCH n/m], a cover letter when there are several, subject, explanation, "
                    + "Fixes:, To:/Cc: and Signed-off-by. DIR must be empty (see --force).")
    Path formatPatch;

    @Option(names = "--date", paramLabel = "DATE",
            description = "With --format-patch: the Date: of the patches (RFC 2822 or ISO 8601, or @SECONDS); "
                    + "default SOURCE_DATE_EPOCH, else now.")
    String date;

    @Option(names = "--cc-cmd", paramLabel = "CMD",
            description = "With --format-patch: run the shell command CMD with each patch file as its argument "
                    + "(as git send-email does) and put every address it prints in Cc: (instead of get_maintainer.pl).")
    String ccCmd;

    @Option(names = "--no-cc", description = "With --format-patch: no To: or Cc: headers.")
    boolean noCc;

    @Option(names = "--force", description = "With --format-patch: write into a directory that is not empty, "
            + "removing its old *.patch files (and nothing else) first. With --write: also rewrite read-only files "
            + "(their mode is kept).")
    boolean force;

    @Option(names = "--signoff", paramLabel = "\"NAME <MAIL>\"",
            description = "Author and Signed-off-by of the patches (default: git config user.name/user.email).")
    String signoff;

    @Option(names = "--only", paramLabel = "RULE", split = ",",
            description = "Fix only these rules (comma-separated ids, e.g. KV001,KV004).")
    List<String> only = List.of();

    @Option(names = "--unsafe-fixes", description = "Also apply fixes that are not proven to keep behaviour; "
            + "each says why in the summary.")
    boolean unsafeFixes;


    @CommandLine.Mixin
    TargetOptions common;

    @CommandLine.Mixin
    PolicyOptions policy;

    @Option(names = {"-q", "--quiet"}, description = "Only the summary on stderr, not one line per skipped fix.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (write && formatPatch != null || diff && (write || formatPatch != null)) {
            throw usage("--diff, --write and --format-patch exclude each other");
        }
        if (write && paths.isEmpty()) {
            throw usage("--write needs the files or directories to rewrite");
        }
        List<String> targets = paths;
        if (targets.isEmpty()) {
            DefaultTarget chosen = DefaultTarget.current();
            err.println(chosen.note());
            targets = List.of(chosen.path());
        }
        RuleCatalog catalog = RuleCatalog.standard();
        for (String r : only) {
            if (catalog.meta(r.strip()).isEmpty()) {
                throw usage("--only: unknown rule '" + r + "' (see 'kvlint rules')");
            }
        }
        PolicyOptions.Settings settings = policy.resolve(targets, common.kernel(), false);
        Optional<KernelVersion> kernel = settings.kernel();
        int threads = common.threads();
        if (formatPatch == null && (date != null || ccCmd != null || noCc || force && !write)) {
            throw usage("--date, --cc-cmd and --no-cc go with --format-patch, --force with --format-patch or --write");
        }
        if (ccCmd != null && noCc) {
            throw usage("--cc-cmd and --no-cc exclude each other");
        }
        Identity author = null;
        ZonedDateTime patchDate = null;
        if (formatPatch != null) {
            author = author(targets);
            try {
                patchDate = PatchDate.choose(date, System.getenv("SOURCE_DATE_EPOCH"), Instant.now(), ZoneId.systemDefault());
                PatchDirectory.check(formatPatch, force);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            } catch (PatchDirectory.Refused e) {
                err.println("kvlint: error: --format-patch " + e.getMessage());
                err.flush();
                return ExitStatus.ERROR.code();
            }
        }
        FixOptions options = new FixOptions(Set.copyOf(only), unsafeFixes);
        FixRun.Result result = FixRun.run(new FixRun.Request(
                common.scan(targets, kernel, TerminalProgress.forStderr(err, false)), options, settings.policy()),
                RuleContext.standard());
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.render());
        }

        List<PatchSeries.Change> changes = new ArrayList<>();
        for (FileOutcome f : result.files()) {
            if (f.changed()) {
                String path = result.paths().of(f.file());
                changes.add(new PatchSeries.Change(path, f, UnifiedDiff.render(path, f.before(), f.after(), mode(f)),
                        factsOf(result, f)));
            }
        }
        Map<FileOutcome, String> notWritten = new LinkedHashMap<>();
        if (write) {
            SafeWriter.Policy policy = SafeWriter.Policy.of(targets, force);
            // the files of one fix are checked together first: a fix changes every file or none
            Map<FileOutcome, String> refusedWith = new java.util.HashMap<>();
            for (List<FileOutcome> group : CrossFile.groups(changes.stream().map(PatchSeries.Change::outcome).toList())) {
                if (group.size() < 2) {
                    continue;
                }
                for (FileOutcome f : group) {
                    Optional<SafeWriter.Result> no = SafeWriter.check(f, policy);
                    if (no.isPresent()) {
                        group.forEach(g -> refusedWith.putIfAbsent(g, f == g ? no.get().reason()
                                : "another file of the same fix is not written (" + f.file().displayPath() + ": "
                                + no.get().reason() + ")"));
                    }
                }
            }
            for (PatchSeries.Change c : changes) {
                String refused = refusedWith.get(c.outcome());
                SafeWriter.Result r = refused != null
                        ? new SafeWriter.Result(SafeWriter.Status.NOT_WRITTEN, refused, refused + ", not written", List.of())
                        : SafeWriter.write(c.outcome(), policy);
                String shown = c.outcome().file().displayPath();
                for (Path stale : r.removedTemps()) {
                    err.println(new Diagnostic(Path.of(shown).resolveSibling(stale.getFileName()).toString(),
                            Diagnostic.Severity.NOTE, "removed this temp file of an interrupted kvlint run").render());
                }
                if (r.status() == SafeWriter.Status.NOT_WRITTEN) {
                    notWritten.put(c.outcome(), r.reason());
                    err.println(new Diagnostic(shown, Diagnostic.Severity.WARNING, r.message()).render());
                }
            }
        } else if (formatPatch != null) {
            Upstream upstream = Upstream.of(result.paths(), recipients(result.paths()));
            PatchSeries.Rendered rendered = PatchSeries.render(changes, upstream, new PatchSeries.Settings(author,
                    patchDate, "kvlint " + ToolInfo.current().version(), result.scan().kernel()));
            for (String problem : rendered.problems()) {
                err.println("kvlint: " + (ccCmd != null ? "error: " : "warning: ") + problem);
            }
            if (ccCmd != null && !rendered.problems().isEmpty()) {
                err.println("kvlint: error: no patches written");
                err.flush();
                return ExitStatus.ERROR.code();
            }
            try {
                for (Path old : PatchDirectory.prepare(formatPatch, force)) {
                    if (!quiet) {
                        err.println("kvlint: removed old " + old);
                    }
                }
            } catch (PatchDirectory.Refused e) {
                err.println("kvlint: error: --format-patch " + e.getMessage());
                err.flush();
                return ExitStatus.ERROR.code();
            }
            for (Path file : PatchDirectory.write(formatPatch, rendered.series())) {
                out.println(file);
            }
            if (!rendered.series().isEmpty()) {
                err.println("kvlint fix: " + rendered.series().size() + (rendered.series().size() == 1 ? " series" : " series")
                        + " in " + formatPatch + " (" + seriesNote(upstream) + ")");
            }
        } else {
            for (PatchSeries.Change c : changes) {
                // the bytes as they are: a diff of a file with invalid UTF-8 must apply
                ReportStream.bytes(out, c.diff().bytes(), c.diff().display());
            }
        }
        out.flush();

        int applied = 0;
        int duplicates = 0;
        int skipped = 0;
        Map<String, Integer> appliedByRule = new TreeMap<>();
        Map<String, Integer> skippedByWhy = new LinkedHashMap<>();
        int withoutFix = 0;
        for (FileOutcome f : result.files()) {
            String lost = notWritten.get(f);
            for (Decision d : f.decisions()) {
                switch (d) {
                    case Decision.Applied a when lost == null -> {
                        applied++;
                        appliedByRule.merge(a.finding().ruleId(), 1, Integer::sum);
                        if (!a.fix().note().isEmpty() && !quiet) {
                            noteLine(err, a, a.fix().note());
                        }
                    }
                    case Decision.Applied a -> {
                        skipped++;
                        skippedByWhy.merge(lost, 1, Integer::sum);
                        skipLine(err, d, lost);
                    }
                    case Decision.Skipped s when s.why() == Decision.Why.NO_FIX -> withoutFix++;
                    case Decision.Skipped s when s.why() == Decision.Why.DUPLICATE && lost != null -> {
                        skipped++; // the fix that made the same edit was not written either
                        skippedByWhy.merge(lost, 1, Integer::sum);
                        skipLine(err, d, lost);
                    }
                    case Decision.Skipped s when s.why() == Decision.Why.DUPLICATE && lost == null -> {
                        duplicates++; // fixed all the same, by the fix that made the same edit
                        skipped++;
                        skippedByWhy.merge(s.why().text(), 1, Integer::sum);
                        skipLine(err, d, s.message());
                    }
                    case Decision.Skipped s -> {
                        skipped++;
                        skippedByWhy.merge(s.why().text(), 1, Integer::sum);
                        skipLine(err, d, s.message());
                    }
                }
            }
        }
        err.println(summary(applied, appliedByRule, skipped, skippedByWhy, withoutFix, changes.size() - notWritten.size(),
                result.scan().kernel().toString()));
        err.flush();

        if (ExitStatus.nothingScannable(result.scan())) {
            err.println("kvlint: error: nothing scannable: no .c or .h file under " + String.join(", ", targets));
            return ExitStatus.ERROR.code();
        }
        int code;
        if (result.findings() == 0) {
            code = ExitStatus.CLEAN.code();
        } else if (write) {
            code = result.findings() - applied - duplicates > 0 ? ExitStatus.FINDINGS.code() : ExitStatus.CLEAN.code();
        } else {
            code = ExitStatus.FINDINGS.code();
        }
        return strictness.status(code, result.diagnostics());
    }

    /** What an applied fix did not check or convert, as its JSON and SARIF note say. */
    private static void noteLine(PrintWriter err, Decision d, String note) {
        var f = d.finding();
        err.println(f.path() + ":" + f.span().startLine() + ":" + f.span().startColumn() + ": " + f.ruleId()
                + " fix applied; " + note);
    }

    private void skipLine(PrintWriter err, Decision d, String why) {
        if (quiet) {
            return;
        }
        var f = d.finding();
        err.println(f.path() + ":" + f.span().startLine() + ":" + f.span().startColumn() + ": " + f.ruleId()
                + " fix skipped: " + why);
    }

    static String summary(int applied, Map<String, Integer> byRule, int skipped, Map<String, Integer> byWhy,
                          int withoutFix, int files, String kernel) {
        StringBuilder s = new StringBuilder("kvlint fix: ");
        s.append(applied).append(applied == 1 ? " fix" : " fixes").append(" applied");
        if (!byRule.isEmpty()) {
            s.append(" (");
            byRule.forEach((r, n) -> s.append(r).append(' ').append(n).append(", "));
            s.setLength(s.length() - 2);
            s.append(')');
        }
        s.append(" in ").append(files).append(files == 1 ? " file" : " files");
        s.append("; ").append(skipped).append(" skipped");
        if (!byWhy.isEmpty()) {
            s.append(" (");
            byWhy.forEach((w, n) -> s.append(n).append(' ').append(w).append("; "));
            s.setLength(s.length() - 2);
            s.append(')');
        }
        s.append("; ").append(withoutFix).append(withoutFix == 1 ? " finding" : " findings").append(" without a fix");
        s.append("; kernel ").append(kernel);
        return s.toString();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The author of the series: --signoff, else git's user.name/user.email seen from the tree. */
    private Identity author(List<String> targets) {
        if (signoff != null) {
            try {
                return Identity.parse(signoff);
            } catch (IllegalArgumentException e) {
                throw usage("--signoff: " + e.getMessage());
            }
        }
        Path dir = Path.of(targets.getFirst()).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        return Identity.fromGit(dir).or(() -> Identity.fromGit(Path.of("").toAbsolutePath()))
                .orElseThrow(() -> usage("--format-patch needs an author: pass --signoff \"Name <mail>\" or set "
                        + "git config user.name and user.email"));
    }

    /** Who gets the patches: --no-cc, --cc-cmd, else the kernel tree's get_maintainer.pl when it has one. */
    private Recipients recipients(PatchPaths paths) {
        if (noCc) {
            return new Recipients.None();
        }
        if (ccCmd != null) {
            return new Recipients.CcCommand(ccCmd, Path.of("").toAbsolutePath());
        }
        return paths.kernelTree() ? Recipients.GetMaintainer.find(paths.root()).orElse(new Recipients.None())
                : new Recipients.None();
    }

    private String seriesNote(Upstream upstream) {
        List<String> parts = new ArrayList<>();
        parts.add(upstream.hasMaintainers() ? "one per MAINTAINERS entry" : "one per directory");
        parts.add(upstream.hasHistory() ? "subject prefixes and Fixes: from git history"
                : "subject prefixes from kvlint's table");
        parts.add(noCc ? "no To:/Cc:" : ccCmd != null ? "Cc: from --cc-cmd" : "To:/Cc: from get_maintainer.pl"
                + " when the tree has it");
        return String.join("; ", parts);
    }

    private static Map<org.kvlint.rules.Finding, ChangeFacts> factsOf(FixRun.Result result, FileOutcome f) {
        Map<org.kvlint.rules.Finding, ChangeFacts> out = new java.util.HashMap<>();
        for (Decision d : f.decisions()) {
            ChangeFacts c = result.factsOf(d);
            if (c != ChangeFacts.NONE) {
                out.put(d.finding(), c);
            }
        }
        return out;
    }

    private static String mode(FileOutcome f) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f.file().path());
            return perms.contains(PosixFilePermission.OWNER_EXECUTE) ? "100755" : "100644";
        } catch (IOException | UnsupportedOperationException e) {
            return "100644";
        }
    }
}
