package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import org.kvlint.rules.Finding;

/** gcc-style lines: {@code path:line:col: warning: message [KV001]}, one per finding. */
public final class TextReporter implements Reporter {
    @Override
    public void write(Report report, Writer out) throws IOException {
        for (Finding f : report.scan().findings()) {
            out.write(line(f));
            out.write('\n');
        }
    }

    public static String line(Finding f) {
        return f.path() + ":" + f.span().startLine() + ":" + f.span().startColumn() + ": " + f.level().label() + ": "
                + f.message() + " [" + f.ruleId() + "]";
    }
}
