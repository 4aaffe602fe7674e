package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.report.SarifAssertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Suppressions, rule selection, config file, exit policy and output options, end to end. */
class ConventionsCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    private static String suppressions() {
        return TestPaths.testdata().resolve("suppressions").toString();
    }

    private static final String KV004 = """
            static void f(size_t n)
            {
            \tvoid *p = vmalloc(n);

            \tkfree(p);
            }
            """;
    private static final String NOTE_ONLY = """
            static int g(struct d *d, size_t n)
            {
            \td->p = vmalloc(n);
            \tif (!d->p)
            \t\treturn -ENOMEM;
            \tmemset(d->p, 0, n);
            \treturn 0;
            }
            """;

    @Test
    void suppressedFindingsAreKeptInSarifAndJsonAndIgnoredByTextAndExit(@TempDir Path dir) throws IOException {
        CliTest.Run text = run("check", "--no-config", suppressions());
        assertEquals(1, text.code(), text.err());
        assertEquals(4, text.out().lines().count(), text.out());
        assertTrue(text.out().lines().allMatch(l -> l.endsWith("[KV004]")), text.out());
        assertTrue(text.err().contains("3 suppressed in source"), text.err());
        assertTrue(text.err().contains("NOLINTBEGIN(KV009) without a NOLINTEND(KV009)"), text.err());

        Path sarif = dir.resolve("s.sarif");
        assertEquals(1, run("check", "--no-config", "--format", "sarif", "-o", sarif.toString(), suppressions()).code());
        String log = Files.readString(sarif);
        SarifAssertions.assertValid(log);
        JsonNode results = JSON.readTree(log).at("/runs/0/results");
        assertEquals(7, results.size(), "suppressed results are kept");
        long inSource = 0;
        for (JsonNode r : results) {
            if (r.has("suppressions")) {
                assertEquals("inSource", r.at("/suppressions/0/kind").asString());
                inSource++;
            }
        }
        assertEquals(3, inSource);

        Path json = dir.resolve("s.json");
        run("check", "--no-config", "--format", "json", "-o", json.toString(), suppressions());
        JsonNode report = JSON.readTree(Files.readString(json));
        assertEquals(4, report.get("findings").size());
        assertEquals(3, report.get("suppressed").size());
        assertEquals("NOLINT(KV004) at line 15", report.at("/suppressed/0/suppression/justification").asString());
        assertEquals("NOLINTNEXTLINE(kfree-of-vmalloc-memory) at line 25",
                report.at("/suppressed/1/suppression/justification").asString());
        assertEquals("inSource", report.at("/suppressed/2/suppression/kind").asString());
        assertEquals(3, report.at("/stats/suppressedInSource").asInt());
    }

    @Test
    void everySuppressedFileExitsZero(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.c"), KV004.replace("kfree(p);", "kfree(p); /* NOLINT(KV004) */"));
        CliTest.Run r = run("check", "--no-config", f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        Files.writeString(f, KV004.replace("\tkfree(p);", "\t// NOLINTNEXTLINE(KV001)\n\tkfree(p);"));
        assertEquals(1, run("check", "--no-config", f.toString()).code(), "another rule's directive silences nothing");
    }

    @Test
    void unusedSuppressionsAreReportedOnRequest() {
        CliTest.Run r = run("check", "--no-config", "--report-unused-suppressions", "--select", "KV001", suppressions());
        // KV004 not selected: its findings are not reported; KV001's region is used; no unused KV001 directive
        assertEquals(0, r.code(), r.out() + r.err());
        CliTest.Run all = run("check", "--no-config", "--report-unused-suppressions", suppressions());
        List<String> unused = all.out().lines().filter(l -> l.endsWith("[unused-suppression]")).toList();
        assertEquals(List.of(suppressions() + "/suppressions.c:25:5: warning: NOLINTNEXTLINE(KV005) silences no finding;"
                + " remove it [unused-suppression]", suppressions() + "/suppressions.c:56:15: warning: NOLINT(KV003)"
                + " silences no finding; remove it [unused-suppression]"), unused);
        assertTrue(all.err().contains("2 unused suppressions"), all.err());
    }

    @Test
    void selectAndIgnoreByIdOrName(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.c"), KV004 + NOTE_ONLY);
        assertEquals(List.of("KV004", "KV009"), rules(run("check", "--no-config", f.toString())));
        assertEquals(List.of("KV009"), rules(run("check", "--no-config", "--select", "open-coded-zeroing", f.toString())));
        assertEquals(List.of("KV004"), rules(run("check", "--no-config", "--ignore", "kv009", f.toString())));
        assertEquals(List.of("KV004", "KV009"), rules(run("check", "--no-config", "--select", "KV004", "--select",
                "KV005,KV009", f.toString())), "repeatable and comma-separated");
        for (String cmd : List.of("check", "fix", "simulate")) {
            CliTest.Run bad = run(cmd, "--no-config", "--select", "KV004,KV042", cmd.equals("simulate") ? f + ":5"
                    : f.toString());
            assertEquals(2, bad.code(), cmd + ": " + bad.err());
            assertTrue(bad.err().contains("unknown rule 'KV042'"), bad.err());
        }
        CliTest.Run fix = run("fix", "--no-config", "--ignore", "KV004", f.toString());
        assertFalse(fix.out().contains("kvfree"), "an ignored rule is not fixed: " + fix.out());
    }

    private static List<String> rules(CliTest.Run r) {
        return r.out().lines().map(l -> l.replaceAll(".*\\[(KV\\d+)]$", "$1")).distinct().toList();
    }

    @Test
    void failOnAndExitZero(@TempDir Path dir) throws IOException {
        Path note = Files.writeString(dir.resolve("note.c"), NOTE_ONLY);
        assertEquals(0, run("check", "--no-config", note.toString()).code(), "notes alone exit 0 by default");
        assertEquals(1, run("check", "--no-config", "--fail-on", "note", note.toString()).code());
        Path error = Files.writeString(dir.resolve("error.c"), KV004);
        assertEquals(1, run("check", "--no-config", "--fail-on", "error", error.toString()).code());
        assertEquals(0, run("check", "--no-config", "--exit-zero", error.toString()).code());
        assertEquals(2, run("check", "--fail-on", "fatal", error.toString()).code());
    }

    @Test
    void nothingScannableIsAnError(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliTest.Run r = run("check", "--no-config", empty.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nothing scannable"), r.err());
        Path text = Files.createDirectories(dir.resolve("text"));
        Files.writeString(text.resolve("README.txt"), "kfree(vmalloc(1));\n");
        assertEquals(2, run("check", "--no-config", text.toString()).code());
        assertEquals(2, run("check", "--no-config", "--exit-zero", text.toString()).code(), "not a finding");
        assertEquals(2, run("fix", "--no-config", text.toString()).code());
    }

    @Test
    void configFileIsFoundAndCommandLineOverridesIt(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/drivers/staging/x"));
        Files.writeString(tree.resolve("a.c"), KV004 + NOTE_ONLY);
        Path top = dir.resolve("tree");
        Files.writeString(top.resolve(".kvlint.toml"), """
                select = ["KV004", "KV009"]
                fail-on = "note"

                [severity]
                KV004 = "warning"

                [per-path-ignores]
                "drivers/staging/**" = ["KV009"]
                """);
        CliTest.Run r = run("check", top.toString());
        assertEquals(List.of("KV004"), rules(r), r.err());
        assertTrue(r.out().contains(": warning: "), "[severity] KV004 = warning: " + r.out());
        assertEquals(1, r.code());
        assertEquals(List.of(), rules(run("check", "--select", "KV001", top.toString())).stream()
                .filter(x -> !x.isEmpty()).toList(), "--select replaces the file's select");
        assertEquals(List.of("KV004", "KV009"), rules(run("check", "--no-config", top.toString())));

        Files.writeString(top.resolve(".kvlint.toml"), "select = [\"KV004\"]\n\n[severity]\nKV004 = \"loud\"\n");
        CliTest.Run bad = run("check", top.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(top.resolve(".kvlint.toml") + ":4: KV004: unknown level 'loud'"), bad.err());
        Path other = Files.writeString(dir.resolve("other.toml"), "ignore = [\"KV004\"]\n");
        assertEquals(List.of("KV009"), rules(run("check", "--config", other.toString(), top.toString())));
    }

    @Test
    void showSourceStatisticsAndColour(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.c"), KV004);
        CliTest.Run r = run("check", "--no-config", "--show-source", "--statistics", "--color=never", f.toString());
        assertEquals(f + ":5:2: error: memory from vmalloc() at line 3 is freed with kfree(); vmalloc memory is not slab"
                + " memory, kfree() on it corrupts memory; use vfree() or kvfree() [KV004]\n"
                + "    5 |         kfree(p);\n"
                + "      |         ^~~~~~~~\n"
                + "    1  KV004  kfree-of-vmalloc-memory\n", r.out());
        assertFalse(run("check", "--no-config", f.toString()).out().contains("\033"), "not a terminal: no colour");
        assertTrue(run("check", "--no-config", "--color=always", f.toString()).out().contains("\033[1;31merror:"));
        CliTest.Run json = run("check", "--no-config", "--statistics", "--format", "json", f.toString());
        JSON.readTree(json.out());
        assertTrue(json.err().contains("    1  KV004  kfree-of-vmalloc-memory"), "statistics go to stderr: " + json.err());
    }

    @Test
    void verboseListsPartlyParsedFunctions(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.c"), KV004.replace("kfree(p);", "kfree(p) @@ broken;"));
        CliTest.Run r = run("check", "--no-config", "--verbose", f.toString());
        assertTrue(r.err().contains("kvlint: note: " + f + ":1: function f() could only be partly parsed"), r.err());
        assertFalse(run("check", "--no-config", f.toString()).err().contains("partly parsed"));
        CliTest.Run json = run("check", "--no-config", "--format", "json", f.toString());
        JsonNode d = JSON.readTree(json.out()).get("diagnostics");
        assertEquals(1, d.size(), json.out());
        assertEquals(1, d.get(0).get("line").asInt());
        assertEquals("note", d.get(0).get("severity").asString());
    }

    @Test
    void fixAndSimulateHonourSuppressions(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.c"), KV004.replace("kfree(p);", "kfree(p); // NOLINT(KV004)"));
        CliTest.Run fix = run("fix", "--no-config", f.toString());
        assertEquals(0, fix.code(), fix.err());
        assertEquals("", fix.out());
        CliTest.Run sim = run("simulate", "--no-config", f + ":5");
        assertEquals(2, sim.code());
        assertTrue(sim.err().contains("is suppressed by NOLINT(KV004) at line 5"), sim.err());
    }

    @Test
    void noPathOutsideAKernelTreeScansTheExamplesAndSaysSo(@TempDir Path dir) throws IOException {
        DefaultTarget outside = DefaultTarget.choose(dir, TestPaths.projectDir());
        assertEquals(TestPaths.projectDir().resolve("examples").toString(), outside.path());
        assertTrue(outside.note().contains("not inside a kernel tree: scanning kvlint's bundled examples"), outside.note());
        Path kernel = dir.resolve("linux");
        Files.createDirectories(kernel.resolve("init"));
        Files.createDirectories(kernel.resolve("drivers/net"));
        Files.writeString(kernel.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 3\n");
        DefaultTarget top = DefaultTarget.choose(kernel, TestPaths.projectDir());
        assertEquals(".", top.path());
        assertEquals("kvlint: no PATH given: scanning the kernel tree at . (Linux 6.12.3)", top.note());
        assertEquals("../..", DefaultTarget.choose(kernel.resolve("drivers/net"), TestPaths.projectDir()).path());
    }
}
