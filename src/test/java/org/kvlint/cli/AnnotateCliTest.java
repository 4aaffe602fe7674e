package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.engine.ChangedLines;
import org.kvlint.report.SarifAnnotations;
import tools.jackson.databind.json.JsonMapper;

/** One scan, two uses: the whole SARIF for upload, annotations for the changed lines only. */
class AnnotateCliTest {
    private static final String OLD = """
            static void old(size_t n)
            {
            \tvoid *p = vmalloc(n);

            \tkfree(p);
            }
            """;
    private static final String NEW = """
            static void fresh(size_t n)
            {
            \tvoid *q = vmalloc(n);

            \tkfree(q);
            }

            static void kept(size_t n)
            {
            \tvoid *r = vmalloc(n);

            \tkfree(r); /* NOLINT(KV004): deliberate */
            }
            """;

    @Test
    void annotatesOnlyUnsuppressedFindingsOnChangedLines(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(git(dir, "--version") == 0, "git is not installed");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path file = Files.writeString(repo.resolve("a.c"), OLD);
        assertEquals(0, git(repo, "init", "-q"));
        assertEquals(0, git(repo, "add", "."));
        assertEquals(0, git(repo, "-c", "user.name=k", "-c", "user.email=k@example.org", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "base"));
        Files.writeString(file, OLD + "\n" + NEW);
        Path sarif = dir.resolve("kvlint.sarif");
        CliTest.Run scan = CliTest.run("check", "--no-config", "--format", "sarif", "-o", sarif.toString(), "--srcroot",
                repo.toString(), repo.toString());
        assertEquals(1, scan.code(), scan.err());
        assertEquals(3, JsonMapper.builder().build().readTree(Files.readString(sarif)).at("/runs/0/results").size(),
                "the upload holds every finding, the suppressed one included");

        CliTest.Run all = CliTest.run("annotate", "--srcroot", repo.toString(), sarif.toString());
        assertEquals(2, all.out().lines().count(), all.out());
        CliTest.Run changed = CliTest.run("annotate", "--changed-since", "HEAD", "--srcroot", repo.toString(),
                sarif.toString());
        assertEquals(1, changed.code(), changed.err());
        List<String> lines = changed.out().lines().toList();
        assertEquals(1, lines.size(), changed.out());
        assertTrue(lines.getFirst().startsWith("::error file=a.c,line=12,col=2,endLine=12,endColumn=10,title=KV004::"
                + "memory from vmalloc() at line 10 is freed with kfree()"), lines.getFirst());
        assertEquals(2, CliTest.run("annotate", "--srcroot", repo.toString(), dir.resolve("none.sarif").toString()).code(),
                "missing file: usage error");
        assertEquals(2, CliTest.run("annotate", "--changed-since", "no-such-rev", "--srcroot", repo.toString(),
                sarif.toString()).code());
    }

    @Test
    void relatedLinesCountToo() {
        var a = new SarifAnnotations.Annotation(org.kvlint.rules.Level.ERROR, "KV004", "a.c", 20, 2, 20, 9, "m",
                List.of(new int[] {20, 20}, new int[] {12, 12}));
        Path root = Path.of("/src");
        ChangedLines alloc = ChangedLines.of(Map.of(root.resolve("a.c"), List.<int[]>of(new int[] {11, 13})));
        assertEquals(1, SarifAnnotations.touching(List.of(a), root, alloc::touches).size(), "the allocation changed");
        ChangedLines elsewhere = ChangedLines.of(Map.of(root.resolve("a.c"), List.<int[]>of(new int[] {30, 40})));
        assertEquals(0, SarifAnnotations.touching(List.of(a), root, elsewhere::touches).size());
        ChangedLines other = ChangedLines.of(Map.of(root.resolve("b.c"), List.<int[]>of(new int[] {20, 20})));
        assertEquals(0, SarifAnnotations.touching(List.of(a), root, other::touches).size());
    }

    private static int git(Path dir, String... args) throws IOException, InterruptedException {
        return org.kvlint.TestGit.git(dir, args);
    }
}
