package org.kvlint.cli;

import java.util.concurrent.Callable;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvlint explain KV001}: a rule's documentation, from {@code rules/KV001.md}. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print a rule's documentation: what it finds, why it matters, the fix, limits.")
public final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RULE", description = "A rule id (e.g. KV001) or name (e.g. open-coded-fallback).")
    String rule;

    @Override
    public Integer call() {
        RuleCatalog catalog = RuleCatalog.standard();
        RuleMeta m = catalog.meta(rule).or(() -> catalog.metas().stream()
                .filter(x -> x.name().equalsIgnoreCase(rule)).findFirst())
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "unknown rule '" + rule + "' (see 'kvlint rules')"));
        var out = spec.commandLine().getOut();
        out.println(m.id() + " " + m.name() + " (" + m.levels() + ", fix: " + m.fix()
                + (m.kernelSince().isEmpty() ? "" : ", kernel " + m.kernelSince() + "+") + ")");
        out.println(m.summary());
        out.println();
        out.print(m.doc());
        out.flush();
        return ExitStatus.CLEAN.code();
    }
}
