package org.kvlint.report;

import com.contrastsecurity.sarif.ArtifactChange;
import com.contrastsecurity.sarif.ArtifactContent;
import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.RunAutomationDetails;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;
import org.kvlint.source.Diagnostic;
import org.kvlint.validate.ResultJson;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * SARIF 2.1.0 as GitHub code scanning reads it (GitHub's "SARIF support for code scanning"), built with the
 * {@code com.contrastsecurity:java-sarif} model; this is the only class that knows that library.
 *
 * <p>One run: the driver with every rule of the catalogue (so the rules section is the same for
 * every scan and {@code ruleIndex} is stable), one result per finding with an explicit level, a
 * {@code %SRCROOT%}-relative location, related locations linked from the message, GitHub's line hash
 * plus kvlint's line-free fingerprint, and fixes as byte and line/column replacements; files that
 * could not be analysed are tool execution notifications. No timestamps, no absolute paths: equal
 * scans of equal trees give equal bytes, wherever they run.
 */
public final class SarifReporter implements Reporter {
    public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    /** run.automationDetails.id: category "kvlint", no run id (everything up to the last '/' is the category). */
    public static final String AUTOMATION_ID = "kvlint/";
    public static final String SRCROOT = "%SRCROOT%";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // property bags and fingerprints are hash maps in the model: sort them for stable bytes
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // the model omits values equal to the schema default ("warning"); write every level anyway
            .addMixIn(Result.class, ExplicitResultLevel.class)
            .addMixIn(ReportingConfiguration.class, ExplicitConfigurationLevel.class)
            .addMixIn(Notification.class, ExplicitNotificationLevel.class)
            .build();

    @Override
    public void write(Report report, Writer out) throws IOException {
        MAPPER.writeValue(out, log(report));
        out.write('\n');
    }

    SarifSchema210 log(Report report) {
        ToolInfo info = ToolInfo.current();
        List<RuleMeta> metas = RuleCatalog.standard().metas();
        Map<String, Integer> ruleIndex = new HashMap<>();
        Set<ReportingDescriptor> rules = new LinkedHashSet<>();
        for (RuleMeta m : metas) {
            ruleIndex.put(m.id(), rules.size());
            rules.add(rule(m, info));
        }
        // reported and silenced findings in one finding order; a silenced one carries its suppression
        List<Map.Entry<ReportedFinding, Result>> all = new ArrayList<>();
        for (ReportedFinding r : report.findings()) {
            all.add(Map.entry(r, result(r, ruleIndex.get(r.finding().ruleId()))));
        }
        for (Report.Silenced x : report.silenced()) {
            ReportedFinding r = x.finding();
            all.add(Map.entry(r, result(r, ruleIndex.get(r.finding().ruleId())).withSuppressions(suppression(x))));
        }
        all.sort(java.util.Comparator.comparing(e -> e.getKey().finding(), org.kvlint.rules.Finding.ORDER));
        List<Result> results = all.stream().map(Map.Entry::getValue).toList();
        Run run = new Run()
                .withTool(new Tool().withDriver(new ToolComponent()
                        .withName(info.name())
                        .withVersion(info.version())
                        .withSemanticVersion(info.version())
                        .withInformationUri(URI.create(info.informationUri()))
                        .withRules(rules)))
                .withInvocations(List.of(invocation(report)))
                .withOriginalUriBaseIds(new OriginalUriBaseIds().withAdditionalProperty(SRCROOT, new ArtifactLocation()
                        .withDescription(text("the source root: the kernel tree or repository top directory"
                                + " (kvlint check --srcroot)"))))
                .withAutomationDetails(new RunAutomationDetails().withId(AUTOMATION_ID))
                .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
                .withResults(results)
                .withProperties(runProperties(report));
        return new SarifSchema210()
                .with$schema(URI.create(SCHEMA_URI))
                .withVersion(SarifSchema210.Version._2_1_0)
                .withRuns(List.of(run));
    }

    private static ReportingDescriptor rule(RuleMeta m, ToolInfo info) {
        PropertyBag props = new PropertyBag().withTags(new LinkedHashSet<>(m.tags()));
        props.setAdditionalProperty("precision", m.precision());
        props.setAdditionalProperty("problem.severity", switch (m.level()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "recommendation";
        });
        if (m.tags().contains("security")) {
            // a numeric string, or GitHub rejects the upload; the front matter has no score yet, so
            // the level stands in (GitHub: >= 7.0 high, 4.0-6.9 medium, < 4.0 low)
            props.setAdditionalProperty("security-severity", switch (m.level()) {
                case ERROR -> "7.0";
                case WARNING -> "5.0";
                case NOTE -> "2.0";
            });
        }
        props.setAdditionalProperty("kvlint/fix", m.fix());
        if (!m.kernelSince().isEmpty()) {
            props.setAdditionalProperty("kvlint/kernelSince", m.kernelSince());
        }
        String help = RuleHelp.markdown(m);
        return new ReportingDescriptor()
                .withId(m.id())
                .withName(m.name())
                .withShortDescription(new MultiformatMessageString().withText(RuleHelp.limit(m.summary())))
                .withFullDescription(new MultiformatMessageString().withText(RuleHelp.fullDescription(m)))
                .withHelpUri(URI.create(RuleHelp.helpUri(info, m)))
                .withHelp(new MultiformatMessageString().withText(help).withMarkdown(help))
                .withDefaultConfiguration(new ReportingConfiguration().withLevel(configurationLevel(m.level())))
                .withProperties(props);
    }

    private static Result result(ReportedFinding r, Integer ruleIndex) {
        var f = r.finding();
        Set<Location> related = new LinkedHashSet<>();
        StringBuilder message = new StringBuilder(f.message());
        for (int i = 0; i < f.related().size(); i++) {
            var rel = f.related().get(i);
            // GitHub shows related locations only when the message links to them: "[text](id)"
            message.append(i == 0 ? "; see " : ", ").append('[').append(linkText(rel.message())).append("](")
                    .append(i + 1).append(')');
            related.add(location(r.artifact(), r.related().get(i)).withId(i + 1).withMessage(text(rel.message())));
        }
        PartialFingerprints prints = new PartialFingerprints();
        r.fingerprints().forEach(prints::setAdditionalProperty);
        Result result = new Result()
                .withRuleId(f.ruleId())
                .withRuleIndex(ruleIndex)
                .withLevel(resultLevel(f.level()))
                .withMessage(text(message.toString()))
                .withLocations(List.of(location(r.artifact(), r.region())))
                .withPartialFingerprints(prints);
        if (!related.isEmpty()) {
            result.setRelatedLocations(related);
        }
        // SARIF needs at least one replacement per fix: advice without edits stays in the JSON report
        Set<com.contrastsecurity.sarif.Fix> fixes = r.fixes().stream().filter(x -> !x.edits().isEmpty())
                .map(x -> fix(r.artifact(), x)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!fixes.isEmpty()) {
            result.setFixes(fixes);
        }
        return result;
    }

    /**
     * SARIF's suppression: {@code inSource} for a NOLINT comment (located at it), {@code external} for
     * the baseline file; accepted either way, since the user wrote it.
     */
    private static Set<com.contrastsecurity.sarif.Suppression> suppression(Report.Silenced x) {
        var s = new com.contrastsecurity.sarif.Suppression()
                .withKind(x.kind() == Report.Silenced.Kind.IN_SOURCE ? com.contrastsecurity.sarif.Suppression.Kind.IN_SOURCE
                        : com.contrastsecurity.sarif.Suppression.Kind.EXTERNAL)
                .withStatus(com.contrastsecurity.sarif.Suppression.Status.ACCEPTED)
                .withJustification(x.justification());
        if (x.line() > 0) {
            s.setLocation(new Location().withPhysicalLocation(new PhysicalLocation()
                    .withArtifactLocation(artifactLocation(x.finding().artifact()))
                    .withRegion(new com.contrastsecurity.sarif.Region().withStartLine(x.line()))));
        }
        Set<com.contrastsecurity.sarif.Suppression> out = new LinkedHashSet<>();
        out.add(s);
        return out;
    }

    private static com.contrastsecurity.sarif.Fix fix(SourceRoot.Artifact artifact, ReportedFinding.ReportedFix x) {
        PropertyBag props = new PropertyBag();
        props.setAdditionalProperty("applicability", x.applicability());
        if (!x.fix().reason().isEmpty()) {
            props.setAdditionalProperty("reason", x.fix().reason());
        }
        if (!x.fix().note().isEmpty()) {
            props.setAdditionalProperty("note", x.fix().note());
        }
        x.proof().ifPresent(p -> props.setAdditionalProperty("kvlint/validation", ResultJson.summary(p)));
        // one artifactChange per file the fix touches: its own first, then the others by path
        Set<ArtifactChange> changes = new LinkedHashSet<>();
        changes.add(change(artifact, x.edits()));
        x.otherFiles().forEach(c -> changes.add(change(c.artifact(), c.edits())));
        return new com.contrastsecurity.sarif.Fix()
                .withDescription(text(x.fix().description()))
                .withArtifactChanges(changes)
                .withProperties(props);
    }

    private static ArtifactChange change(SourceRoot.Artifact artifact, List<ReportedFinding.Edit> edits) {
        List<com.contrastsecurity.sarif.Replacement> replacements = new ArrayList<>();
        for (ReportedFinding.Edit e : edits) {
            Region d = e.deleted();
            // both forms: byte offsets are exact, lines/columns are what reviewdog and IDE viewers use
            replacements.add(new com.contrastsecurity.sarif.Replacement()
                    .withDeletedRegion(new com.contrastsecurity.sarif.Region()
                            .withStartLine(d.startLine()).withStartColumn(d.startColumn())
                            .withEndLine(d.endLine()).withEndColumn(d.endColumn())
                            .withByteOffset(d.byteOffset()).withByteLength(d.byteLength()))
                    .withInsertedContent(new ArtifactContent().withText(e.inserted())));
        }
        return new ArtifactChange().withArtifactLocation(artifactLocation(artifact)).withReplacements(replacements);
    }

    private static Invocation invocation(Report report) {
        List<Notification> notes = new ArrayList<>();
        for (Diagnostic d : report.scan().diagnostics()) {
            Set<Location> where = new LinkedHashSet<>();
            where.add(new Location().withPhysicalLocation(new PhysicalLocation()
                    .withArtifactLocation(artifactLocation(report.root().locate(d.path())))));
            notes.add(new Notification()
                    // error: kvlint failed on part of the input, so its results there are incomplete (SARIF 3.58.6)
                    .withLevel(d.internal() ? Notification.Level.ERROR
                            : d.severity() == Diagnostic.Severity.WARNING ? Notification.Level.WARNING
                            : Notification.Level.NOTE)
                    .withMessage(text(d.message()))
                    .withLocations(where));
        }
        for (var u : report.scan().unusedSuppressions()) {
            Set<Location> where = new LinkedHashSet<>();
            where.add(new Location().withPhysicalLocation(new PhysicalLocation()
                    .withArtifactLocation(artifactLocation(report.root().locate(u.path())))
                    .withRegion(new com.contrastsecurity.sarif.Region().withStartLine(u.directive().line()))));
            notes.add(new Notification()
                    .withLevel(Notification.Level.WARNING)
                    .withMessage(text(UnusedSuppressions.message(u)))
                    .withLocations(where));
        }
        // unsuccessful = nothing could be analysed at all (kvlint check then exits 2)
        boolean nothing = report.scan().stats().filesScanned() == 0
                && report.scan().diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
        Invocation inv = new Invocation().withExecutionSuccessful(!nothing);
        if (!notes.isEmpty()) {
            inv.setToolExecutionNotifications(notes);
        }
        return inv;
    }

    private static PropertyBag runProperties(Report report) {
        var s = report.scan().stats();
        PropertyBag p = new PropertyBag();
        p.setAdditionalProperty("kvlint/kernelVersion", report.scan().kernel().toString());
        p.setAdditionalProperty("kvlint/filesScanned", s.filesScanned());
        p.setAdditionalProperty("kvlint/filesParsed", s.filesParsed());
        p.setAdditionalProperty("kvlint/filesWithParseErrors", s.filesWithParseErrors());
        p.setAdditionalProperty("kvlint/functionsWithParseErrors", s.functionsWithParseErrors());
        if (report.baselineUsed()) {
            p.setAdditionalProperty("kvlint/suppressedByBaseline", report.suppressed());
        }
        long inSource = report.silenced().stream().filter(x -> x.kind() == Report.Silenced.Kind.IN_SOURCE).count();
        if (inSource > 0) {
            p.setAdditionalProperty("kvlint/suppressedInSource", inSource);
        }
        return p;
    }

    private static Location location(SourceRoot.Artifact artifact, Region g) {
        return new Location().withPhysicalLocation(new PhysicalLocation()
                .withArtifactLocation(artifactLocation(artifact))
                .withRegion(new com.contrastsecurity.sarif.Region()
                        .withStartLine(g.startLine()).withStartColumn(g.startColumn())
                        .withEndLine(g.endLine()).withEndColumn(g.endColumn())));
    }

    private static ArtifactLocation artifactLocation(SourceRoot.Artifact a) {
        ArtifactLocation l = new ArtifactLocation().withUri(a.uri());
        return a.relative() ? l.withUriBaseId(SRCROOT) : l;
    }

    /** In link text '[', ']' and '\' are escaped with '\' (SARIF §3.11.6). */
    private static String linkText(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    private static Message text(String s) {
        return new Message().withText(s);
    }

    private static Result.Level resultLevel(Level l) {
        return switch (l) {
            case ERROR -> Result.Level.ERROR;
            case WARNING -> Result.Level.WARNING;
            case NOTE -> Result.Level.NOTE;
        };
    }

    private static ReportingConfiguration.Level configurationLevel(Level l) {
        return switch (l) {
            case ERROR -> ReportingConfiguration.Level.ERROR;
            case WARNING -> ReportingConfiguration.Level.WARNING;
            case NOTE -> ReportingConfiguration.Level.NOTE;
        };
    }

    /** Jackson mix-ins: a property-level NON_NULL beats the model's class-level NON_DEFAULT. */
    private abstract static class ExplicitResultLevel {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Result.Level getLevel();
    }

    private abstract static class ExplicitConfigurationLevel {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract ReportingConfiguration.Level getLevel();
    }

    private abstract static class ExplicitNotificationLevel {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Notification.Level getLevel();
    }
}
