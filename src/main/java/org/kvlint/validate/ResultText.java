package org.kvlint.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The outcome table of a {@link ValidationResult} for a terminal: one block per scenario
 * (size, memory condition, mask), before and after in words, and the verdict. Rows that differ
 * only by random-backend seed or path and read the same are shown once.
 */
public final class ResultText {
    private ResultText() {}

    /** The table and a final verdict line; no trailing newline. Random-backend rows that agree with the
     * no-fault row are folded into it. */
    public static String render(ValidationResult r) {
        return render(r, false);
    }

    /** @param verbose show every variant whose story differs, not only those whose verdict differs */
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
        if (!r.rows().isEmpty()) {
            long scenarios = r.rows().stream().map(x -> x.function() + x.scenario()).distinct().count();
            b.append("scenarios: ").append(scenarios).append(", rows (scenario x path): ").append(r.rows().size())
                    .append('\n');
        }
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : r.rows()) {
            Scenario s = row.scenario();
            String key = (r.functions().size() > 1 ? row.function() + "(), " : "") + Sizes.human(s.size()) + ", "
                    + s.memory().label() + s.gfp().map(g -> ", gfp " + g.toC()).orElse("");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        groups.forEach((label, rows) -> group(b.append('\n'), label, rows, verbose));
        if (!r.rows().isEmpty()) {
            b.append('\n');
        }
        b.append("verdict: ").append(r.status().name().replace('_', ' ')).append(" - ").append(r.reason());
        return b.toString();
    }

    private record Variant(Verdict verdict, String before, String after, List<Difference> differences) {}

    private static void group(StringBuilder b, String label, List<Row> rows, boolean verbose) {
        Map<Object, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            Object key = verbose ? new Variant(row.verdict(), row.before().summary(), row.after().summary(), row.differences())
                    : List.of(row.verdict(), row.differences(), row.decisions());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        Verdict worst = Comparison.overall(rows.stream().flatMap(r -> r.differences().stream()).toList());
        if (rows.stream().anyMatch(r -> r.verdict() == Verdict.WORSE)) {
            worst = Verdict.WORSE;
        }
        b.append(label).append(": ").append(worst.name()).append('\n');
        boolean one = byKey.size() == 1;
        for (List<Row> variant : byKey.values()) {
            Row first = variant.getFirst();
            String indent = one ? "  " : "    ";
            if (!one) {
                b.append("  [").append(qualifier(variant)).append("] ").append(first.verdict().name()).append('\n');
            }
            b.append(indent).append("before = ").append(first.before().summary()).append('\n');
            b.append(indent).append("after  = ").append(first.after().summary()).append('\n');
            for (Difference d : first.differences()) {
                b.append(indent).append(d.direction().name().toLowerCase(Locale.ROOT)).append(": ").append(d.field())
                        .append(' ').append(d.before()).append(" → ").append(d.after())
                        .append(d.why().isEmpty() ? "" : " (" + d.why() + ")").append('\n');
            }
        }
    }

    /** "no fault injection; random kvmalloc backend seeds 1, 2 | path: err true". */
    private static String qualifier(List<Row> rows) {
        TreeSet<Long> seeds = new TreeSet<>();
        TreeSet<String> paths = new TreeSet<>();
        rows.forEach(r -> {
            seeds.add(r.scenario().seed());
            paths.add(r.decisions());
        });
        List<String> parts = new ArrayList<>();
        if (seeds.contains(0L)) {
            parts.add("no fault injection");
        }
        List<String> random = seeds.stream().filter(s -> s != 0).map(Objects::toString).toList();
        if (!random.isEmpty()) {
            parts.add("random kvmalloc backend seed" + (random.size() > 1 ? "s " : " ") + String.join(", ", random));
        }
        String p = String.join(" or ", paths.stream().map(x -> x.isEmpty() ? "first path" : x).toList());
        return String.join("; ", parts) + (paths.size() == 1 && paths.first().isEmpty() ? "" : " | path: " + p);
    }
}
