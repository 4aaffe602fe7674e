package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;
import org.kvlint.source.Diagnostic;
import org.kvlint.validate.ResultJson;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kvlint's JSON report, format version {@value #FORMAT_VERSION}, described field by field in
 * {@code docs/kvlint-report.schema.json}. It carries what the SARIF report carries (rules,
 * source-root-relative uris, UTF-16 regions with byte ranges, related places, fixes with their
 * applicability, fingerprints, notifications) in a flatter shape. No timings, so equal scans give
 * equal bytes. Adding a field keeps the version; renaming, removing or re-typing one bumps it.
 */
public final class JsonReporter implements Reporter {
    public static final int FORMAT_VERSION = 2;
    private final ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public void write(Report report, Writer out) throws IOException {
        ToolInfo tool = ToolInfo.current();
        var result = report.scan();
        ObjectNode root = mapper.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        ObjectNode t = root.putObject("tool");
        t.put("name", tool.name());
        t.put("version", tool.version());
        t.put("informationUri", tool.informationUri());
        root.put("kernelVersion", result.kernel().toString());
        ArrayNode rules = root.putArray("rules");
        for (RuleMeta m : RuleCatalog.standard().metas()) {
            ObjectNode o = rules.addObject();
            o.put("id", m.id());
            o.put("name", m.name());
            o.put("summary", m.summary());
            o.put("level", m.level().label());
            o.put("precision", m.precision());
            o.put("fix", m.fix());
            ArrayNode tags = o.putArray("tags");
            m.tags().forEach(tags::add);
            o.put("kernelSince", m.kernelSince());
            o.put("helpUri", RuleHelp.helpUri(tool, m));
        }
        ArrayNode findings = root.putArray("findings");
        for (ReportedFinding r : report.findings()) {
            finding(findings.addObject(), r);
        }
        ArrayNode silenced = root.putArray("suppressed");
        for (Report.Silenced x : report.silenced()) {
            ObjectNode o = silenced.addObject();
            finding(o, x.finding());
            ObjectNode by = o.putObject("suppression");
            by.put("kind", x.kind() == Report.Silenced.Kind.IN_SOURCE ? "inSource" : "baseline");
            by.put("justification", x.justification());
            if (x.line() > 0) {
                by.put("line", x.line());
            }
        }
        ArrayNode unused = root.putArray("unusedSuppressions");
        for (var u : result.unusedSuppressions()) {
            ObjectNode o = unused.addObject();
            o.put("path", u.path());
            o.put("uri", report.root().locate(u.path()).uri());
            o.put("line", u.directive().line());
            o.put("column", u.directive().column());
            o.put("directive", u.directive().spelling());
            o.put("message", UnusedSuppressions.message(u));
        }
        diagnostics(root.putArray("diagnostics"), report);
        ObjectNode s = root.putObject("stats");
        s.put("filesScanned", result.stats().filesScanned());
        s.put("filesParsed", result.stats().filesParsed());
        s.put("filesWithParseErrors", result.stats().filesWithParseErrors());
        s.put("functionsWithParseErrors", result.stats().functionsWithParseErrors());
        if (report.baselineUsed()) {
            s.put("suppressedByBaseline", report.suppressed());
        }
        s.put("suppressedInSource", report.silenced().stream()
                .filter(x -> x.kind() == Report.Silenced.Kind.IN_SOURCE).count());
        mapper.writeValue(out, root);
        out.write('\n');
    }

    /**
     * Diagnostics about inputs, then each item tree-sitter could only partly parse (a note with its
     * line), together in path order.
     */
    private static void diagnostics(ArrayNode diags, Report report) {
        var result = report.scan();
        java.util.List<ObjectNode> all = new java.util.ArrayList<>();
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode o = diags.objectNode();
            o.put("path", d.path());
            o.put("uri", report.root().locate(d.path()).uri());
            o.put("severity", d.severity().name().toLowerCase());
            o.put("message", d.message());
            if (d.internal()) {
                o.put("internal", true);
            }
            all.add(o);
        }
        for (var p : result.partlyParsed()) {
            ObjectNode o = diags.objectNode();
            o.put("path", p.path());
            o.put("uri", report.root().locate(p.path()).uri());
            o.put("severity", "note");
            o.put("message", PartlyParsedText.message(p));
            o.put("line", p.line());
            all.add(o);
        }
        all.sort(java.util.Comparator.comparing((ObjectNode o) -> o.get("path").asString())
                .thenComparingInt(o -> o.path("line").asInt(0)));
        all.forEach(diags::add);
    }

    private static void finding(ObjectNode o, ReportedFinding r) {
        var f = r.finding();
        o.put("ruleId", f.ruleId());
        o.put("level", f.level().label());
        o.put("path", f.path());
        o.put("uri", r.artifact().uri());
        region(o.putObject("region"), r.region());
        o.put("message", f.message());
        ArrayNode rel = o.putArray("related");
        for (int i = 0; i < f.related().size(); i++) {
            ObjectNode ro = rel.addObject();
            region(ro.putObject("region"), r.related().get(i));
            ro.put("message", f.related().get(i).message());
        }
        ArrayNode fixes = o.putArray("fixes");
        for (ReportedFinding.ReportedFix x : r.fixes()) {
            ObjectNode fo = fixes.addObject();
            fo.put("description", x.fix().description());
            fo.put("applicability", x.applicability());
            fo.put("reason", x.fix().reason());
            if (!x.fix().note().isEmpty()) {
                fo.put("note", x.fix().note());
            }
            x.proof().ifPresent(p -> fo.set("validation", ResultJson.summary(p)));
            edits(fo.putArray("edits"), x.edits());
            if (!x.otherFiles().isEmpty()) {
                ArrayNode others = fo.putArray("otherFiles");
                for (ReportedFinding.FileChange c : x.otherFiles()) {
                    ObjectNode co = others.addObject();
                    co.put("path", c.artifact().path());
                    co.put("uri", c.artifact().uri());
                    edits(co.putArray("edits"), c.edits());
                }
            }
        }
        ObjectNode prints = o.putObject("fingerprints");
        r.fingerprints().forEach(prints::put);
    }

    private static void edits(ArrayNode edits, java.util.List<ReportedFinding.Edit> list) {
        for (ReportedFinding.Edit e : list) {
            ObjectNode eo = edits.addObject();
            region(eo.putObject("region"), e.deleted());
            eo.put("replacement", e.inserted());
        }
    }

    private static void region(ObjectNode o, Region g) {
        o.put("startLine", g.startLine());
        o.put("startColumn", g.startColumn());
        o.put("endLine", g.endLine());
        o.put("endColumn", g.endColumn());
        o.put("byteOffset", g.byteOffset());
        o.put("byteLength", g.byteLength());
    }
}
