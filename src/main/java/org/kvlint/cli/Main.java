package org.kvlint.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kvlint} command. {@link #main} is the only caller of {@code System.exit}; tests call
 * {@link #run} and get the exit status.
 */
@Command(name = "kvlint",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds open-coded kmalloc() -> vmalloc() fallbacks and mismatched frees in Linux kernel C, "
                + "and says which kvmalloc()/kvfree() call replaces them.",
        subcommands = {CheckCommand.class, FixCommand.class, SimulateCommand.class, AnnotateCommand.class, RulesCommand.class,
            ExplainCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvlint check                          the kernel tree around the current directory (else the",
            "                                        bundled examples/, and stderr says so)",
            "  kvlint check ~/linux/drivers/net      scan a subsystem; exit status 1 if anything is found",
            "  kvlint check --format json -o out.json ~/linux",
            "  kvlint rules                          list the rules",
            "  kvlint explain KV001                  show a rule's documentation",
            "",
            "Exit status: 0 nothing at or above --fail-on (default warning), 1 findings, 2 usage error,",
            "bad config file, nothing scannable or fatal error."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'kvlint check' or 'kvlint --help'");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> ExitStatus.ERROR.code());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("kvlint: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (Boolean.getBoolean("kvlint.debug")) {
                e.printStackTrace(err);
            }
            return ExitStatus.ERROR.code();
        });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("kvlint: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitStatus.ERROR.code();
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
