package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kvlint.alloc.Bug;
import org.kvlint.validate.RunOutcome.Documented;
import org.kvlint.validate.RunOutcome.Issue;

/** EQUAL / BETTER / DOCUMENTED / WORSE, observable by observable. */
class ComparisonTest {

    /** A run outcome built field by field. */
    private record O(Optional<Cell> ret, Map<String, Cell> places, boolean oom, boolean stalled, List<Issue> printed,
                     List<Issue> illegal, List<String> leaks, Set<Bug> bugs, Set<Documented> documented) {
        static O memory() {
            return new O(Optional.of(Cell.memory(false)), Map.of(), false, false, List.of(), List.of(), List.of(), Set.of(),
                    Set.of());
        }

        O ret(Cell c) {
            return new O(Optional.of(c), places, oom, stalled, printed, illegal, leaks, bugs, documented);
        }

        O place(String k, Cell c) {
            return new O(ret, Map.of(k, c), oom, stalled, printed, illegal, leaks, bugs, documented);
        }

        O oomKilled() {
            return new O(ret, places, true, stalled, printed, illegal, leaks, bugs, documented);
        }

        O stalls() {
            return new O(ret, places, oom, true, printed, illegal, leaks, bugs, documented);
        }

        O printed(Bug b) {
            return new O(ret, places, oom, stalled, List.of(new Issue(b, "")), illegal, leaks, bugs, documented);
        }

        O illegal(Bug b) {
            return new O(ret, places, oom, stalled, printed, List.of(new Issue(b, "")), leaks, bugs, documented);
        }

        O leak() {
            return new O(ret, places, oom, stalled, printed, illegal, List.of("kmalloc() at line 3"), bugs, documented);
        }

        O bug(Bug b) {
            return new O(ret, places, oom, stalled, printed, illegal, leaks, Set.of(b), documented);
        }

        O documented(Documented d) {
            return new O(ret, places, oom, stalled, printed, illegal, leaks, bugs, Set.of(d));
        }

        RunOutcome run() {
            return new RunOutcome(ret, new TreeMap<>(places), oom, stalled, printed, illegal, leaks, bugs, List.of(), documented);
        }
    }

    private static Comparison.Result compare(O before, O after) {
        return Comparison.compare(before.run(), after.run());
    }

    @Test
    void sameObservablesAreEqual() {
        Comparison.Result r = compare(O.memory().oomKilled(), O.memory().oomKilled());
        assertEquals(Verdict.EQUAL, r.verdict());
        assertTrue(r.differences().isEmpty());
    }

    @Test
    void improvementsAreBetter() {
        assertEquals(Verdict.BETTER, compare(O.memory().oomKilled(), O.memory()).verdict(), "the OOM-killer row disappears");
        assertEquals(Verdict.BETTER, compare(O.memory().stalls(), O.memory()).verdict(), "a GFP_NOFS caller no longer hangs");
        assertEquals(Verdict.BETTER, compare(O.memory().ret(Cell.NULL), O.memory()).verdict(), "the fallback now serves");
        assertEquals(Verdict.BETTER, compare(O.memory().printed(Bug.WARN_ALLOC_FAIL), O.memory()).verdict(), "fewer warnings");
        assertEquals(Verdict.BETTER, compare(O.memory().illegal(Bug.MISMATCHED_FREE), O.memory()).verdict(), "illegal free gone");
        assertEquals(Verdict.BETTER, compare(O.memory().leak(), O.memory()).verdict(), "leak gone");
        assertEquals(Verdict.BETTER, compare(O.memory().ret(Cell.integer(-12)), O.memory().ret(Cell.integer(0))).verdict());
        assertEquals(Verdict.BETTER, compare(O.memory().place("p->buf", Cell.memory(true)).illegal(Bug.MISMATCHED_FREE),
                O.memory().place("p->buf", new Cell(Cell.Kind.FREED, 0, false, ""))).verdict(), "the free works now");
    }

    @Test
    void regressionsAreWorseAndNameTheField() {
        Comparison.Result nul = compare(O.memory().place("priv->buf", Cell.memory(false)),
                O.memory().place("priv->buf", Cell.NULL));
        assertEquals(Verdict.WORSE, nul.verdict());
        assertEquals("priv->buf: memory → NULL (worse)", nul.differences().getFirst().render());
        assertEquals(Verdict.WORSE, compare(O.memory().ret(Cell.memory(true)), O.memory()).verdict(), "zeroing dropped");
        assertEquals(Verdict.WORSE, compare(O.memory(), O.memory().oomKilled()).verdict());
        assertEquals("stall: none → retries until memory is freed (worse)",
                compare(O.memory(), O.memory().stalls()).differences().getFirst().render());
        assertEquals(Verdict.WORSE, compare(O.memory(), O.memory().printed(Bug.WARN_ALLOC_FAIL)).verdict());
        assertEquals(Verdict.WORSE, compare(O.memory(), O.memory().illegal(Bug.LATENT_MISMATCHED_FREE)).verdict());
        assertEquals(Verdict.WORSE, compare(O.memory(), O.memory().leak()).verdict());
        assertEquals(Verdict.WORSE, compare(O.memory(), O.memory().bug(Bug.UNAVAILABLE_API)).verdict());
        assertEquals(Verdict.WORSE, compare(O.memory().place("p->x", Cell.integer(1)), O.memory()).verdict(), "a store is gone");
    }

    @Test
    void documentedKvmallocBehaviourIsAcceptedNotWorse() {
        Comparison.Result r = compare(O.memory().printed(Bug.WARN_OVERSIZE),
                O.memory().ret(Cell.NULL).printed(Bug.WARN_OVERSIZE).documented(Documented.OVER_INT_MAX));
        assertEquals(Verdict.DOCUMENTED, r.verdict());
        assertTrue(r.differences().getFirst().why().contains("INT_MAX"));
        assertTrue(r.verdict().acceptable());
        assertEquals(Verdict.DOCUMENTED, compare(O.memory(),
                O.memory().ret(Cell.NULL).printed(Bug.WARN_OVERSIZE).documented(Documented.OVER_INT_MAX)).verdict());
    }

    @Test
    void whatFollowsADocumentedNullIsDocumentedToo() {
        O before = O.memory().ret(new Cell(Cell.Kind.UNKNOWN, 0, false, "foo_register(b)"))
                .place("b->data", new Cell(Cell.Kind.FREED, 0, false, ""));
        O after = O.memory().ret(Cell.integer(-12)).place("b->data", Cell.NULL).documented(Documented.OVER_INT_MAX);
        assertEquals(Verdict.DOCUMENTED, compare(before, after).verdict());
        assertEquals(Verdict.WORSE, compare(before, O.memory().ret(Cell.integer(-12)).place("b->data", Cell.NULL)).verdict());
    }

    @Test
    void anyWorseFieldMakesTheRowWorse() {
        assertEquals(Verdict.WORSE, compare(O.memory().oomKilled(), O.memory().illegal(Bug.MISMATCHED_FREE)).verdict());
    }
}
