package org.kvlint.report;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Finding;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;

/**
 * {@code --statistics}: how many findings each rule reported, in rule id order, one line per rule
 * that reported something, like flake8's and ruff's:
 * {@code     3  KV001  open-coded-fallback}; findings a suppression comment silenced are counted
 * after it, and unused suppressions get their own line.
 */
public final class Statistics {
    private Statistics() {}

    public static String render(ScanResult scan) {
        Map<String, int[]> byRule = new TreeMap<>();
        for (Finding f : scan.findings()) {
            byRule.computeIfAbsent(f.ruleId(), k -> new int[2])[0]++;
        }
        for (ScanResult.SuppressedFinding s : scan.suppressed()) {
            byRule.computeIfAbsent(s.finding().ruleId(), k -> new int[2])[1]++;
        }
        StringBuilder b = new StringBuilder();
        byRule.forEach((id, n) -> {
            String name = RuleCatalog.standard().meta(id).map(RuleMeta::name).orElse("");
            b.append(String.format(Locale.ROOT, "%5d  %-6s %s", n[0], id, name));
            if (n[1] > 0) {
                b.append(" (").append(n[1]).append(" suppressed)");
            }
            b.append('\n');
        });
        if (!scan.unusedSuppressions().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%5d  %s%n", scan.unusedSuppressions().size(), UnusedSuppressions.TAG));
        }
        return b.toString();
    }
}
