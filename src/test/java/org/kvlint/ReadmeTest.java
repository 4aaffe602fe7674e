package org.kvlint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;

/** Keeps README.md true: its rule table is generated from the rules' metadata. */
class ReadmeTest {
    private static final String START = "<!-- rules:start";
    private static final String END = "<!-- rules:end -->";

    static String ruleTable() {
        StringBuilder t = new StringBuilder("| id | level | fix | name | finds |\n|---|---|---|---|---|\n");
        for (RuleMeta m : RuleCatalog.standard().metas()) {
            t.append("| ").append(m.id()).append(" | ").append(m.levels()).append(" | ").append(m.fix())
                    .append(" | ").append(m.name()).append(" | ").append(m.summary()).append(" |\n");
        }
        return t.toString();
    }

    @Test
    void ruleTableMatchesTheRuleDocs() throws IOException {
        Path readme = TestPaths.projectDir().resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int s = text.indexOf(START);
        int open = text.indexOf("-->", s) + 3;
        int e = text.indexOf(END);
        assertTrue(s >= 0 && e > open, "README.md lacks the rules:start/rules:end markers");
        String current = text.substring(open, e).strip() + "\n";
        String wanted = ruleTable();
        if (Boolean.getBoolean("kvlint.regenerate") && !current.equals(wanted)) {
            Files.writeString(readme, text.substring(0, open) + "\n" + wanted + text.substring(e), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(wanted, current, "README rule table is stale: ./run-tests -Dkvlint.regenerate=true -Dtest=ReadmeTest");
    }

    @Test
    void readmeNamesTheTwoCommandsAndWhatIsNotUsed() throws IOException {
        String text = Files.readString(TestPaths.projectDir().resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(text.contains("./kvlint check"));
        assertTrue(text.contains("./run-tests"));
        assertTrue(text.contains("JavaParser is not used"));
        String ci = Files.readString(TestPaths.projectDir().resolve(".ci/run"), StandardCharsets.UTF_8);
        assertTrue(ci.contains("./run-tests"), ".ci/run runs the README's test command");
    }
}
