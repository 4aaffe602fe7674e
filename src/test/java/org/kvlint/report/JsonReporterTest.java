package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.source.FileDirectives;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON report against its published schema, docs/kvlint-report.schema.json, and against SARIF. */
class JsonReporterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SCHEMA_FILE = TestPaths.projectDir().resolve("docs/kvlint-report.schema.json");
    private static final Schema SCHEMA = SarifAssertions.schema(SchemaLocation.of(SCHEMA_FILE.toUri().toString()),
            SarifAssertions.read(SCHEMA_FILE), SpecificationVersion.DRAFT_2020_12);

    static JsonNode validJson(Report report) {
        String text = Scans.render(Format.JSON, report);
        List<String> errors = SarifAssertions.schemaErrors(SCHEMA, text);
        assertTrue(errors.isEmpty(), "not valid against docs/kvlint-report.schema.json:\n" + String.join("\n", errors));
        return JSON.readTree(text);
    }

    @Test
    void schemaVersionIsTheReportersVersion() {
        JsonNode schema = JSON.readTree(SarifAssertions.read(SCHEMA_FILE));
        assertEquals(JsonReporter.FORMAT_VERSION, schema.at("/properties/formatVersion/const").asInt());
        assertTrue(schema.get("title").asString().contains("format version " + JsonReporter.FORMAT_VERSION));
    }

    @Test
    void examplesMatchTheSchemaAndCarryWhatSarifCarries() {
        Path project = TestPaths.projectDir();
        Report report = Scans.projectReport(project.resolve("examples"));
        JsonNode json = validJson(report);
        JsonNode sarif = JSON.readTree(Scans.render(Format.SARIF, report));
        JsonNode results = sarif.at("/runs/0/results");
        assertEquals(results.size(), json.get("findings").size());
        assertEquals(sarif.at("/runs/0/tool/driver/rules").size(), json.get("rules").size());
        int fixes = 0;
        for (int i = 0; i < results.size(); i++) {
            JsonNode f = json.get("findings").get(i);
            JsonNode r = results.get(i);
            assertEquals(r.get("ruleId").asString(), f.get("ruleId").asString());
            assertEquals(r.get("level").asString(), f.get("level").asString());
            assertEquals(r.at("/locations/0/physicalLocation/artifactLocation/uri").asString(), f.get("uri").asString());
            for (String k : List.of("startLine", "startColumn", "endLine", "endColumn")) {
                assertEquals(r.at("/locations/0/physicalLocation/region/" + k).asInt(), f.at("/region/" + k).asInt());
            }
            assertEquals(r.get("partialFingerprints"), f.get("fingerprints"));
            assertEquals(r.get("relatedLocations").size(), f.get("related").size());
            // check proves every fix, and says so in both formats
            JsonNode sarifFixes = r.path("fixes");
            for (int k = 0; k < f.get("fixes").size(); k++) {
                JsonNode fix = f.get("fixes").get(k);
                JsonNode proof = fix.get("validation");
                assertTrue(proof != null && proof.isObject(), "fix without its proof: " + fix);
                // one applicability: the proof speaks of the model only, and a safe fix is a proven one
                assertFalse(proof.has("applicability"), fix.toString());
                assertTrue(List.of("proven", "worse", "not_validated").contains(proof.get("status").asString()),
                        fix.toString());
                if (fix.get("applicability").asString().equals("safe")) {
                    assertEquals("proven", proof.get("status").asString(), fix.toString());
                } else if (!proof.get("status").asString().equals("proven")) {
                    assertEquals("unsafe", fix.get("applicability").asString(), fix.toString());
                }
                assertEquals(proof, sarifFixes.get(k).at("/properties/kvlint~1validation"));
                assertEquals(fix.get("applicability"), sarifFixes.get(k).at("/properties/applicability"));
            }
            fixes += f.get("fixes").size();
        }
        assertTrue(fixes >= 9, "examples/ has fixes: " + fixes);
    }

    /** A file with one open-coded fallback (one KV001 finding). */
    private static void writeDemo(Path dir) throws IOException {
        Files.writeString(dir.resolve("demo.c"), """
                void *demo(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);
                \tif (!p)
                \t\tp = vmalloc(n);
                \treturn p;
                }
                """);
    }

    @Test
    void fixesWithApplicabilityAndDiagnosticsMatchTheSchema(@TempDir Path dir) throws IOException {
        writeDemo(dir);
        Files.write(dir.resolve("blob.h"), new byte[] {0, 1, 2});
        ScanResult scan = Scans.scan(dir);
        Finding f = scan.findings().getFirst();
        Fix fix = new Fix("use kvmalloc()", List.of(new Fix.TextEdit(f.span().startByte(), f.span().startByte() + 7,
                "kvmalloc")), Fix.Applicability.UNSAFE, "the free sites were not all found");
        Report report = Report.of(Scans.withFindings(scan, List.of(f.withFixes(List.of(fix)))), new SourceRoot(dir));
        JsonNode json = validJson(report);
        JsonNode x = json.at("/findings/0/fixes/0");
        assertEquals("unsafe", x.get("applicability").asString());
        assertEquals("the free sites were not all found", x.get("reason").asString());
        assertEquals(f.span().startByte(), x.at("/edits/0/region/byteOffset").asInt());
        assertEquals("kvmalloc", x.at("/edits/0/replacement").asString());
        assertEquals("blob.h", json.at("/diagnostics/0/uri").asString());
        assertFalse(json.get("stats").has("suppressedByBaseline"), "only when a baseline was used");
        JsonNode gated = validJson(new Baseline(List.of()).apply(report));
        assertEquals(0, gated.at("/stats/suppressedByBaseline").asInt());
    }

    /**
     * Silenced findings that tie in the finding order (one place, rule and message) are listed, and
     * numbered in their fingerprints, in the order the scan gives them: they were listed in the
     * order of their hashes, which a finding's level (an enum) salts afresh in every JVM.
     */
    @Test
    void silencedFindingsThatTieKeepTheScansOrderInTheListAndInTheirFingerprints(@TempDir Path dir) throws IOException {
        writeDemo(dir);
        ScanResult scan = Scans.scan(dir);
        Finding f = scan.findings().getFirst();
        List<ScanResult.SuppressedFinding> silenced = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            Finding twin = new Finding(f.ruleId(), f.level(), f.path(), f.span(), f.message(),
                    List.of(new Finding.Related(f.span(), "twin " + i)));
            silenced.add(new ScanResult.SuppressedFinding(twin,
                    new FileDirectives.Suppression(FileDirectives.Kind.NOLINT, f.ruleId(), i, 1, i, i)));
        }
        ScanResult quiet = Scans.withFindings(scan, List.of()).withSuppressions(silenced, List.of());
        JsonNode listed = validJson(Report.of(quiet, new SourceRoot(dir))).get("suppressed");
        assertEquals(12, listed.size());
        for (int i = 0; i < 12; i++) {
            assertEquals("twin " + (i + 1), listed.get(i).at("/related/0/message").asString());
            assertEquals(i + 1, listed.get(i).at("/suppression/line").asInt());
            assertTrue(listed.get(i).at("/fingerprints/kvlint~1v1").asString().endsWith(":" + (i + 1)),
                    listed.get(i).get("fingerprints").toString());
        }
    }
}
