package org.kvlint.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;
import org.kvlint.validate.Matrix;
import org.kvlint.validate.ResultJson;
import org.kvlint.validate.ResultText;
import org.kvlint.validate.ValidationResult;
import org.kvlint.validate.Validator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code kvlint simulate}: run a fix's code before and after on the reference allocator model. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Prove a fix: run its code before and after on a model of the kernel allocators.",
            "The function(s) a fix changes run on kvlint's reference model of the kernel allocators (sizes around "
                    + "PAGE_SIZE and 8 pages, plenty/fragmented/exhausted memory, the GFP masks of the code, random "
                    + "kvmalloc backends); the table shows what a caller and the kernel log see in each scenario. A "
                    + "fix is proven SAFE when no scenario gets worse."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvlint simulate drivers/foo/foo_main.c:120          the finding at line 120, its fix, the rows that differ",
            "  kvlint simulate --verbose drivers/foo/foo.c:120     every scenario row",
            "  kvlint simulate --format json drivers/foo/foo.c:120",
            "  kvlint simulate --all --summary ~/linux             prove every fix of a tree; totals only",
            "",
            "Exit status: 0 every simulated fix proven safe, 1 some fix unsafe or not validated,",
            "2 usage or fatal error (also: no finding at FILE:LINE, or a finding without a fix)."})
