package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.rules.RuleCatalog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static String examples() {
        return TestPaths.projectDir().resolve("examples").toString();
    }

    @Test
    void findingsGiveExitOneAndSortedGccLines() {
        Run r = run("check", "--jobs", "2", examples());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= 5, r.out());
        for (String l : lines) {
            assertTrue(l.matches("^[^:]+:\\d+:\\d+: (error|warning|note): .+ \\[KV\\d{3}\\]$"), l);
        }
        List<String> sorted = lines.stream().sorted((a, b) -> {
            String[] x = a.split(":");
            String[] y = b.split(":");
            int c = x[0].compareTo(y[0]);
            return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        }).toList();
        assertEquals(sorted, lines);
        assertTrue(lines.getFirst().startsWith(examples() + "/"), "paths start with the argument as given");
        String summary = r.err().strip();
        assertTrue(summary.matches("(?s).*kvlint: \\d+ findings .*files scanned, \\d+ parsed; parse errors in \\d+ files \\(\\d+ functions\\).* s$"),
                summary);
    }

    @Test
    void jobsDoNotChangeTheOutput() {
        assertEquals(run("check", "-j", "1", examples()).out(), run("check", "-j", "2", examples()).out());
    }

    @Test
    void cleanTreeGivesExitZero(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ok.c"), "void *f(size_t n) { return kvmalloc(n, GFP_KERNEL); }\n");
        Run r = run("check", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void jsonReportParsesAndMatchesTheTextFindings(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.json");
        Run r = run("check", "--format", "json", "--output", out.toString(), examples());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(out));
        assertEquals(2, json.get("formatVersion").asInt());
        int text = run("check", examples()).out().lines().toList().size();
        assertEquals(text, json.get("findings").size());
        JsonNode first = json.get("findings").get(0);
        assertEquals("KV001", first.get("ruleId").asString());
        assertTrue(first.get("region").get("startLine").asInt() > 0);
        JsonNode fix = first.get("fixes").get(0);
        assertEquals("safe", fix.get("applicability").asString(), fix.toString());
        assertEquals("proven", fix.at("/validation/status").asString(),
                "check proved the fix on the allocator model: " + fix);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp files left behind");
        }
    }

    @Test
    void usageErrorsGiveExitTwo() {
        assertEquals(2, run("check", "--format", "xml", examples()).code());
        assertEquals(2, run("check", "--jobs", "0", examples()).code());
        assertEquals(2, run("check", "--kernel-version", "banana", examples()).code());
        assertEquals(2, run("explain", "KV999").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run().code());
        assertEquals(2, run("check", "/no/such/path").code());
    }

    @Test
    void helpHasExamplesAndVersionWorks() {
        Run help = run("check", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Examples:"));
        assertTrue(help.out().contains("--format"));
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("kvlint "), v.out());
    }

    @Test
    void rulesAndExplainComeFromTheRuleDocs() throws IOException {
        Run rules = run("rules");
        assertEquals(0, rules.code());
        for (var m : RuleCatalog.standard().metas()) {
            assertTrue(rules.out().contains(m.id()) && rules.out().contains(m.summary()), m.id());
            Run explain = run("explain", m.id().toLowerCase());
            assertEquals(0, explain.code());
            String doc = Files.readString(TestPaths.projectDir().resolve("rules/" + m.id() + ".md"));
            String body = doc.substring(doc.indexOf("\n---\n", 4) + 5).strip();
            assertTrue(explain.out().contains(body), "explain prints rules/" + m.id() + ".md");
        }
    }

    @Test
    void defaultPathIsTheSampleTree() {
        String old = System.getProperty("kvlint.home");
        System.setProperty("kvlint.home", TestPaths.projectDir().toString());
        try {
            Run r = run("check", "-q");
            assertEquals(1, r.code(), r.err());
            assertTrue(Arrays.stream(r.out().split("\n")).allMatch(l -> l.contains("examples/")), r.out());
        } finally {
            if (old == null) {
                System.clearProperty("kvlint.home");
            } else {
                System.setProperty("kvlint.home", old);
            }
        }
    }
}
