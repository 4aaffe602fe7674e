package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.cli.Main;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** kvlint check --srcroot / --baseline / --write-baseline / --changed-since, end to end. */
class GateCliTest {
    private static final String NEW_FALLBACK = """
            int kvdemo_extra(struct kvdemo_dev *dev, size_t n)
            {
            \tdev->extra = kmalloc(n, GFP_KERNEL);
            \tif (!dev->extra)
            \t\tdev->extra = vmalloc(n);
            \treturn dev->extra ? 0 : -ENOMEM;
            }
            """;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** A private copy of examples/ (tests edit it). */
    static Path examplesCopy(Path dir) throws IOException {
        Path from = TestPaths.projectDir().resolve("examples");
        Path to = dir.resolve("tree");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static Path kvdemo(Path tree) {
        return tree.resolve("drivers/misc/kvdemo/kvdemo_main.c");
    }

    @Test
    void baselineHidesKnownFindingsEvenWhenTheyMove(@TempDir Path dir) throws IOException {
        Path tree = examplesCopy(dir);
        Path baseline = dir.resolve("kvlint-baseline.json");
        Run write = run("check", "--write-baseline", baseline.toString(), tree.toString());
        assertEquals(0, write.code(), write.err());
        assertEquals("", write.out());
        int known = Baseline.read(baseline).entries().size();
        assertTrue(known >= 5, "records every finding");
        assertTrue(write.err().contains("kvlint: 0 findings (0 errors, 0 warnings, 0 notes), " + known
                + " suppressed by baseline; "), write.err());
        byte[] first = Files.readAllBytes(baseline);
        run("check", "--write-baseline", baseline.toString(), tree.toString());
        assertEquals(new String(first), Files.readString(baseline), "re-recording an unchanged tree: same bytes");
        assertTrue(Files.readString(baseline).startsWith("{\n  \"kind\" : \"kvlint-baseline\",\n  \"formatVersion\" : 1,"));

        // unrelated edits move every known finding; one new finding appears
        Path file = kvdemo(tree);
        Files.writeString(file, "/* SPDX-License-Identifier: GPL-2.0 */\n/* moved */\n\n" + Files.readString(file)
                + "\n" + NEW_FALLBACK);
        Run gated = run("check", "--baseline", baseline.toString(), tree.toString());
        assertEquals(1, gated.code(), gated.err());
        List<String> lines = gated.out().lines().toList();
        assertEquals(1, lines.size(), gated.out());
        assertTrue(lines.getFirst().contains("'dev->extra'"), lines.getFirst());
        assertTrue(gated.err().contains("kvlint: 1 finding (0 errors, 1 warning, 0 notes), " + known
                + " suppressed by baseline; "), gated.err());
        Run plain = run("check", tree.toString());
        assertEquals(known + 1, plain.out().lines().count());
        assertTrue(!plain.err().contains("suppressed"), plain.err());
    }

    @Test
    void badGateOptionsAreUsageErrors(@TempDir Path dir) throws IOException {
        Path tree = examplesCopy(dir);
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"formatVersion\": 1}");
        Path future = Files.writeString(dir.resolve("future.json"),
                "{\"kind\": \"kvlint-baseline\", \"formatVersion\": 9, \"findings\": []}");
        assertEquals(2, run("check", "--baseline", dir.resolve("none.json").toString(), tree.toString()).code());
        Run r = run("check", "--baseline", junk.toString(), tree.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a kvlint baseline"), r.err());
        assertTrue(run("check", "--baseline", future.toString(), tree.toString()).err().contains("version 9"));
        assertEquals(2, run("check", "--srcroot", junk.toString(), tree.toString()).code());
        assertEquals(2, run("check", "--write-baseline", dir.resolve("b.json").toString(), "--changed-since", "HEAD",
                tree.toString()).code());
        assertTrue(Files.notExists(dir.resolve("b.json")), "nothing written on a usage error");
    }

    @Test
    void srcrootMakesSarifPathsRepositoryRelative(@TempDir Path dir) throws IOException {
        Path tree = examplesCopy(dir);
        Path out = dir.resolve("kvlint.sarif");
        Run r = run("check", "--format", "sarif", "-o", out.toString(), "--srcroot", dir.toString(), tree.toString());
        assertEquals(1, r.code(), r.err());
        String sarif = Files.readString(out);
        SarifAssertions.assertValid(sarif);
        JsonNode results = JsonMapper.builder().build().readTree(sarif).at("/runs/0/results");
        for (JsonNode res : results) {
            assertTrue(res.at("/locations/0/physicalLocation/artifactLocation/uri").asString().startsWith("tree/"), res.toString());
        }
    }

    @Test
    void changedSinceReportsOnlyChangedAndUntrackedFiles(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(git(dir, "--version") == 0, "git is not installed");
        Path tree = examplesCopy(dir);
        assertEquals(0, git(tree, "init", "-q"));
        assertEquals(0, git(tree, "add", "."));
        assertEquals(0, git(tree, "-c", "user.name=kvlint", "-c", "user.email=kvlint@example.org", "-c",
                "commit.gpgsign=false", "commit", "-q", "-m", "base"));
        Run clean = run("check", "--changed-since", "HEAD", tree.toString());
        assertEquals(0, clean.code(), clean.err());
        assertEquals("", clean.out());

        Files.writeString(kvdemo(tree), Files.readString(kvdemo(tree)) + "\n" + NEW_FALLBACK);
        Path untracked = Files.writeString(tree.resolve("fs/kvfs/new_file.c"), NEW_FALLBACK);
        Run r = run("check", "--changed-since", "HEAD", "--format", "github", "--srcroot", tree.toString(), tree.toString());
        assertEquals(1, r.code(), r.err());
        List<String> files = new ArrayList<>(r.out().lines().map(l -> l.replaceAll("^::\\w+ file=([^,]+),.*", "$1")).toList());
        assertTrue(files.contains("drivers/misc/kvdemo/kvdemo_main.c"), r.out());
        assertTrue(files.contains("fs/kvfs/new_file.c"), r.out());
        assertTrue(files.stream().noneMatch(f -> f.equals("fs/kvfs/kvfs_log.c")), "unchanged file: " + r.out());
        assertTrue(Files.exists(untracked));

        Run bad = run("check", "--changed-since", "no-such-rev", tree.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--changed-since"), bad.err());
        assertEquals(2, run("check", "--changed-since", "--output=x", tree.toString()).code());
    }

    private static int git(Path dir, String... args) throws IOException, InterruptedException {
        return org.kvlint.TestGit.git(dir, args);
    }
}
