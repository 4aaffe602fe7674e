package org.kvlint.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.kvlint.engine.ChangedFiles;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.facts.KernelVersion;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.report.Baseline;
import org.kvlint.report.Format;
import org.kvlint.report.Report;
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
            "  kvlint check                           the bundled sample tree (examples/)",
            "  kvlint check drivers/net/ethernet/foo  a directory, recursively (.c and .h files)",
            "  kvlint check --format json -o kvlint.json --jobs 2 ~/linux",
            "  kvlint check --kernel-version 4.14 drivers/foo   advise for an older tree",
            "  kvlint check --format sarif -o kvlint.sarif --baseline kvlint-baseline.json .",
            "  kvlint check --format github --changed-since origin/master drivers/foo",
            "",
            "Exit status: 0 no findings, 1 findings, 2 usage or fatal error (also: nothing scannable, the",
            "report could not be written), 3 with --strict when kvlint failed on part of the input.",
            "A one-line summary goes to stderr; unreadable or odd files get one warning line each."})
public final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or directories to scan (default: the bundled examples/ tree).")
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
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<String> targets = paths.isEmpty() ? List.of(defaultSampleTree()) : paths;
        Optional<KernelVersion> kernel = common.kernel();
        int threads = common.threads();
        Gate gate = gate(targets);
        RuleContext rules = RuleContext.standard();
        Report gated = gate.apply(new Scanner(rules).scan(new ScanOptions(targets, threads, kernel)),
                format.showsFixes() ? scan -> ProvenFixes.prove(scan, threads, rules) : null);
        ScanResult result = gated.scan();
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.render());
        }
        StringWriter report = new StringWriter();
        format.reporter().write(gated, report);
        if (output != null && !toStdout(output)) {
            AtomicWrite.write(output, report.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(report);
            out.flush();
        }
        if (!quiet) {
            err.println(summary(result, gated.suppressed()));
        }
        boolean nothingScanned = result.stats().filesScanned() == 0
                && result.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
        if (nothingScanned && result.findings().isEmpty()) {
            return ExitStatus.ERROR.code();
        }
        return strictness.status(result.hasFindings() ? ExitStatus.FINDINGS.code() : ExitStatus.CLEAN.code(),
                result.diagnostics());
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
    private record Gate(List<String> targets, Path srcRoot, ChangedFiles changed, Baseline baseline, Path writeBaseline) {
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
            if (writeBaseline != null) {
                known = Baseline.of(report);
                known.write(writeBaseline);
            }
            return known == null ? report : known.apply(report);
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
        return new Gate(targets, srcRoot, changed, known, writeBaseline);
    }

    static String summary(ScanResult r) {
        return summary(r, -1);
    }

    /** @param suppressed findings a baseline hid, -1 when no baseline was used */
    static String summary(ScanResult r, int suppressed) {
        long errors = r.findings().stream().filter(f -> f.level() == Level.ERROR).count();
        long warnings = r.findings().stream().filter(f -> f.level() == Level.WARNING).count();
        long notes = r.findings().stream().filter(f -> f.level() == Level.NOTE).count();
        var s = r.stats();
        return String.format(java.util.Locale.ROOT,
                "kvlint: %d %s (%d error%s, %d warning%s, %d note%s)%s; %d files scanned, %d parsed; "
                        + "parse errors in %d files (%d functions); kernel %s; %.2f s",
                r.findings().size(), r.findings().size() == 1 ? "finding" : "findings",
                errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s",
                suppressed < 0 ? "" : ", " + suppressed + " suppressed by baseline",
                s.filesScanned(), s.filesParsed(), s.filesWithParseErrors(), s.functionsWithParseErrors(),
                r.kernel(), s.seconds());
    }

    /** The bundled sample tree: {@code $KVLINT_HOME/examples}, shown relative to the working directory. */
    static String defaultSampleTree() {
        String home = System.getProperty("kvlint.home", ".");
        Path examples = Path.of(home, "examples").toAbsolutePath().normalize();
        if (!Files.isDirectory(examples)) {
            throw new UncheckedIOException(new IOException("no PATH given and the sample tree " + examples + " is missing"));
        }
        Path cwd = Path.of("").toAbsolutePath();
        return examples.startsWith(cwd) ? cwd.relativize(examples).toString() : examples.toString();
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
