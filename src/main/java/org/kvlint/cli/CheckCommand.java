package org.kvlint.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.kvlint.engine.ChangedFiles;
import org.kvlint.engine.Progress;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.report.Baseline;
import org.kvlint.report.Format;
import org.kvlint.report.PartlyParsedText;
import org.kvlint.report.Report;
import org.kvlint.report.Reporter;
import org.kvlint.report.Statistics;
import org.kvlint.report.TextReporter;
import org.kvlint.report.SourceRoot;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.AtomicWrite;
import org.kvlint.source.Diagnostic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvlint check}: scan, report, exit 1 when something is found. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Scan C files and directories for open-coded kvmalloc()/kvfree() patterns.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvlint check                           the kernel tree around the current directory, else the",
            "                                         bundled sample tree (examples/); stderr says which",
            "  kvlint check drivers/net/ethernet/foo  a directory, recursively (.c and .h files)",
            "  kvlint check --format json -o kvlint.json --jobs 2 ~/linux",
            "  kvlint check --kernel-version 4.14 drivers/foo   advise for an older tree",
            "  kvlint check --format sarif -o kvlint.sarif --baseline kvlint-baseline.json .",
            "  kvlint check --format github --changed-since origin/master drivers/foo",
            "  kvlint check --select KV004,KV005 --show-source --statistics fs/xfs",
            "",
            "Silence one finding in the code with clang-tidy's comments: /* NOLINT(KV004) */ on its line,",
            "// NOLINTNEXTLINE(KV004) on the line before, NOLINTBEGIN(KV004) ... NOLINTEND(KV004) around",
            "a region (rule ids or names, comma-separated; a bare NOLINT does not silence kvlint).",
            "Settings are read from the nearest .kvlint.toml above the first PATH (see README).",
            "",
            "Exit status: 0 nothing at or above --fail-on (default warning: notes alone exit 0),",
            "1 findings at or above it, 2 usage error, bad config file, nothing scannable (no C file",
            "under the paths), a report that could not be written, or fatal error. --exit-zero makes",
            "findings exit 0. With --strict, 3 when kvlint itself failed on part of the input.",
            "A one-line summary goes to stderr; unreadable or odd files get one warning line each."})
