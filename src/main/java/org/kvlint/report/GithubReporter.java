package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import org.kvlint.source.Diagnostic;

/**
 * GitHub Actions workflow commands, one per line:
 * {@code ::warning file=drivers/foo.c,line=12,col=9,endLine=12,endColumn=40,title=KV001::message}.
 * The runner turns them into annotations on the run and on the pull request's diff. Paths are
 * relative to the source root (the repository root in a workflow); levels map error → error,
 * warning → warning, note → notice. Files kvlint could not analyse get a warning without a line.
 *
 * <p>GitHub shows only the first few annotations of each kind per step (10 at the time of writing),
 * so this format is for small scans and pull requests; code scanning (SARIF) has no such cap.
 */
public final class GithubReporter implements Reporter {
    @Override
    public void write(Report report, Writer out) throws IOException {
        for (ReportedFinding r : report.findings()) {
            var f = r.finding();
            String command = switch (f.level()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case NOTE -> "notice";
            };
            Region g = r.region();
            out.write("::" + command + " file=" + property(r.artifact().path()) + ",line=" + g.startLine() + ",col="
                    + g.startColumn() + ",endLine=" + g.endLine() + ",endColumn=" + g.endColumn() + ",title="
                    + property(f.ruleId()) + "::" + data(f.message()) + "\n");
        }
        for (var u : report.scan().unusedSuppressions()) {
            out.write("::warning file=" + property(report.root().locate(u.path()).path()) + ",line="
                    + u.directive().line() + ",col=" + u.directive().column() + ",title=" + UnusedSuppressions.TAG + "::"
                    + data(UnusedSuppressions.message(u)) + "\n");
        }
        for (Diagnostic d : report.scan().diagnostics()) {
            if (d.severity() == Diagnostic.Severity.WARNING) {
                out.write("::warning file=" + property(report.root().locate(d.path()).path()) + ",title=kvlint::"
                        + data(d.message()) + "\n");
            }
        }
    }

    /** Escapes a command's message (the runner's escapeData): %, CR, LF. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value (the runner's escapeProperty): also ':' and ',', which delimit properties. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
