package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** issue 13 point 6: the rows that differ, grouped, with counts that match the verdict; --verbose every row. */
class ResultTextTest {
    /** kmalloc() then kfree(): a rewrite to vmalloc() is worse, one to kvmalloc()/kvfree() is not. */
    private static final String SCRATCH = ValidatorTest.KMALLOC_KFREE;

    private static final Pattern GROUP = Pattern.compile("(?m)^(WORSE|BETTER|DOCUMENTED) in (\\d+) rows?: (.*)$");
    private static final Pattern COUNTS = Pattern.compile(
            "(?m)^(\\d+) rows \\(scenario x path\\) in \\d+ scenarios: (\\d+) equal, (\\d+) documented, (\\d+) better, "
                    + "(\\d+) worse; ");

    /** The groups' row counts by verdict, as printed. */
    private static Map<Verdict, Integer> printed(String text) {
        Map<Verdict, Integer> n = new java.util.EnumMap<>(Verdict.class);
        Matcher m = GROUP.matcher(text);
        while (m.find()) {
            n.merge(Verdict.valueOf(m.group(1)), Integer.parseInt(m.group(2)), Integer::sum);
        }
        return n;
    }

    @Test
    void anUnsafeRewriteShowsTheWorseRowsFirstAndCountsWhatItPrints() {
        ValidationResult r = Snippet.validate(SCRATCH, SCRATCH.replace("kmalloc(n, GFP_KERNEL)", "vmalloc(n)"),
                "foo_scratch");
        assertEquals(ValidationResult.Status.UNSAFE, r.status());
        String text = ResultText.render(r);
        Matcher first = GROUP.matcher(text);
        assertTrue(first.find(), text);
        assertEquals("WORSE", first.group(1), text);
        assertTrue(first.group(3).startsWith("illegal frees none → MISMATCHED_FREE"), first.group(3));

        Matcher c = COUNTS.matcher(text);
        assertTrue(c.find(), text);
        Map<Verdict, Integer> counts = r.counts();
        assertEquals(r.rows().size(), Integer.parseInt(c.group(1)));
        assertEquals(counts.get(Verdict.EQUAL), Integer.parseInt(c.group(2)));
        assertEquals(counts.get(Verdict.DOCUMENTED), Integer.parseInt(c.group(3)));
        assertEquals(counts.get(Verdict.BETTER), Integer.parseInt(c.group(4)));
        assertEquals(counts.get(Verdict.WORSE), Integer.parseInt(c.group(5)));
        Map<Verdict, Integer> shown = printed(text);
        for (Verdict v : List.of(Verdict.WORSE, Verdict.BETTER, Verdict.DOCUMENTED)) {
            assertEquals(counts.get(v), shown.getOrDefault(v, 0), v + " rows printed in groups: " + text);
        }
        assertTrue(text.endsWith("verdict: UNSAFE - " + r.reason()), text);
        assertTrue(text.lines().filter(l -> l.startsWith("  where: ")).count() == GROUP.matcher(text).results().count(),
                "every group says where its rows ran: " + text);
    }

    @Test
    void verboseShowsEveryRowAndEqualRowsOnlyThere() {
        String safe = SCRATCH.replace("kmalloc(n, GFP_KERNEL)", "kvmalloc(n, GFP_KERNEL)").replace("kfree(p)", "kvfree(p)");
        ValidationResult r = Snippet.validate(safe, safe, "foo_scratch");
        assertEquals(ValidationResult.Status.SAFE, r.status());
        String brief = ResultText.render(r);
        assertTrue(brief.contains("; no row differs (--verbose: every row)\n"), brief);
        assertEquals(0, printed(brief).size(), brief);
        String all = ResultText.render(r, true);
        long rows = all.lines().filter(l -> l.matches(".*: (EQUAL|DOCUMENTED|BETTER|WORSE)$")).count();
        assertEquals(r.rows().size(), rows, all);
        assertTrue(all.contains("; every row below\n"), all);
    }
}
