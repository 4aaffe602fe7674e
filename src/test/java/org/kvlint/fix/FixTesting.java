package org.kvlint.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.InputFile;
import org.kvlint.syntax.CParser;

/** Runs the fix pipeline on one file the way {@code kvlint fix} does, for tests. */
final class FixTesting {
    private static final Pattern KERNEL = Pattern.compile("kvlint:\\s*kernel-version\\s+(\\d+\\.\\d+(?:\\.\\d+)?)");

    private FixTesting() {}

    static FileOutcome fix(Path file, KernelVersion kernel, FixOptions options) {
        try (CParser parser = new CParser()) {
            return FixRun.fixOne(new InputFile(file, file.getFileName().toString()), parser, kernel,
                    RuleContext.standard(), options);
        }
    }

    /** The kernel a fixture asks for ({@code kvlint: kernel-version X.Y}), else the default. */
    static KernelVersion kernelOf(Path fixture) throws IOException {
        Matcher m = KERNEL.matcher(Files.readString(fixture, StandardCharsets.ISO_8859_1));
        return m.find() ? KernelVersion.parse(m.group(1)) : KernelVersion.DEFAULT;
    }

    /** Writes C text to {@code dir/name} and fixes it. */
    static FileOutcome fixText(Path dir, String name, String code, KernelVersion kernel, FixOptions options)
            throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, code, StandardCharsets.UTF_8);
        return fix(f, kernel, options);
    }

    static String after(FileOutcome o) {
        return new String(o.after(), StandardCharsets.UTF_8);
    }

    static Optional<Decision> first(FileOutcome o, String ruleId) {
        return o.decisions().stream().filter(d -> d.finding().ruleId().equals(ruleId)).findFirst();
    }
}
