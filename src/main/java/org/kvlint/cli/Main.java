package org.kvlint.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
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
            "bad config file, nothing scannable, a report that could not be written, or fatal error;",
            "3 with --strict when kvlint itself failed on part of the input."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'kvlint check' or 'kvlint --help'");
    }

    public static void main(String[] args) {
        // a thread that dies of something nobody caught: one line, never a stack trace
        Thread.setDefaultUncaughtExceptionHandler((t, e) ->
                System.err.println("kvlint: error: internal error in thread " + t.getName() + ": " + oneLine(e)));
        ReportStream out = new ReportStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.exit(run(args, out, new PrintWriter(System.err, true)));
    }

    /**
     * Runs one command line. Whatever happens inside (an exception, an OutOfMemoryError, a
     * StackOverflowError that escaped the per-file isolation), the user gets one line on
     * {@code err} and a defined status, never a stack trace ({@code -Dkvlint.debug=true} prints
     * one); a report that could not be written to {@code out} (a full disk, a closed pipe) is an
     * error, status 2.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> ExitStatus.ERROR.code());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("kvlint: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            debug(e, err);
            return ExitStatus.ERROR.code();
        });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("kvlint: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitStatus.ERROR.code();
        });
        int code = guarded(() -> cl.execute(args), err);
        out.flush();
        Optional<String> lost = out instanceof ReportStream r ? r.failure().map(Main::reason)
                : out.checkError() ? Optional.of("write error") : Optional.empty();
        if (lost.isPresent()) {
            err.println("kvlint: error: cannot write to standard output: " + lost.get());
            code = ExitStatus.ERROR.code();
        }
        err.flush();
        return code;
    }

    /**
     * Runs {@code body}; an error that escaped it (out of memory, stack overflow, a bug) becomes one
     * line on {@code err} and status 2.
     */
    static int guarded(java.util.function.IntSupplier body, PrintWriter err) {
        try {
            return body.getAsInt();
        } catch (OutOfMemoryError e) {
            err.println("kvlint: error: out of memory (" + e.getMessage() + "), no report written; give the JVM more "
                    + "heap, e.g. KVLINT_JAVA_OPTS='-XX:+UseSerialGC -Xmx8g', or scan fewer paths at a time");
            debug(e, err);
        } catch (StackOverflowError e) {
            err.println("kvlint: error: stack overflow, no report written; give the JVM a larger stack, e.g. "
                    + "KVLINT_JAVA_OPTS='-XX:+UseSerialGC -Xss64m'");
            debug(e, err);
        } catch (RuntimeException | Error e) {
            err.println("kvlint: error: internal error, no report written: " + oneLine(e));
            debug(e, err);
        }
        return ExitStatus.ERROR.code();
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The throwable's class and message on one line. */
    static String oneLine(Throwable e) {
        String s = e.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void debug(Throwable e, PrintWriter err) {
        if (Boolean.getBoolean("kvlint.debug")) {
            e.printStackTrace(err);
        }
    }
}
