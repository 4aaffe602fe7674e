package org.kvlint.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.config.Config;
import org.kvlint.config.ConfigException;
import org.kvlint.config.ConfigFile;
import org.kvlint.engine.FindingPolicy;
import org.kvlint.engine.RuleSelection;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of every scanning command that decide which findings count: rule selection and the
 * config file. Merged here, once: the command line overrides the file key by key.
 */
public final class PolicyOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--select", paramLabel = "RULES",
            description = "Report only these rules (ids or names, comma-separated, repeatable; default: every rule, "
                    + "or the config file's select). The scan still runs every rule, so findings that depend on "
                    + "other files do not change; the others are filtered out afterwards.")
    List<String> select = new ArrayList<>();

    @Option(names = "--ignore", paramLabel = "RULES",
            description = "Do not report these rules (ids or names, comma-separated, repeatable); replaces the config "
                    + "file's ignore.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read this config file instead of the nearest " + ConfigFile.NAME
                    + " above the first PATH.")
    Path config;

    @Option(names = "--no-config", description = "Read no config file.")
    boolean noConfig;

    /**
     * What the config file and the options decided.
     *
     * @param policy what to report and how
     * @param kernel --kernel-version, else the config file's
     * @param failOn the config file's fail-on (the command's option overrides it)
     * @param config the file read, if any
     */
    record Settings(FindingPolicy policy, Optional<KernelVersion> kernel, Optional<Level> failOn,
                    Optional<Path> config) {}

    /**
     * Reads the config file (the nearest one above the first target unless --config or --no-config)
     * and merges the options into it. A bad file is an error naming FILE:LINE; an unknown rule a
     * usage error.
     */
    Settings resolve(List<String> targets, Optional<KernelVersion> cliKernel, boolean reportUnused) {
        if (config != null && noConfig) {
            throw usage("--config and --no-config exclude each other");
        }
        RuleCatalog catalog = RuleCatalog.standard();
        Optional<Path> file = noConfig ? Optional.empty()
                : config != null ? Optional.of(config)
                : targets.isEmpty() ? Optional.empty() : ConfigFile.find(Path.of(targets.getFirst()));
        Config c;
        try {
            c = file.isEmpty() ? Config.NONE : ConfigFile.read(file.get(), catalog);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        RuleSelection cli;
        try {
            cli = RuleSelection.of(select, ignore, catalog);
        } catch (IllegalArgumentException e) {
            throw usage((select.isEmpty() ? "--ignore: " : ignore.isEmpty() ? "--select: " : "") + e.getMessage());
        }
        RuleSelection selection = new RuleSelection(c.select(), c.ignore()).overriddenBy(cli);
        List<FindingPolicy.PathIgnore> paths = new ArrayList<>();
        for (Map.Entry<String, java.util.Set<String>> e : c.perPathIgnores()) {
            paths.add(new FindingPolicy.PathIgnore(e.getKey(), c.base(), e.getValue()));
        }
        FindingPolicy policy = new FindingPolicy(selection, paths, c.levels(), reportUnused);
        return new Settings(policy, cliKernel.or(c::kernel), c.failOn(), c.file());
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
