package org.kvlint.validate;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Fix;

/**
 * The proof (or not) of one rewrite.
 *
 * @param status SAFE: equal, documented or better in every scenario row; UNSAFE: some row is
 *     worse; NOT_VALIDATED: the interpreter could not run the code (treat as UNSAFE)
 * @param reason one line: why, naming the first worse row or the construct
 * @param functions the functions that ran, in order
 * @param kernel the kernel version the model was configured for
 * @param profile the model's behaviour profile for that kernel (e.g. V6_1)
 * @param rows every scenario row on every path, in matrix order; empty when NOT_VALIDATED
 * @param construct for NOT_VALIDATED: the construct, without its line ("loop with an unknown number of iterations")
 * @param line for NOT_VALIDATED: its line (0 when none)
 * @param sizeBinding how the scenario size entered the code ("size = ⌈(size − 0) / 1⌉")
 */
public record ValidationResult(Status status, String reason, List<String> functions, KernelVersion kernel,
                               String profile, List<Row> rows, String construct, int line, String sizeBinding) {

    public enum Status { SAFE, UNSAFE, NOT_VALIDATED }

    public ValidationResult {
        functions = List.copyOf(functions);
        rows = List.copyOf(rows);
    }

    static ValidationResult notValidated(String construct, int line, List<String> functions, KernelVersion kernel,
                                         String profile, String where) {
        String at = line > 0 ? " at line " + line + where : "";
        return new ValidationResult(Status.NOT_VALIDATED, "not validated (" + construct + at + ")", functions, kernel,
                profile, List.of(), construct, line, "");
    }

    public boolean safe() {
        return status == Status.SAFE;
    }

    /** SAFE only when proven; UNSAFE otherwise (NOT_VALIDATED included). */
    public Fix.Applicability applicability() {
        return safe() ? Fix.Applicability.SAFE : Fix.Applicability.UNSAFE;
    }

    /**
     * The fix with this proof applied: a DISPLAY_ONLY fix stays as it is; an unproven one becomes
     * UNSAFE with this result's reason appended to the rule's; a proven one keeps the rule's
     * applicability and reason (the rule may know of callers outside the functions that ran).
     */
    public Fix applyTo(Fix fix) {
        if (fix.applicability() == Fix.Applicability.DISPLAY_ONLY || safe()) {
            return fix;
        }
        String why = fix.reason().isBlank() ? reason : fix.reason() + "; " + reason;
        return fix.with(Fix.Applicability.UNSAFE, why);
    }

    public Optional<Row> firstWorse() {
        return rows.stream().filter(r -> r.verdict() == Verdict.WORSE).findFirst();
    }

    /** How many rows got each verdict. */
    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            m.put(v, 0);
        }
        rows.forEach(r -> m.merge(r.verdict(), 1, Integer::sum));
        return m;
    }

    /**
     * A short key for grouping many results: the construct for NOT_VALIDATED, the fields that got
     * worse for UNSAFE ("worse: priv->buf memory → NULL"), "safe" otherwise.
     */
    public String category() {
        return switch (status) {
            case SAFE -> "safe";
            case NOT_VALIDATED -> construct;
            case UNSAFE -> firstWorse().map(r -> "worse: " + String.join(", ", r.differences().stream()
                    .filter(d -> d.direction() == Verdict.WORSE)
                    .map(d -> (d.field().equals("return value") || d.field().contains("->") || d.field().startsWith("*")
                            ? "stored/returned " : d.field() + " ") + d.before() + " → " + d.after())
                    .toList())).orElse("worse");
        };
    }
}
