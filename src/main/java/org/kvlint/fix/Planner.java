package org.kvlint.fix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Fix.TextEdit;

/**
 * Chooses, for one file, which fixes go in: each selected finding's best allowed fix, in a fixed
 * order (position, then rule id, then message), each accepted unless one of its edits conflicts
 * with an edit already accepted. Pure: the same findings always give the same plan.
 */
public final class Planner {
    private Planner() {}

    /** The order fixes are considered in: where the finding is, then which rule, then its text. */
    public static final Comparator<Finding> ORDER = Comparator.comparingInt((Finding f) -> f.span().startByte())
            .thenComparingInt(f -> f.span().endByte())
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::message);

    /**
     * @param findings one file's findings (any order)
     * @param fileLength the file's size in bytes (edits beyond it are rejected)
     */
    public static List<Decision> plan(List<Finding> findings, FixOptions options, int fileLength) {
        List<Decision> out = new ArrayList<>();
        Set<TextEdit> accepted = new LinkedHashSet<>();
        List<Finding> sorted = findings.stream().filter(f -> options.selects(f.ruleId())).sorted(ORDER).toList();
        List<Decision.Applied> applied = new ArrayList<>();
        for (Finding f : sorted) {
            Optional<Fix> chosen = options.choose(f);
            if (chosen.isEmpty()) {
                out.add(notAllowed(f));
                continue;
            }
            Fix fix = chosen.get();
            if (fix.edits().isEmpty() || Edits.selfConflicting(fix.edits()) || !Edits.inBounds(fix.edits(), fileLength)) {
                out.add(new Decision.Skipped(f, fix, Decision.Why.BAD_EDIT, fix.description()));
                continue;
            }
            Optional<Decision.Applied> clash = applied.stream()
                    .filter(a -> fix.edits().stream().anyMatch(e -> Edits.conflictsWithAny(e, a.fix().edits())))
                    .findFirst();
            if (clash.isPresent()) {
                Finding other = clash.get().finding();
                out.add(new Decision.Skipped(f, fix, Decision.Why.OVERLAP, other.ruleId() + " at line "
                        + other.span().startLine() + " (" + clash.get().fix().description() + ")"));
                continue;
            }
            if (accepted.containsAll(fix.edits())) {
                Finding other = applied.stream().filter(a -> a.fix().edits().containsAll(fix.edits()))
                        .map(Decision.Applied::finding).findFirst().orElse(f);
                out.add(new Decision.Skipped(f, fix, Decision.Why.DUPLICATE, "the " + other.ruleId()
                        + " fix at line " + other.span().startLine()));
                continue;
            }
            accepted.addAll(fix.edits());
            Decision.Applied a = new Decision.Applied(f, fix);
            applied.add(a);
            out.add(a);
        }
        return out;
    }

    private static Decision.Skipped notAllowed(Finding f) {
        if (f.fixes().isEmpty()) {
            return new Decision.Skipped(f, null, Decision.Why.NO_FIX, "");
        }
        Fix best = f.fixes().getFirst();
        Decision.Why why = best.applicability() == Fix.Applicability.UNSAFE ? Decision.Why.UNSAFE : Decision.Why.DISPLAY_ONLY;
        return new Decision.Skipped(f, best, why, best.reason());
    }
}
