package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kvlint.TestPaths;
import org.kvlint.cli.Main;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kvlint simulate}: the text table is pinned by a golden file (from the "ran:" line on; the
 * finding's own message belongs to its rule). To rewrite the golden file, review the diff afterwards:
 * {@code ./run-tests -Dkvlint.regenerate=true -Dtest=SimulateCommandTest}.
 */
class SimulateCommandTest {
    private static final boolean REGENERATE = Boolean.getBoolean("kvlint.regenerate");

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Path dir() {
        return TestPaths.projectDir().resolve("src/test/java/org/kvlint/validate/golden");
    }

    private static String input() {
        return TestPaths.projectDir().relativize(dir().resolve("ring.c")).toString();
    }

    @Test
    void theOutcomeTableMatchesTheGoldenFile() throws IOException {
        String target = dir().resolve("ring.c") + ":13";
        Run r = run("simulate", "--quick-matrix", "--kernel-version", "6.1", target);
        assertEquals(0, r.code(), r.err() + r.out());
        String out = r.out();
        assertTrue(out.startsWith(dir().resolve("ring.c") + ":13:"), out);
        assertTrue(out.lines().skip(1).findFirst().orElseThrow().startsWith("fix: use kvzalloc() (rule: "), out);
        String table = out.substring(out.indexOf("ran: "));
        Path golden = dir().resolve("ring.c.simulate.txt");
        if (REGENERATE) {
            Files.writeString(golden, table, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), table);
        assertTrue(table.contains("verdict: SAFE - proven on the allocator model"), table);
    }

    @Test
    void jsonCarriesEveryRow() throws IOException {
        Run r = run("simulate", "--quick-matrix", "--format", "json", dir().resolve("ring.c") + ":13");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        JsonNode v = root.get("findings").get(0).get("fixes").get(0).get("validation");
        assertEquals("proven", v.get("status").asString());
        assertEquals(42, v.get("table").size());
        JsonNode row = v.get("table").get(0);
        assertEquals("equal", row.get("verdict").asString());
        assertEquals(64, row.get("scenario").get("size").asInt());
        assertTrue(row.get("before").get("summary").asString().startsWith("kzalloc(64 B) succeeds"), row.toString());
    }

    @Test
    void noFindingAtTheLineIsAnError() {
        Run r = run("simulate", dir().resolve("ring.c") + ":3");
        assertEquals(2, r.code());
        assertEquals("kvlint: error: no finding at " + dir().resolve("ring.c") + ":3 (findings at line 13)",
                r.err().strip());
        assertEquals(2, run("simulate", dir().resolve("ring.c").toString()).code(), "FILE without :LINE");
        assertEquals(2, run("simulate", dir().resolve("missing.c") + ":1").code());
    }

    @Test
    void allWithSummaryGroupsTheResults() {
        Run r = run("simulate", "--quick-matrix", "--all", "--summary", "--jobs", "1", dir().toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().startsWith("kvlint simulate: 1 fixes of 1 findings in 1 files, kernel 6.1"), r.out());
        assertTrue(r.out().contains("  proven safe:      1"), r.out());
        assertTrue(r.out().contains("  not validated:    0"), r.out());
    }
}
