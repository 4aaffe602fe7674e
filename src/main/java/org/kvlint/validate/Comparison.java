package org.kvlint.validate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kvlint.alloc.Bug;
import org.kvlint.validate.RunOutcome.Documented;
import org.kvlint.validate.RunOutcome.Issue;

/**
 * Compares the run after a rewrite with the run before it, observable by observable (§5.7):
 * what the caller finds (NULL or memory, zeroed or not, the return value), whether the OOM killer
 * ran or the caller stalled in endless retries (GFP_NOFS), what the kernel printed, whether every free was legal, and leaks. Which backend served the
 * memory is deliberately not compared: kvmalloc may pick either (§5.7 3(e)).
 */
final class Comparison {
    private Comparison() {}

    /** The verdict and the differences, in a fixed order. */
    record Result(Verdict verdict, List<Difference> differences) {}

    static Result compare(RunOutcome before, RunOutcome after) {
        List<Difference> d = new ArrayList<>();
        cell("return value", before.returned(), after.returned(), before, after, d);
        TreeSet<String> places = new TreeSet<>(before.places().keySet());
        places.addAll(after.places().keySet());
        for (String p : places) {
            cell(p, Optional.ofNullable(before.places().get(p)), Optional.ofNullable(after.places().get(p)), before, after, d);
        }
        if (before.oomKiller() != after.oomKiller()) {
            d.add(new Difference("OOM killer", invoked(before.oomKiller()), invoked(after.oomKiller()),
                    after.oomKiller() ? Verdict.WORSE : Verdict.BETTER, ""));
        }
        if (before.stalled() != after.stalled()) {
            d.add(new Difference("stall", stalledText(before.stalled()), stalledText(after.stalled()),
                    after.stalled() ? Verdict.WORSE : Verdict.BETTER, ""));
        }
        counted("warnings printed", before.printed(), after.printed(), after, d);
        counted("illegal frees", before.illegalReleases(), after.illegalReleases(), after, d);
        if (before.leaks().size() != after.leaks().size()) {
            d.add(new Difference("leaks", leakText(before.leaks()), leakText(after.leaks()),
                    after.leaks().size() > before.leaks().size() ? Verdict.WORSE : Verdict.BETTER, ""));
        }
        TreeSet<Bug> gained = new TreeSet<>(after.otherBugs());
        gained.removeAll(before.otherBugs());
        TreeSet<Bug> lost = new TreeSet<>(before.otherBugs());
        lost.removeAll(after.otherBugs());
        if (!gained.isEmpty()) {
            d.add(new Difference("bugs", before.otherBugs().isEmpty() ? "none" : new TreeSet<>(before.otherBugs()).toString(),
                    new TreeSet<>(after.otherBugs()).toString(), Verdict.WORSE, ""));
        } else if (!lost.isEmpty()) {
            d.add(new Difference("bugs", new TreeSet<>(before.otherBugs()).toString(),
                    after.otherBugs().isEmpty() ? "none" : new TreeSet<>(after.otherBugs()).toString(), Verdict.BETTER, ""));
        }
        if (cascade(before, after)) {
            // The rewrite's documented NULL (§5.7 rule 3) sent the code down its own error path:
            // whatever differs downstream is that documented behaviour, not a new defect of the rewrite.
            String why = after.documented().stream().sorted().findFirst().map(Documented::text).orElse("")
                    + "; the code then takes its error path";
            // Improvements in such a row (no OOM kill: nothing was allocated) are that refusal too.
            d.replaceAll(x -> x.direction() == Verdict.DOCUMENTED ? x
                    : new Difference(x.field(), x.before(), x.after(), Verdict.DOCUMENTED, why));
        }
        return new Result(overall(d), List.copyOf(d));
    }

    /** The run after hit a documented kvmalloc failure the run before did not. */
    private static boolean cascade(RunOutcome before, RunOutcome after) {
        return !after.documented().isEmpty() && !before.documented().containsAll(after.documented());
    }

