package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Span;
import org.kvlint.source.Diagnostic;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kvlint's JSON report, format version {@value #FORMAT_VERSION} (schema:
 * {@code docs/kvlint-report.schema.json}). No timings, so equal scans give equal bytes.
 */
public final class JsonReporter implements Reporter {
    public static final int FORMAT_VERSION = 1;
    private final ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Override
    public void write(ScanResult result, Writer out) throws IOException {
        ToolInfo tool = ToolInfo.current();
        ObjectNode root = mapper.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        ObjectNode t = root.putObject("tool");
        t.put("name", tool.name());
        t.put("version", tool.version());
        root.put("kernelVersion", result.kernel().toString());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : result.findings()) {
            ObjectNode o = findings.addObject();
            o.put("ruleId", f.ruleId());
            o.put("level", f.level().label());
            o.put("path", f.path());
            span(o.putObject("region"), f.span());
            o.put("message", f.message());
            ArrayNode rel = o.putArray("related");
            for (Finding.Related r : f.related()) {
                ObjectNode ro = rel.addObject();
                span(ro.putObject("region"), r.span());
                ro.put("message", r.message());
            }
        }
        ArrayNode diags = root.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode o = diags.addObject();
            o.put("path", d.path());
            o.put("severity", d.severity().name().toLowerCase());
            o.put("message", d.message());
        }
        ObjectNode s = root.putObject("stats");
        s.put("filesScanned", result.stats().filesScanned());
        s.put("filesParsed", result.stats().filesParsed());
        s.put("filesWithParseErrors", result.stats().filesWithParseErrors());
        s.put("functionsWithParseErrors", result.stats().functionsWithParseErrors());
        mapper.writeValue(out, root);
        out.write('\n');
    }

    private static void span(ObjectNode o, Span s) {
        o.put("startLine", s.startLine());
        o.put("startColumn", s.startColumn());
        o.put("endLine", s.endLine());
        o.put("endColumn", s.endColumn());
    }
}
