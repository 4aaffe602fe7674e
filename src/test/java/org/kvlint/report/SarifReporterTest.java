package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SarifReporterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FALLBACK = """
            #include <linux/slab.h>
            static int demo_init(struct demo *d, size_t size)
            {
            \td->buf = kmalloc(size, GFP_KERNEL);
            \tif (!d->buf)
            \t\td->buf = vmalloc(size);
            \tif (!d->buf)
            \t\treturn -ENOMEM;
            \treturn 0;
            }
            """;

    private static Path project() {
        return TestPaths.projectDir();
    }

    private static JsonNode sarif(Report report) {
        String text = Scans.render(Format.SARIF, report);
        SarifAssertions.assertValid(text);
        return JSON.readTree(text);
    }

    @Test
    void examplesGiveOneCompleteRunWithEveryRule() {
        Report report = Scans.projectReport(project().resolve("examples"));
        JsonNode log = sarif(report);
        assertEquals("2.1.0", log.get("version").asString());
        assertEquals(1, log.get("runs").size());
        JsonNode run = log.get("runs").get(0);
        JsonNode driver = run.at("/tool/driver");
        assertEquals("kvlint", driver.get("name").asString());
        assertEquals(ToolInfo.current().version(), driver.get("semanticVersion").asString());
        assertFalse(driver.get("informationUri").asString().isEmpty());
        List<RuleMeta> metas = RuleCatalog.standard().metas();
        assertEquals(metas.size(), driver.get("rules").size(), "every rule of the catalogue, fired or not");
        for (int i = 0; i < metas.size(); i++) {
            RuleMeta m = metas.get(i);
            JsonNode r = driver.get("rules").get(i);
            assertEquals(m.id(), r.get("id").asString());
            assertEquals(m.name(), r.get("name").asString());
            assertEquals(m.summary(), r.at("/shortDescription/text").asString());
            assertTrue(r.at("/help/markdown").asString().contains(m.doc().strip()), "help is rules/" + m.id() + ".md");
            assertEquals(m.level().label(), r.at("/defaultConfiguration/level").asString());
            assertEquals(m.precision(), r.at("/properties/precision").asString());
            assertEquals(m.tags().size(), r.at("/properties/tags").size());
            assertTrue(r.at("/properties").has("problem.severity"), "dotted key, not a nested object");
        }
        assertEquals(SarifReporter.AUTOMATION_ID, run.at("/automationDetails/id").asString());
        assertEquals("utf16CodeUnits", run.get("columnKind").asString());
        assertTrue(run.at("/originalUriBaseIds").has("%SRCROOT%"));
        assertTrue(run.at("/invocations/0/executionSuccessful").asBoolean());
        JsonNode results = run.get("results");
        assertEquals(report.findings().size(), results.size());
        assertTrue(results.size() >= 5);
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            Finding f = report.findings().get(i).finding();
            assertEquals(f.level().label(), r.get("level").asString(), "level written even when it is warning");
            JsonNode loc = r.at("/locations/0/physicalLocation");
            assertTrue(loc.at("/artifactLocation/uri").asString().startsWith("examples/"), loc.toString());
            assertEquals(f.span().startLine(), loc.at("/region/startLine").asInt());
            assertEquals(f.related().size(), r.get("relatedLocations").size());
            assertTrue(r.at("/message/text").asString().startsWith(f.message()), "the finding comes first");
            assertTrue(r.at("/message/text").asString().contains("](1)"), "related location linked");
            assertTrue(r.at("/partialFingerprints").has(Fingerprint.KVLINT));
        }
    }

    @Test
    void sameScanSameBytesAndNoTimestamps() {
        Report a = Scans.report(project(), project().resolve("examples"));
        Report b = Scans.report(project(), project().resolve("examples"));
        String sa = Scans.render(Format.SARIF, a);
        assertEquals(sa, Scans.render(Format.SARIF, b));
        assertFalse(sa.contains("TimeUtc"), "no start/end times");
        assertFalse(sa.contains(project().toString()), "no absolute local paths");
    }

    @Test
    void cleanScanStillHasResultsArray(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ok.c"), "void *f(size_t n) { return kvmalloc(n, GFP_KERNEL); }\n");
        JsonNode run = sarif(Scans.report(dir, dir)).at("/runs/0");
        assertTrue(run.get("results").isArray());
        assertEquals(0, run.get("results").size());
    }

    @Test
    void unreadableFilesAreToolNotificationsNotResults(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("blob.c"), new byte[] {'k', 'm', 0, 1, 2});
        Files.writeString(dir.resolve("demo.c"), FALLBACK);
        JsonNode run = sarif(Scans.report(dir, dir)).at("/runs/0");
        assertEquals(1, run.get("results").size());
        JsonNode notes = run.at("/invocations/0/toolExecutionNotifications");
        assertEquals(1, notes.size());
        assertEquals("warning", notes.at("/0/level").asString());
        assertTrue(notes.at("/0/message/text").asString().startsWith("binary file"));
        assertEquals("blob.c", notes.at("/0/locations/0/physicalLocation/artifactLocation/uri").asString());
        assertTrue(run.at("/invocations/0/executionSuccessful").asBoolean(), "one bad file does not fail the run");
    }

    @Test
    void nothingScannableIsAnUnsuccessfulExecution(@TempDir Path dir) {
        JsonNode run = sarif(Scans.report(dir, dir.resolve("missing"))).at("/runs/0");
        assertFalse(run.at("/invocations/0/executionSuccessful").asBoolean());
        assertEquals(1, run.at("/invocations/0/toolExecutionNotifications").size());
    }

    /** Paths with spaces and non-ASCII, a non-ASCII comment before the finding, and fixes of every applicability. */
    @Test
    void oddPathsUtf16ColumnsAndFixes(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("drivers/my drv"));
        String source = FALLBACK.replace("\td->buf = kmalloc", "\t/* größe 😀 */ d->buf = kmalloc");
        Files.writeString(sub.resolve("ünï.c"), source);
        ScanResult scan = Scans.scan(dir);
        assertEquals(1, scan.findings().size(), scan.toString());
        Finding f = scan.findings().getFirst();
        int k = f.span().startByte();
        Fix safe = new Fix("use kvmalloc() and kvfree()", List.of(new Fix.TextEdit(k, k + "kmalloc".length(), "kvmalloc"),
                new Fix.TextEdit(f.related().getFirst().span().startByte(), f.related().getFirst().span().endByte(),
                        "kvmalloc(size, GFP_KERNEL)")), Fix.Applicability.SAFE, "");
        Fix shown = new Fix("or keep the pair and free with kvfree()", List.of(), Fix.Applicability.DISPLAY_ONLY,
                "nothing to change here");
        Fix unsafe = new Fix("insert a comment", List.of(new Fix.TextEdit(k, k, "/* x */ ")), Fix.Applicability.UNSAFE,
                "may change behaviour");
        Report report = Report.of(Scans.withFindings(scan, List.of(f.withFixes(List.of(safe, unsafe, shown)))),
                new SourceRoot(dir));
        JsonNode r = sarif(report).at("/runs/0/results/0");
        String uri = r.at("/locations/0/physicalLocation/artifactLocation/uri").asString();
        assertEquals("drivers/my%20drv/%C3%BCn%C3%AF.c", uri);
        // the line is "\t/* größe 😀 */ d->buf = kmalloc(...)": bytes and UTF-16 units differ
        String line = source.lines().filter(l -> l.contains("kmalloc")).findFirst().orElseThrow();
        int utf16 = line.indexOf("kmalloc") + 1;
        int bytes = line.substring(0, line.indexOf("kmalloc")).getBytes(StandardCharsets.UTF_8).length + 1;
        assertNotEquals(utf16, bytes);
        assertEquals(bytes, f.span().startColumn());
        assertEquals(utf16, r.at("/locations/0/physicalLocation/region/startColumn").asInt());
        JsonNode fixes = r.get("fixes");
        assertEquals(2, fixes.size(), "a fix without edits cannot be a SARIF fix");
        assertEquals("safe", fixes.at("/0/properties/applicability").asString());
        assertEquals("unsafe", fixes.at("/1/properties/applicability").asString());
        assertEquals("may change behaviour", fixes.at("/1/properties/reason").asString());
        JsonNode rep = fixes.at("/0/artifactChanges/0/replacements/0");
        assertEquals(uri, fixes.at("/0/artifactChanges/0/artifactLocation/uri").asString());
        assertEquals(k, rep.at("/deletedRegion/byteOffset").asInt());
        assertEquals("kmalloc".length(), rep.at("/deletedRegion/byteLength").asInt());
        assertEquals(f.span().startLine(), rep.at("/deletedRegion/startLine").asInt());
        assertEquals(utf16, rep.at("/deletedRegion/startColumn").asInt());
        assertEquals(utf16 + "kmalloc".length(), rep.at("/deletedRegion/endColumn").asInt());
        assertEquals("kvmalloc", rep.at("/insertedContent/text").asString());
        assertEquals(0, fixes.at("/1/artifactChanges/0/replacements/0/deletedRegion/byteLength").asInt(), "insertion");
    }

    @Test
    void fingerprintsSurviveUnrelatedLineShifts(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("demo.c");
        Files.writeString(file, FALLBACK);
        ReportedFinding before = Scans.report(dir, dir).findings().getFirst();
        Files.writeString(file, "/* a new header comment */\n#include <linux/vmalloc.h>\n\n"
                + FALLBACK.replace("\td->buf = kmalloc(size, GFP_KERNEL);", "        d->buf = kmalloc(size,\n\t\t\tGFP_KERNEL);"));
        ReportedFinding after = Scans.report(dir, dir).findings().getFirst();
        assertEquals(before.finding().span().startLine() + 3, after.finding().span().startLine());
        assertEquals(before.fingerprint(), after.fingerprint(), "moved and re-wrapped, same finding");
        Files.writeString(file, FALLBACK.replace("kmalloc(size", "kmalloc(2 * size"));
        ReportedFinding edited = Scans.report(dir, dir).findings().getFirst();
        assertNotEquals(before.fingerprint(), edited.fingerprint(), "the flagged code changed");
    }

    @Test
    void identicalCodeTwiceInOneFileGetsDistinctFingerprints(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("twice.c"), FALLBACK + FALLBACK.replace("demo_init", "demo_init2"));
        List<ReportedFinding> found = Scans.report(dir, dir).findings();
        assertEquals(2, found.size());
        assertTrue(found.get(0).fingerprint().endsWith(":1") && found.get(1).fingerprint().endsWith(":2"));
        assertEquals(found.get(0).fingerprint().split(":")[0], found.get(1).fingerprint().split(":")[0]);
    }

    @Test
    void filesOutsideTheSourceRootGetAbsoluteUris(@TempDir Path dir) throws IOException {
        Path inside = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("demo.c"), FALLBACK);
        JsonNode loc = sarif(Scans.report(inside, outside)).at("/runs/0/results/0/locations/0/physicalLocation");
        assertTrue(loc.at("/artifactLocation/uri").asString().startsWith("file:///"), loc.toString());
        assertFalse(loc.at("/artifactLocation").has("uriBaseId"));
    }

    @Test
    void percentEncodingKeepsPathCharactersAndEncodesTheRest() {
        assertEquals("drivers/net/a-b_c.d~e.c", SourceRoot.encode("drivers/net/a-b_c.d~e.c"));
        assertEquals("a%20b/c%25d/e%3Af%23g%3Fh.c", SourceRoot.encode("a b/c%d/e:f#g?h.c"));
        assertEquals("%E2%82%AC.c", SourceRoot.encode("€.c"));
    }

    @Test
    void theValidatorCatchesWhatGithubRejects() {
        String good = Scans.render(Format.SARIF, Scans.projectReport(project().resolve("examples")));
        List<String> broken = new ArrayList<>();
        broken.add(good.replaceFirst("\"ruleIndex\" : 0", "\"ruleIndex\" : 7"));
        broken.add(good.replaceFirst("\"uri\" : \"examples/", "\"uri\" : \"exa mples/"));
        broken.add(good.replaceFirst("\"level\" : \"warning\",\n      \"message\"", "\"message\""));
        broken.add(good.replaceFirst("\"locations\" : \\[ \\{", "\"locations\" : [ ], \"unused\" : [ {"));
        for (String b : broken) {
            assertNotEquals(good, b, "the mutation applies");
            assertFalse(SarifAssertions.problems(b).isEmpty(), "should be rejected:\n" + b.substring(0, 200));
        }
    }
}
