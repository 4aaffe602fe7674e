package org.kvlint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvlint.engine.ChangedLines;
import org.kvlint.report.SarifAnnotations;
import org.kvlint.rules.Level;
import org.kvlint.source.RegularFile;
import org.kvlint.source.SourceReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kvlint annotate}: GitHub annotations from a SARIF file {@code kvlint check} wrote, limited
 * to the lines a pull request changed. In CI one scan then feeds both the code scanning upload
 * (the whole SARIF) and the pull request's annotations and gate.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Print GitHub annotations for the findings of a kvlint SARIF file on changed lines.",
            "Only findings on lines changed since a git revision (--changed-since), never the suppressed ones "
                    + "(NOLINT comments, the baseline): one scan feeds the code scanning upload and the pull "
                    + "request's annotations."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvlint check --format sarif -o kvlint.sarif --baseline kvlint-baseline.json .",
            "  kvlint annotate --changed-since \"$BASE_SHA\" kvlint.sarif",
            "",
            "Exit status: 0 no annotated finding at or above --fail-on (default warning), 1 some,",
            "2 usage error (bad revision, unreadable SARIF)."})
public final class AnnotateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SARIF", description = "The SARIF file kvlint check --format sarif wrote.")
    Path sarif;

    @Option(names = "--changed-since", paramLabel = "REV",
            description = "Annotate only findings whose lines, or related lines, changed since git revision REV "
                    + "(git diff -U0 REV, plus untracked files); default: every finding.")
    String changedSince;

    @Option(names = "--srcroot", paramLabel = "DIR", defaultValue = ".",
            description = "The directory the SARIF's paths are relative to: kvlint check's --srcroot (default: the "
                    + "current directory).")
    Path srcRoot;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "warning",
            converter = CheckCommand.LevelConverter.class,
            description = "The lowest level of an annotated finding that makes the exit status 1 (default: "
                    + "${DEFAULT-VALUE}).")
    Level failOn;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        JsonNode log;
        try {
            log = JsonMapper.builder().build().readTree(SourceReader.readUtf8(sarif, 1L << 30));
        } catch (java.nio.file.NoSuchFileException e) {
            throw usage("no such SARIF file: " + sarif);
        } catch (RegularFile.NotRegularException | RegularFile.TooLargeException
                 | java.nio.charset.CharacterCodingException e) {
            throw usage(sarif + ": not a SARIF log (" + SourceReader.why(e) + ")");
        } catch (JacksonException e) {
            throw usage(sarif + ": not JSON: " + e.getOriginalMessage());
        }
        if (!log.path("runs").isArray()) {
            throw usage(sarif + ": not a SARIF log (no runs)");
        }
        List<SarifAnnotations.Annotation> all = SarifAnnotations.of(log);
        if (changedSince != null) {
            ChangedLines changed;
            try {
                changed = ChangedLines.since(changedSince, srcRoot.toAbsolutePath());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            all = SarifAnnotations.touching(all, srcRoot.toAbsolutePath(), changed::touches);
        }
        all.forEach(a -> out.println(a.command()));
        out.flush();
        boolean fails = all.stream().anyMatch(a -> ExitStatus.atLeast(a.level(), failOn));
        return fails ? ExitStatus.FINDINGS.code() : ExitStatus.CLEAN.code();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
