package org.kvlint.alloc;

import java.util.Set;

/**
 * The run-level observables that a rewrite must preserve (§5.7), as one value: two runs compare
 * with {@code equals}. Per-call results (NULL or not, zeroed) are in the {@link Trace}.
 *
 * @param oomKillerInvoked some request ran the OOM killer
 * @param warningPrinted the kernel printed a warning or BUG
 * @param everyReleaseLegal no mismatched, latent-mismatched, double or invalid free/realloc
 * @param leakFree nothing live at the end
 * @param bugs every diagnostic kind raised
 */
public record Observation(boolean oomKillerInvoked, boolean warningPrinted, boolean everyReleaseLegal,
                          boolean leakFree, Set<Bug> bugs) {

    public Observation {
        bugs = Set.copyOf(bugs);
    }
}
