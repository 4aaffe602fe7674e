package org.kvlint.fix;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;

/**
 * Which fixes a run may apply.
 *
 * @param onlyRules rule ids to fix (upper case); empty = every rule
 * @param unsafe also apply UNSAFE fixes ({@code --unsafe-fixes}); DISPLAY_ONLY ones never are
 */
public record FixOptions(Set<String> onlyRules, boolean unsafe) {
    public static final FixOptions SAFE = new FixOptions(Set.of(), false);

    public FixOptions {
        TreeSet<String> ids = new TreeSet<>();
        onlyRules.forEach(r -> ids.add(r.strip().toUpperCase(java.util.Locale.ROOT)));
        onlyRules = Set.copyOf(ids);
    }

    public boolean selects(String ruleId) {
        return onlyRules.isEmpty() || onlyRules.contains(ruleId);
    }

    /** May a fix of this applicability be applied? */
    public boolean allows(Fix.Applicability a) {
        return a == Fix.Applicability.SAFE || a == Fix.Applicability.UNSAFE && unsafe;
    }

    /** The finding's best fix this run may apply (fixes are listed best first). */
    public Optional<Fix> choose(Finding f) {
        return f.fixes().stream().filter(x -> allows(x.applicability())).findFirst();
    }
}
