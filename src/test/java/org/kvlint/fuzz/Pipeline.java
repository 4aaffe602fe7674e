package org.kvlint.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.kvlint.engine.FileAnalysis;
import org.kvlint.facts.KernelVersion;
import org.kvlint.fix.FileFixer;
import org.kvlint.fix.FileOutcome;
import org.kvlint.fix.FixOptions;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.fix.UnifiedDiff;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.validate.Matrix;
import org.kvlint.validate.ValidationResult;
import org.kvlint.validate.Validator;

/**
 * One fuzzed input through everything kvlint does to a file: read (UTF-8 repair, binary check),
 * parse, facts, every rule, the proof of every fix on the allocator model, the fix itself
 * ({@code --unsafe-fixes}, so every fix is exercised), the diff, and the diff applied back.
 * Whatever kvlint catches and reports as an internal error counts as a crash here.
 */
public final class Pipeline {
    private static final FixOptions ALL_FIXES = new FixOptions(Set.of(), true);

    private final RuleContext context = RuleContext.standard();
    /** The quick scenario matrix: the proof's code paths at a fraction of the cost. */
    private final Validator validator = new Validator(Matrix.quick());
    private final KernelVersion kernel = KernelVersion.DEFAULT;

    /**
     * What one input did.
     *
     * @param failure empty when everything held, else what went wrong (a crash, a diff that does
     *     not apply...)
     * @param findings how many findings the rules reported
     * @param fixes how many fixes were applied
     * @param diff the diff of the fixed file, empty when nothing changed
     */
    public record Outcome(String failure, int findings, int fixes, byte[] diff) {
        public boolean ok() {
            return failure.isEmpty();
        }
    }

    /** Runs {@code bytes} (shown as {@code name}) through the pipeline with {@code parser}. */
    public Outcome run(String name, byte[] bytes, CParser parser) {
        try {
            InputFile file = new InputFile(Path.of(name), name);
            FileAnalysis.Result analysis = FileAnalysis.analyse(SourceReader.of(file, bytes), parser, kernel, context);
            for (Diagnostic d : analysis.diagnostics()) {
                if (d.internal()) {
                    return failure("analysis: " + d.message());
                }
            }
            List<Finding> proven = new ArrayList<>();
            for (Finding f : analysis.findings()) {
                List<Fix> fixes = new ArrayList<>();
                for (Fix fix : f.fixes()) {
                    ValidationResult r = validator.validate(analysis.read().content().orElseThrow(), f, fix, kernel,
                            parser);
                    fixes.add(new ProvenFixes.Proof(fix, r, 0, new java.util.TreeMap<>()).proven());
                }
                proven.add(f.withFixes(fixes));
            }
            FileOutcome fixed = FileFixer.fix(new FileAnalysis.Result(file, analysis.read(), analysis.facts(), proven,
                    analysis.diagnostics()), ALL_FIXES, parser);
            if (analysis.read().content().isEmpty()) {
                // not analysed (binary, NUL bytes): nothing may be found or changed
                if (fixed.changed() || !analysis.findings().isEmpty()) {
                    return failure("an unreadable input was fixed or had findings");
                }
            } else if (!Arrays.equals(fixed.before(), bytes)) {
                return failure("fix: the bytes it started from are not the input's");
            }
            byte[] diff = new byte[0];
            if (fixed.changed()) {
                diff = UnifiedDiff.render(name, fixed.before(), fixed.after(), "100644").bytes();
                byte[] applied;
                try {
                    applied = PatchApplier.apply(fixed.before(), diff);
                } catch (PatchApplier.Rejected e) {
                    return failure("diff does not apply: " + e.getMessage());
                }
                if (!Arrays.equals(applied, fixed.after())) {
                    return failure("diff applied does not give the fixed file");
                }
            }
            return new Outcome("", analysis.findings().size(), fixed.applied().size(), diff);
        } catch (RuntimeException | StackOverflowError | AssertionError | OutOfMemoryError e) {
            return failure("crash: " + e);
        }
    }

    private static Outcome failure(String why) {
        return new Outcome(why, 0, 0, new byte[0]);
    }
}
