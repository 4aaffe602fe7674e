package org.kvlint.cli;

import java.util.concurrent.Callable;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kvlint rules}: the rule table, from the rules' metadata. */
@Command(name = "rules", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List every rule: id, levels (the default first), fix, name and summary.")
public final class RulesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("%-6s %-13s %-7s %-28s %s%n", "ID", "LEVEL", "FIX", "NAME", "SUMMARY");
        for (RuleMeta m : RuleCatalog.standard().metas()) {
            out.printf("%-6s %-13s %-7s %-28s %s%n", m.id(), m.levels(), m.fix(), m.name(), m.summary());
        }
        out.flush();
        return ExitStatus.CLEAN.code();
    }
}