    /** Worst direction wins; better outranks documented (an improvement is the news). */
    static Verdict overall(List<Difference> d) {
        if (d.stream().anyMatch(x -> x.direction() == Verdict.WORSE)) {
            return Verdict.WORSE;
        }
        if (d.stream().anyMatch(x -> x.direction() == Verdict.BETTER)) {
            return Verdict.BETTER;
        }
        return d.isEmpty() ? Verdict.EQUAL : Verdict.DOCUMENTED;
    }

    private static void cell(String field, Optional<Cell> b, Optional<Cell> a, RunOutcome before, RunOutcome after,
                             List<Difference> out) {
        if (b.equals(a)) {
            return;
        }
        String bt = b.map(Cell::render).orElse("not set");
        String at = a.map(Cell::render).orElse("not set");
        if (b.isEmpty() || a.isEmpty()) {
            out.add(new Difference(field, bt, at, Verdict.WORSE, ""));
            return;
        }
        Cell x = b.get();
        Cell y = a.get();
        Verdict v;
        String why = "";
        if (x.failure() && y.success()) {
            v = Verdict.BETTER; // the fallback now serves where the original failed
        } else if (x.success() && y.failure()) {
            Optional<Documented> doc = after.documented().stream().sorted().findFirst();
            v = doc.isPresent() ? Verdict.DOCUMENTED : Verdict.WORSE;
            why = doc.map(Documented::text).orElse("");
        } else if (x.kind() == Cell.Kind.MEMORY && y.kind() == Cell.Kind.FREED
                && after.illegalReleases().size() < before.illegalReleases().size()) {
            v = Verdict.BETTER; // the original free was illegal and did not free it; the rewrite's does
            why = "the free is legal now";
        } else if (x.kind() == Cell.Kind.MEMORY && y.kind() == Cell.Kind.MEMORY) {
            v = y.zeroed() ? Verdict.BETTER : Verdict.WORSE; // zeroed differs
        } else if (x.failure() && y.failure() && x.kind() != Cell.Kind.INT && y.kind() != Cell.Kind.INT) {
            v = Verdict.DOCUMENTED; // NULL vs ERR_PTR/ZERO_SIZE_PTR: both "no memory" to a caller that checks
            why = "both mean no memory";
        } else {
            v = Verdict.WORSE;
        }
        out.add(new Difference(field, bt, at, v, why));
    }

    /** Compares diagnostics by kind and count: more of a kind after is worse, fewer is better. */
    private static void counted(String field, List<Issue> before, List<Issue> after, RunOutcome a, List<Difference> out) {
        Map<Bug, Integer> b = count(before);
        Map<Bug, Integer> f = count(after);
        if (b.equals(f)) {
            return;
        }
        boolean worse = false;
        boolean better = false;
        boolean documented = true;
        TreeSet<Bug> kinds = new TreeSet<>(b.keySet());
        kinds.addAll(f.keySet());
        for (Bug k : kinds) {
            int x = b.getOrDefault(k, 0);
            int y = f.getOrDefault(k, 0);
            if (y > x) {
                worse = true;
                documented &= k == Bug.WARN_OVERSIZE && a.documented().contains(Documented.OVER_INT_MAX);
            } else if (y < x) {
                better = true;
            }
        }
        Verdict v = worse ? (documented ? Verdict.DOCUMENTED : Verdict.WORSE) : better ? Verdict.BETTER : Verdict.EQUAL;
        if (v != Verdict.EQUAL) {
            out.add(new Difference(field, render(b), render(f), v, v == Verdict.DOCUMENTED ? Documented.OVER_INT_MAX.text() : ""));
        }
    }

    private static Map<Bug, Integer> count(List<Issue> issues) {
        Map<Bug, Integer> m = new EnumMap<>(Bug.class);
        issues.forEach(i -> m.merge(i.bug(), 1, Integer::sum));
        return m;
    }

    private static String render(Map<Bug, Integer> m) {
        if (m.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(v == 1 ? k.name() : k.name() + " x" + v));
        return String.join(", ", parts);
    }

    private static String invoked(boolean b) {
        return b ? "invoked" : "not invoked";
    }

    private static String stalledText(boolean b) {
        return b ? "retries until memory is freed" : "none";
    }

    private static String leakText(List<String> leaks) {
        return leaks.isEmpty() ? "none" : String.join(", ", leaks);
    }
}