public final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to scan (default: the kernel tree around the current directory, "
                    + "else the bundled examples/ tree).")
    List<String> paths = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json and sarif carry "
                    + "each fix with its proof on the allocator model (safe only when proven, as kvlint fix applies).",
            converter = FormatConverter.class, completionCandidates = FormatCandidates.class)
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of stdout: a regular file or a new path is replaced "
                    + "atomically (mode and owner kept); a device, FIFO or symlink is written into, never replaced; "
                    + "'-' is stdout.")
    Path output;

    @CommandLine.Mixin
    StrictOption strictness;


    @CommandLine.Mixin
    TargetOptions common;

    @CommandLine.Mixin
    PolicyOptions policy;

    @Option(names = "--fail-on", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "The lowest level that makes the exit status 1: error, warning or note (default: the "
                    + "config file's fail-on, else warning, so notes alone exit 0).")
    Level failOn;

    @Option(names = "--exit-zero", description = "Exit 0 even when findings are reported (usage and fatal errors "
            + "still exit 2).")
    boolean exitZero;

    @Option(names = "--report-unused-suppressions",
            description = "Also report each NOLINT directive that silences no finding (as a warning; it counts "
                    + "for the exit status).")
    boolean reportUnused;

    @Option(names = "--statistics", description = "After the report, one line per rule with its number of "
            + "findings, in rule order (on stdout for text, on stderr for the other formats).")
    boolean statistics;

    @Option(names = "--show-source", description = "Under each finding of the text report, its source line "
            + "with a caret under the code, as gcc shows it.")
    boolean showSource;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", converter = ColorConverter.class,
            description = "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never "
                    + "(default: ${DEFAULT-VALUE}).")
    ColorMode color;

    @Option(names = {"-v", "--verbose"}, description = "Also list on stderr each function and other top-level item "
            + "tree-sitter could only partly parse (the summary only counts them).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "No summary line on stderr.")
    boolean quiet;

    @Option(names = "--srcroot", paramLabel = "DIR",
            description = "Directory that report paths (SARIF %%SRCROOT%%, GitHub file=, JSON uri) and fingerprints "
                    + "are relative to; for GitHub, the repository root (default: the kernel tree's top directory "
                    + "if found, else the current directory).")
    Path srcRoot;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Do not report findings recorded in FILE (matched by fingerprint, not by line); "
                    + "the summary counts them.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Record every current finding in FILE (atomically), then report as if checked against it: "
                    + "later runs with --baseline FILE show only new findings.")
    Path writeBaseline;

    @Option(names = "--changed-since", paramLabel = "REV",
            description = "Report only findings in files changed since git revision REV (git diff --name-only REV, "
                    + "plus untracked files); the whole tree is still analysed.")
    String changedSince;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<String> targets = paths;
        if (targets.isEmpty()) {
            DefaultTarget chosen = DefaultTarget.current();
            if (!quiet) {
                err.println(chosen.note());
            }
            targets = List.of(chosen.path());
        }
        PolicyOptions.Settings settings = policy.resolve(targets, common.kernel(), reportUnused);
        int threads = common.threads();
        Gate gate = gate(targets);
        RuleContext rules = RuleContext.standard();
        Progress progress = TerminalProgress.forStderr(err, quiet);
        ScanOptions options = common.scan(targets, settings.kernel(), progress).forProofs(format.showsFixes());
        ScanResult scanned = settings.policy().apply(new Scanner(rules).scan(options));
        Report gated = gate.apply(scanned,
                format.showsFixes() ? scan -> ProvenFixes.prove(scan, threads, rules, progress) : null);
        ScanResult result = gated.scan();
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.render());
        }
        if (verbose) {
            result.partlyParsed().forEach(p -> err.println(PartlyParsedText.line(p)));
        }
        StringWriter report = new StringWriter();
        boolean colored = output == null
                && color.enabled(ColorMode.stdoutIsTerminal(), System.getenv("NO_COLOR"), System.getenv("TERM"));
        Reporter reporter = format == Format.TEXT ? new TextReporter(new TextReporter.Style(colored, showSource))
                : format.reporter();
        reporter.write(gated, report);
        if (statistics && format == Format.TEXT) {
            report.write(Statistics.render(result));
        }
        if (output != null && !toStdout(output)) {
            AtomicWrite.write(output, report.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(report);
            out.flush();
        }
        if (statistics && format != Format.TEXT) {
            err.print(Statistics.render(result));
        }
        if (!quiet) {
            err.println(summary(result, gated.suppressed(), System.nanoTime() - started));
        }
        if (ExitStatus.nothingScannable(result)) {
            err.println("kvlint: error: nothing scannable: no .c or .h file under " + String.join(", ", targets));
            return ExitStatus.ERROR.code();
        }
        Level threshold = failOn != null ? failOn : settings.failOn().orElse(Level.WARNING);
        return strictness.status(ExitStatus.of(result, threshold, exitZero).code(), result.diagnostics());
    }

    /**
     * {@code -o -} and {@code -o /dev/stdout} write to our own stdout: reopening /dev/stdout would
     * give a new file description, which writes from offset 0 (and truncates) a file the shell
     * opened for appending ({@code >>}), and whose errors the run would not see.
     */
    static boolean toStdout(Path output) {
        String s = output.toString();
        return s.equals("-") || s.equals("/dev/stdout") || s.equals("/proc/self/fd/1") || s.equals("/dev/fd/1");
    }

    /**
     * What decides which findings get reported, read and checked before the scan so mistakes fail fast.
     *
     * @param srcRoot --srcroot, or null for the default
     * @param changed --changed-since's files, or null to report all files
     * @param baseline --baseline's findings, or null
     * @param writeBaseline --write-baseline's file, or null
     */
    private record Gate(List<String> targets, Path srcRoot, ChangedFiles changed, Baseline baseline, Path baselineFile,
                        Path writeBaseline) {
        /**
         * --changed-since, then the proof of the fixes that are left, then --write-baseline /
         * --baseline: what is left is what gets reported.
         *
         * @param prover proves the fixes of the findings to report; null to report them unproven
         */
        Report apply(ScanResult scanned, Function<ScanResult, ProvenFixes.Result> prover) throws IOException {
            ScanResult filtered = changed == null ? scanned : changed.filter(scanned);
            ProvenFixes.Result proven = prover == null ? new ProvenFixes.Result(filtered, Map.of())
                    : prover.apply(filtered);
            ScanResult scan = proven.scan();
            Report report = Report.of(proven, SourceRoot.resolve(Optional.ofNullable(srcRoot), scan, targets));
            Baseline known = baseline;
            String source = baselineFile == null ? null : baselineFile.getFileName().toString();
            if (writeBaseline != null) {
                known = Baseline.of(report);
                known.write(writeBaseline);
                source = writeBaseline.getFileName().toString();
            }
            return known == null ? report : known.apply(report, source);
        }
    }

    private Gate gate(List<String> targets) throws IOException {
        if (srcRoot != null && !Files.isDirectory(srcRoot)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--srcroot: not a directory: " + srcRoot);
        }
        if (changedSince != null && writeBaseline != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--write-baseline records the whole tree; do not combine it with --changed-since");
        }
        ChangedFiles changed = null;
        if (changedSince != null) {
            try {
                changed = ChangedFiles.since(changedSince, targets);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Baseline known = baseline == null || writeBaseline != null ? null : Baseline.read(baseline);
        return new Gate(targets, srcRoot, changed, known, baseline, writeBaseline);
    }

    static String summary(ScanResult r) {
        return summary(r, -1, r.stats().nanos());
    }

    /**
     * @param suppressed findings a baseline hid, -1 when no baseline was used
     * @param nanos the whole command's time (the scan, the proofs, the report)
     */
    static String summary(ScanResult r, int suppressed, long nanos) {
        String silenced = r.suppressed().isEmpty() ? "" : ", " + r.suppressed().size() + " suppressed in source";
        String unused = r.unusedSuppressions().isEmpty() ? "" : ", " + r.unusedSuppressions().size()
                + " unused suppression" + (r.unusedSuppressions().size() == 1 ? "" : "s");
        long errors = r.findings().stream().filter(f -> f.level() == Level.ERROR).count();
        long warnings = r.findings().stream().filter(f -> f.level() == Level.WARNING).count();
        long notes = r.findings().stream().filter(f -> f.level() == Level.NOTE).count();
        var s = r.stats();
        return String.format(java.util.Locale.ROOT,
                "kvlint: %d %s (%d error%s, %d warning%s, %d note%s)%s%s%s; %d files scanned, %d parsed; "
                        + "parse errors in %d files (%d functions); kernel %s%s; %.2f s",
                r.findings().size(), r.findings().size() == 1 ? "finding" : "findings",
                errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s",
                silenced, suppressed < 0 ? "" : ", " + suppressed + " suppressed by baseline", unused,
                s.filesScanned(), s.filesParsed(), s.filesWithParseErrors(), s.functionsWithParseErrors(),
                r.kernel(), index(r.tree()), nanos / 1e9);
    }

    /** "; index of /linux (kernel tree, 55405 files, 12 read)" — which tree the facts came from, and what the cache saved. */
    static String index(ScanResult.Tree t) {
        String read = t.cache().equals("off") ? "" : ", " + t.filesRead() + " read";
        if (t.root().isEmpty()) {
            return t.cache().equals("off") ? "" : "; cache " + t.cache() + read.replace(", ", ": ");
        }
        return "; index of " + t.root() + " (" + t.rootSource() + ", " + t.filesIndexed() + " files" + read + ")";
    }

    /** An enum constant by its lower-case name; the error lists the names. */
    static <E extends Enum<E>> E lowerCaseValue(Class<E> type, String what, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("unknown " + what + " '" + value + "' (want " + String.join(", ",
                    java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                            .toList()) + ")");
        }
    }

    static final class LevelConverter implements CommandLine.ITypeConverter<Level> {
        @Override
        public Level convert(String value) {
            return lowerCaseValue(Level.class, "level", value);
        }
    }

    static final class ColorConverter implements CommandLine.ITypeConverter<ColorMode> {
        @Override
        public ColorMode convert(String value) {
            return lowerCaseValue(ColorMode.class, "--color", value);
        }
    }

    /** The format names, in lower case, for help and error messages. */
    static final class FormatCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Format.values()).map(f -> f.name().toLowerCase()).iterator();
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown format '" + value + "' (want one of "
                        + String.join(", ", new FormatCandidates()) + ")");
            }
        }
    }
}
