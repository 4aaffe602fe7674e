package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanResult;
import org.kvlint.source.Diagnostic;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15, point 1 (the reports' side): a diagnostic for an item kvlint itself failed on is
 * marked in JSON ({@code "internal": true}, valid against the schema) and is a SARIF tool
 * execution notification of level error; the other findings are still reported.
 */
class InternalDiagnosticsTest {
    @Test
    void internalProblemsAreMarkedInJsonAndSarif() {
        ScanResult scan = Scans.scan(TestPaths.projectDir().resolve("examples"));
        List<Diagnostic> diags = new ArrayList<>(scan.diagnostics());
        diags.add(Diagnostic.internal("examples/drivers/misc/kvdemo/kvdemo_main.c",
                "internal error in kvdemo_probe(), item skipped: java.lang.StackOverflowError"));
        diags.add(new Diagnostic("examples/x.c", Diagnostic.Severity.WARNING, "binary file (NUL byte at offset 0), skipped"));
        Report report = Report.of(scan.with(scan.findings(), diags), new SourceRoot(TestPaths.projectDir()));

        JsonNode json = JsonReporterTest.validJson(report);
        assertEquals(scan.findings().size(), json.get("findings").size());
        JsonNode internal = null;
        for (JsonNode d : json.get("diagnostics")) {
            if (d.get("message").asString().startsWith("internal error")) {
                internal = d;
            } else {
                assertFalse(d.has("internal"), d.toString());
            }
        }
        assertTrue(internal != null && internal.get("internal").asBoolean(), json.get("diagnostics").toString());

        String sarif = Scans.render(Format.SARIF, report);
        SarifAssertions.assertValid(sarif);
        JsonNode notes = JsonMapper.builder().build().readTree(sarif).at("/runs/0/invocations/0/toolExecutionNotifications");
        List<String> levels = new ArrayList<>();
        notes.forEach(n -> levels.add(n.get("level").asString() + " " + n.at("/message/text").asString()));
        assertTrue(levels.contains("error internal error in kvdemo_probe(), item skipped: java.lang.StackOverflowError"),
                levels.toString());
        assertTrue(levels.contains("warning binary file (NUL byte at offset 0), skipped"), levels.toString());
    }
}
