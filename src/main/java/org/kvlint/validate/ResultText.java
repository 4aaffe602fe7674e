package org.kvlint.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome table of a {@link ValidationResult} for a terminal. By default only the rows that
 * differ between before and after, grouped by what changed (worse first, then better, then
 * documented), each group saying how many rows it holds, where they ran (scenario and path, with
 * how many rows each, random-backend seeds folded) and one example of before and after. One line
 * of counts says how many rows are equal, documented, better and worse: the same counts as the
 * verdict. Verbose: every row, in matrix order.
 */
public final class ResultText {
    private ResultText() {}

    /** The differing rows, grouped, and a final verdict line; no trailing newline. */
    public static String render(ValidationResult r) {
        return render(r, false);
    }

    /** @param verbose every row, in matrix order, instead of the differing rows grouped */
    public static String render(ValidationResult r, boolean verbose) {
        StringBuilder b = new StringBuilder();
        if (!r.functions().isEmpty()) {
            b.append("ran: ").append(String.join(", ", r.functions().stream().map(f -> f + "()").toList()))
                    .append(" before and after the fix, kernel ").append(r.kernel());
            if (!r.profile().isEmpty()) {
                b.append(" (model profile ").append(r.profile()).append(')');
            }
            b.append('\n');
        }
        if (!r.sizeBinding().isEmpty()) {
            b.append("size input (S = the scenario's size): ").append(r.sizeBinding()).append('\n');
        }
        boolean manyFunctions = r.functions().size() > 1;
        if (!r.rows().isEmpty()) {
            Map<Verdict, Integer> n = r.counts();
            long scenarios = r.rows().stream().map(x -> x.function() + x.scenario()).distinct().count();
            int differ = r.rows().size() - n.get(Verdict.EQUAL);
            b.append(String.format(Locale.ROOT, "%d rows (scenario x path) in %d scenarios: %d equal, %d documented, "
                            + "%d better, %d worse", r.rows().size(), scenarios, n.get(Verdict.EQUAL),
                    n.get(Verdict.DOCUMENTED), n.get(Verdict.BETTER), n.get(Verdict.WORSE)));
            if (verbose) {
                b.append("; every row below\n");
                for (Row row : r.rows()) {
                    b.append('\n').append(manyFunctions ? row.function() + "(), " : "").append(row.label()).append(": ")
                            .append(row.verdict().name()).append('\n');
                    story(b, row, "  ");
                }
            } else {
                b.append(differ == 0 ? "; no row differs (--verbose: every row)\n"
                        : "; the " + differ + " that differ below, by what changed (--verbose: every row)\n");
                changes(b, r.rows(), manyFunctions);
            }
            b.append('\n');
        }
        b.append("verdict: ").append(r.status().name().replace('_', ' ')).append(" - ").append(r.reason());
        return b.toString();
    }

    /** What changed in a row: its verdict and its differences, the group it belongs to. */
    private record Change(Verdict verdict, List<Difference> differences) {
        /**
         * "BETTER in 8 rows: OOM killer invoked → not invoked"; the documented reasons come once, at
         * the end (a reason that another one extends is said by that one).
         */
        String title(int rows) {
            String what = String.join("; ", differences.stream().map(d -> d.field() + " " + d.before() + " → "
                    + d.after()).toList());
            List<String> whys = differences.stream().map(Difference::why).filter(w -> !w.isEmpty()).distinct().toList();
            List<String> said = whys.stream().filter(w -> whys.stream().noneMatch(o -> !o.equals(w) && o.startsWith(w)))
                    .toList();
            if (!said.isEmpty()) {
                what += " (" + String.join("; ", said) + ")";
            }
            return verdict.name() + " in " + rows + (rows == 1 ? " row" : " rows") + (what.isEmpty() ? "" : ": " + what);
        }
    }

    /** Where rows of a group ran: the scenario without its random-backend seed, and the path. */
    private record Where(String function, long size, Scenario.Memory memory, String gfp, String decisions) {
        static Where of(Row r) {
            Scenario s = r.scenario();
            return new Where(r.function(), s.size(), s.memory(), s.gfp().map(g -> g.toC()).orElse(""), r.decisions());
        }

        String text(boolean manyFunctions) {
            return (manyFunctions ? function + "(), " : "") + Sizes.human(size) + " " + memory.name().toLowerCase(Locale.ROOT)
                    + (gfp.isEmpty() ? "" : " gfp " + gfp) + (decisions.isEmpty() ? "" : " (path: " + decisions + ")");
        }
    }

    private static void changes(StringBuilder b, List<Row> rows, boolean manyFunctions) {
        Map<Change, List<Row>> groups = new LinkedHashMap<>();
        for (Verdict v : List.of(Verdict.WORSE, Verdict.BETTER, Verdict.DOCUMENTED)) {
            for (Row row : rows) {
                if (row.verdict() == v) {
                    groups.computeIfAbsent(new Change(v, row.differences()), k -> new ArrayList<>()).add(row);
                }
            }
        }
        groups.forEach((change, same) -> {
            b.append('\n').append(change.title(same.size())).append('\n');
            Map<Where, Integer> where = new LinkedHashMap<>();
            same.forEach(r -> where.merge(Where.of(r), 1, Integer::sum));
            List<String> places = new ArrayList<>();
            where.forEach((w, n) -> places.add(w.text(manyFunctions) + (n > 1 ? " (" + n + ")" : "")));
            b.append(wrapList("  where: ", places)).append('\n');
            Row first = same.getFirst();
            b.append("  e.g. ").append(manyFunctions ? first.function() + "(), " : "").append(first.label()).append(":\n");
            b.append("    before = ").append(first.before().summary()).append('\n');
            b.append("    after  = ").append(first.after().summary()).append('\n');
        });
    }

    /** "  where: a, b, c" wrapped at 100 columns, continuation lines indented under the first item. */
    private static String wrapList(String head, List<String> items) {
        StringBuilder out = new StringBuilder(head);
        int col = head.length();
        String indent = " ".repeat(head.length());
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i + 1 < items.size() ? "," : "");
            if (i > 0 && col + 1 + item.length() > 100) {
                out.append('\n').append(indent);
                col = indent.length();
            } else if (i > 0) {
                out.append(' ');
                col++;
            }
            out.append(item);
            col += item.length();
        }
        return out.toString();
    }

    private static void story(StringBuilder b, Row row, String indent) {
        b.append(indent).append("before = ").append(row.before().summary()).append('\n');
        b.append(indent).append("after  = ").append(row.after().summary()).append('\n');
        for (Difference d : row.differences()) {
            b.append(indent).append(d.direction().name().toLowerCase(Locale.ROOT)).append(": ").append(d.field())
                    .append(' ').append(d.before()).append(" → ").append(d.after())
                    .append(d.why().isEmpty() ? "" : " (" + d.why() + ")").append('\n');
        }
    }
}
