package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Level;

class GithubReporterTest {
    @Test
    void escapesLikeTheActionsRunner() {
        assertEquals("100%25 a%0Db%0Ac: d, e", GithubReporter.data("100% a\rb\nc: d, e"));
        assertEquals("a%3Ab%2Cc%25d%0A", GithubReporter.property("a:b,c%d\n"));
    }

    @Test
    void oneAnnotationPerFindingWithTheFullRegion() {
        Path project = TestPaths.projectDir();
        Report report = Scans.projectReport(project.resolve("examples"));
        List<String> lines = Scans.render(Format.GITHUB, report).lines().toList();
        assertEquals(report.findings().size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ReportedFinding r = report.findings().get(i);
            Region g = r.region();
            String command = switch (r.finding().level()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case NOTE -> "notice"; // GitHub's word for a note
            };
            assertEquals("::" + command + " file=" + r.artifact().path() + ",line=" + g.startLine()
                    + ",col=" + g.startColumn() + ",endLine=" + g.endLine() + ",endColumn=" + g.endColumn()
                    + ",title=" + r.finding().ruleId() + "::" + GithubReporter.data(r.finding().message()), lines.get(i));
        }
        assertTrue(lines.getFirst().startsWith("::warning file=examples/"), lines.getFirst());
    }

    @Test
    void levelsAndOddNamesAndUnreadableFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a,b:c.c"), """
                void f(struct s *s, size_t n)
                {
                \ts->p = kmalloc(n, GFP_KERNEL);
                \tif (!s->p)
                \t\ts->p = vmalloc(n);
                }
                """);
        Files.write(dir.resolve("bin.c"), new byte[] {0});
        ScanResult scan = Scans.scan(dir);
        Finding f = scan.findings().getFirst();
        Finding error = new Finding(f.ruleId(), Level.ERROR, f.path(), f.span(), "line one\nline two: 100%", f.related());
        Finding note = new Finding(f.ruleId(), Level.NOTE, f.path(), f.span(), f.message(), f.related());
        String out = Scans.render(Format.GITHUB, Report.of(Scans.withFindings(scan, List.of(error, note)), new SourceRoot(dir)));
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertTrue(lines.get(0).startsWith("::error file=a%2Cb%3Ac.c,line=3,col=9,"), lines.get(0));
        assertTrue(lines.get(0).endsWith("::line one%0Aline two: 100%25"), lines.get(0));
        assertTrue(lines.get(1).startsWith("::notice file=a%2Cb%3Ac.c,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("::warning file=bin.c,title=kvlint::binary file"), lines.get(2));
    }
}