public final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE:LINE[:COL] | PATH", arity = "0..*",
            description = "FILE:LINE: the finding(s) starting or lying on that line; FILE:LINE:COL (as kvlint check "
                    + "prints it): the finding starting there. With --all: files or directories.")
    List<String> targets = List.of();

    @Option(names = "--all", description = "Validate every fix found in the PATHs and list the results.")
    boolean all;

    @Option(names = "--summary", description = "With --all: print only the totals, grouped by reason.")
    boolean summary;

    @Option(names = {"-v", "--verbose"}, description = "Print every scenario row, not only the rows that differ.")
    boolean verbose;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @CommandLine.Mixin
    TargetOptions common;

    @CommandLine.Mixin
    PolicyOptions policy;


    @Option(names = "--quick-matrix", hidden = true, description = "Fewer scenarios (tests).")
    boolean quickMatrix;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean json = switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw usage("--format: unknown format '" + format + "' (want text or json)");
        };
        int threads = common.threads();
        if (summary && !all) {
            throw usage("--summary goes with --all");
        }
        Validator validator = new Validator(quickMatrix ? Matrix.quick() : Matrix.standard());
        if (all) {
            if (targets.isEmpty()) {
                throw usage("--all needs the files or directories to validate");
            }
            PolicyOptions.Settings settings = policy.resolve(targets, common.kernel(), false);
            return all(validator, settings, threads, json, out, err);
        }
        if (targets.size() != 1) {
            throw usage(targets.isEmpty() ? "missing FILE:LINE" : "give one FILE:LINE (or --all PATH...)");
        }
        return one(validator, targets.getFirst(), threads, json, out, err);
    }

    /**
     * Where to simulate: {@code FILE:LINE}, or {@code FILE:LINE:COL} (and a trailing ':') as pasted
     * from {@code kvlint check}'s output.
     *
     * @param column 0 when not given
     */
    record Location(String file, int line, int column) {
        private static final java.util.regex.Pattern LINE_COL = java.util.regex.Pattern.compile("(.+):(\\d{1,9}):(\\d{1,9})");
        private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("(.+):(\\d{1,9})");

        /**
         * FILE:LINE:COL when that FILE exists (or neither reading does), else FILE:LINE; empty when
         * there is no line number from 1.
         */
        static java.util.Optional<Location> parse(String target, java.util.function.Predicate<String> exists) {
            String t = target.endsWith(":") ? target.substring(0, target.length() - 1) : target;
            var lc = LINE_COL.matcher(t);
            var l = LINE.matcher(t);
            Location withColumn = lc.matches() ? new Location(lc.group(1), Integer.parseInt(lc.group(2)),
                    Integer.parseInt(lc.group(3))) : null;
            Location lineOnly = l.matches() ? new Location(l.group(1), Integer.parseInt(l.group(2)), 0) : null;
            Location pick = withColumn != null && (exists.test(withColumn.file()) || lineOnly == null
                    || !exists.test(lineOnly.file())) ? withColumn : lineOnly;
            return java.util.Optional.ofNullable(pick).filter(x -> x.line() >= 1);
        }
    }

    // ================================================================ one finding

    private int one(Validator validator, String target, int threads, boolean json, PrintWriter out,
                    PrintWriter err) {
        Location loc = Location.parse(target, f -> Files.exists(Path.of(f)))
                .orElseThrow(() -> usage("want FILE:LINE or FILE:LINE:COL with a line number from 1, got '" + target
                        + "'"));
        String file = loc.file();
        int line = loc.line();
        if (!Files.isRegularFile(Path.of(file))) {
            err.println("kvlint: error: " + file + ": " + (Files.exists(Path.of(file)) ? "not a regular file"
                    : "no such file"));
            return ExitStatus.ERROR.code();
        }
        PolicyOptions.Settings settings = policy.resolve(List.of(file), common.kernel(), false);
        ScanResult scan = settings.policy().apply(
                Scanner.standard().scan(common.scan(List.of(file), settings.kernel(), TerminalProgress.forStderr(err, false))
                        .forProofs(true)));
        for (Diagnostic d : scan.diagnostics()) {
            err.println(d.render());
        }
        int at = line;
        List<Finding> here = scan.findings().stream()
                .filter(f -> f.span().startLine() <= at && at <= f.span().endLine()).toList();
        List<Finding> exact = here.stream()
                .filter(f -> f.span().startLine() == at && f.span().startColumn() == loc.column()).toList();
        if (!exact.isEmpty()) {
            here = exact; // FILE:LINE:COL as check prints it names one finding
        }
        if (here.isEmpty()) {
            List<ScanResult.SuppressedFinding> silenced = scan.suppressed().stream()
                    .filter(s -> s.finding().span().startLine() <= at && at <= s.finding().span().endLine()).toList();
            if (!silenced.isEmpty()) {
                ScanResult.SuppressedFinding s = silenced.getFirst();
                err.println("kvlint: error: the finding at " + file + ":" + line + " (" + s.finding().ruleId()
                        + ") is suppressed by " + s.by().spelling() + " at line " + s.by().line());
                return ExitStatus.ERROR.code();
            }
            TreeSet<Integer> lines = new TreeSet<>();
            scan.findings().forEach(f -> lines.add(f.span().startLine()));
            err.println("kvlint: error: no finding at " + file + ":" + line + (lines.isEmpty() ? " (none in this file)"
                    : " (findings at line" + (lines.size() > 1 ? "s " : " ") + String.join(", ",
                    lines.stream().map(String::valueOf).toList()) + ")"));
            return ExitStatus.ERROR.code();
        }
        if (here.stream().allMatch(f -> f.fixes().isEmpty())) {
            for (Finding f : here) {
                err.println("kvlint: error: " + where(f) + " " + f.ruleId() + " has no fix to simulate: " + f.message());
            }
            return ExitStatus.ERROR.code();
        }
        // the fixes kvlint fix would make (full re-analysis of the file), each proven
        ProvenFixes.Result proven = ProvenFixes.prove(scan.with(here, scan.diagnostics()), threads,
                RuleContext.standard(), validator);
        boolean allSafe = true;
        ObjectNode root = mapper().createObjectNode();
        root.put("file", file);
        root.put("line", line);
        root.put("kernelVersion", scan.kernel().toString());
        ArrayNode jf = root.putArray("findings");
        StringBuilder text = new StringBuilder();
        for (Finding f : proven.scan().findings()) {
            ObjectNode fo = jf.addObject();
            fo.put("ruleId", f.ruleId());
            fo.put("line", f.span().startLine());
            fo.put("column", f.span().startColumn());
            fo.put("message", f.message());
            ArrayNode fixes = fo.putArray("fixes");
            text.append(where(f)).append(": ").append(f.level().label()).append(": ").append(f.message())
                    .append(" [").append(f.ruleId()).append("]\n");
            if (proven.of(f).isEmpty()) {
                text.append("no fix to simulate\n\n");
                continue;
            }
            for (ProvenFixes.Proof p : proven.of(f)) {
                Fix fix = p.claimed();
                ValidationResult r = p.result();
                allSafe &= r.safe();
                ObjectNode xo = fixes.addObject();
                xo.put("description", fix.description());
                xo.put("ruleApplicability", label(fix.applicability()));
                xo.put("ruleReason", fix.reason());
                xo.put("applicability", label(p.proven().applicability()));
                xo.set("validation", ResultJson.full(r));
                text.append("fix: ").append(fix.description()).append(" (rule: ").append(label(fix.applicability()))
                        .append(fix.reason().isEmpty() ? "" : ", " + fix.reason()).append(")\n");
                text.append(ResultText.render(r, verbose)).append('\n');
                text.append("applicability after proof: ").append(label(p.proven().applicability())).append("\n\n");
            }
        }
        if (json) {
            out.println(mapper().writeValueAsString(root));
        } else {
            out.print(text.toString().stripTrailing() + "\n");
        }
        out.flush();
        return allSafe ? ExitStatus.CLEAN.code() : ExitStatus.FINDINGS.code();
    }

    // ================================================================ --all

    /** One validated fix of a tree-wide run; {@code fix} with the rule's applicability. */
    private record Entry(Finding finding, Fix fix, ValidationResult result, long nanos) {}

    private int all(Validator validator, PolicyOptions.Settings settings, int threads, boolean json, PrintWriter out,
                    PrintWriter err) {
        long t0 = System.nanoTime();
        RuleContext rules = RuleContext.standard();
        var progress = TerminalProgress.forStderr(err, false);
        ScanResult scan = settings.policy().apply(
                new Scanner(rules).scan(common.scan(targets, settings.kernel(), progress).forProofs(true)));
        long scanNanos = System.nanoTime() - t0;
        for (Diagnostic d : scan.diagnostics()) {
            if (d.severity() == Diagnostic.Severity.WARNING) {
                err.println(d.render());
            }
        }
        ProvenFixes.Result proven = ProvenFixes.prove(scan, threads, rules, validator, progress);
        List<Entry> entries = new ArrayList<>();
        for (Finding f : proven.scan().findings()) {
            for (ProvenFixes.Proof p : proven.of(f)) {
                entries.add(new Entry(f, p.claimed(), p.result(), p.nanos()));
            }
        }
        long files = entries.stream().map(e -> e.finding().path()).distinct().count();
        long validateNanos = entries.stream().mapToLong(Entry::nanos).sum();
        if (json) {
            out.println(mapper().writeValueAsString(allJson(scan, entries)));
        } else {
            if (!summary) {
                for (Entry e : entries) {
                    out.println(where(e.finding()) + ": " + e.finding().ruleId() + " " + e.fix().description() + ": "
                            + e.result().status() + " (rule: " + label(e.fix().applicability()) + ") - "
                            + e.result().reason());
                }
                out.println();
            }
            out.print(summaryText(scan, entries, (int) files, scanNanos, validateNanos));
        }
        out.flush();
        return entries.stream().allMatch(e -> e.result().safe()) ? ExitStatus.CLEAN.code() : ExitStatus.FINDINGS.code();
    }

    /** Totals, the unsafe ones grouped by what got worse, the unvalidated ones grouped by construct. */
    static String summaryText(ScanResult scan, List<Entry> entries, int files, long scanNanos, long validateNanos) {
        StringBuilder b = new StringBuilder();
        long findings = entries.stream().map(Entry::finding).distinct().count();
        b.append(String.format(Locale.ROOT, "kvlint simulate: %d fixes of %d findings in %d files, kernel %s%n",
                entries.size(), findings, files, scan.kernel()));
        Map<ValidationResult.Status, List<Entry>> by = new LinkedHashMap<>();
        for (ValidationResult.Status s : ValidationResult.Status.values()) {
            by.put(s, new ArrayList<>());
        }
        entries.forEach(e -> by.get(e.result().status()).add(e));
        b.append(String.format(Locale.ROOT, "  proven safe:   %4d%n", by.get(ValidationResult.Status.SAFE).size()));
        b.append(String.format(Locale.ROOT, "  unsafe:        %4d%n", by.get(ValidationResult.Status.UNSAFE).size()));
        groups(b, by.get(ValidationResult.Status.UNSAFE));
        b.append(String.format(Locale.ROOT, "  not validated: %4d%n", by.get(ValidationResult.Status.NOT_VALIDATED).size()));
        groups(b, by.get(ValidationResult.Status.NOT_VALIDATED));
        Map<String, int[]> applicability = new TreeMap<>();
        for (Entry e : entries) {
            String rule = label(e.fix().applicability());
            String proven = label(e.result().applyTo(e.fix()).applicability());
            applicability.computeIfAbsent(rule + " -> " + proven, k -> new int[1])[0]++;
        }
        b.append("  applicability (rule -> after proof):");
        applicability.forEach((k, v) -> b.append(' ').append(k).append(": ").append(v[0]).append(';'));
        b.setLength(b.length() - 1);
        b.append('\n');
        b.append(String.format(Locale.ROOT, "  time: scan %.1f s, validation %.1f s (CPU time summed over threads)%n",
                scanNanos / 1e9, validateNanos / 1e9));
        return b.toString();
    }

    /** "      3  loop macro X() whose body ... (e.g. fs/gfs2/dir.c:1165, ...)". */
    private static void groups(StringBuilder b, List<Entry> entries) {
        Map<String, List<Entry>> g = new TreeMap<>();
        for (Entry e : entries) {
            g.computeIfAbsent(e.result().category().replaceAll("\\b[A-Za-z_]\\w*\\(\\)", "X()"), k -> new ArrayList<>()).add(e);
        }
        g.entrySet().stream().sorted((x, y) -> y.getValue().size() - x.getValue().size()).forEach(x -> {
            List<String> eg = x.getValue().stream().limit(3).map(e -> where(e.finding())).toList();
            b.append(String.format(Locale.ROOT, "       %4d  %s (e.g. %s)%n", x.getValue().size(), x.getKey(),
                    String.join(", ", eg)));
        });
    }

    private ObjectNode allJson(ScanResult scan, List<Entry> entries) {
        ObjectNode root = mapper().createObjectNode();
        root.put("kernelVersion", scan.kernel().toString());
        ArrayNode a = root.putArray("fixes");
        for (Entry e : entries) {
            ObjectNode o = a.addObject();
            o.put("path", e.finding().path());
            o.put("line", e.finding().span().startLine());
            o.put("ruleId", e.finding().ruleId());
            o.put("description", e.fix().description());
            o.put("ruleApplicability", label(e.fix().applicability()));
            o.put("applicability", label(e.result().applyTo(e.fix()).applicability()));
            o.set("validation", ResultJson.summary(e.result()));
        }
        return root;
    }

    private static String where(Finding f) {
        return f.path() + ":" + f.span().startLine() + ":" + f.span().startColumn();
    }

    private static String label(Fix.Applicability a) {
        return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ObjectMapper mapper() {
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
