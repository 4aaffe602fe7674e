package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/** Help that reads whole, and the completion script and man pages picocli generates from it (see pom.xml). */
class CliDocsTest {
    @Test
    void commandSummariesAreWholeSentences() {
        CliTest.Run help = CliTest.run("--help");
        assertEquals(0, help.code());
        String commands = help.out().substring(help.out().indexOf("Commands:"), help.out().indexOf("Examples:"));
        // "  check     Scan C files ..." plus continuation lines indented further
        List<String> summaries = commands.lines().skip(1).filter(l -> !l.isBlank()).reduce(new java.util.ArrayList<>(),
                (acc, l) -> {
                    if (l.matches("^  \\S.*")) {
                        acc.add(l.strip().replaceFirst("^\\S+\\s+", ""));
                    } else {
                        acc.set(acc.size() - 1, acc.getLast() + " " + l.strip());
                    }
                    return acc;
                }, (a, b) -> a);
        assertEquals(7, summaries.size(), commands);
        for (String s : summaries) {
            assertTrue(s.endsWith("."), "a summary cut mid-sentence: '" + s + "'");
        }
        for (String line : help.out().lines().toList()) {
            assertTrue(line.length() <= 100, "overlong help line: " + line);
        }
    }

    @Test
    void completionScriptKnowsEveryCommandAndOption() {
        CommandLine cl = new CommandLine(new Main());
        String script = AutoComplete.bash("kvlint", cl);
        for (String word : List.of("check", "fix", "simulate", "annotate", "rules", "explain", "--select", "--ignore",
                "--fail-on", "--exit-zero", "--report-unused-suppressions", "--show-source", "--statistics", "--color",
                "--config", "--no-config")) {
            assertTrue(script.contains(word), "completion lacks " + word);
        }
        assertTrue(script.contains("complete -F _complete_kvlint") || script.contains("-F _complete_kvlint kvlint"), script);
    }

    @Test
    void manPageSourcesCarryTheOptions() {
        CommandLine cl = new CommandLine(new Main());
        StringWriter check = new StringWriter();
        ManPageGenerator.writeSingleManPage(new PrintWriter(check), cl.getSubcommands().get("check").getCommandSpec());
        String page = check.toString();
        assertTrue(page.contains(":doctype: manpage"), page);
        assertTrue(page.contains("kvlint-check"), page);
        for (String o : List.of("--select", "--fail-on", "--report-unused-suppressions", "NOLINT")) {
            assertTrue(page.contains(o), "man page lacks " + o);
        }
    }
}
