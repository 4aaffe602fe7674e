package org.kvlint.validate;

import java.util.List;

/**
 * One scenario row on one execution path: both runs and how they compare.
 *
 * @param function the C function that ran
 * @param path 1-based path number within the scenario
 * @param decisions the non-default answers to unknown conditions on this path ("" for the first path)
 */
public record Row(String function, Scenario scenario, int path, String decisions, RunOutcome before,
                  RunOutcome after, Verdict verdict, List<Difference> differences) {

    public Row {
        differences = List.copyOf(differences);
    }

    /** "4097 B, plenty memory (path: err = true)". */
    public String label() {
        return scenario.label() + (decisions.isEmpty() ? "" : " (path: " + decisions + ")");
    }

    /** The differences that made the row worse, rendered. */
    public String worseText() {
        return String.join("; ", differences.stream().filter(d -> d.direction() == Verdict.WORSE)
                .map(Difference::render).toList());
    }
}
