package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlint.engine.FindingPolicy;
import org.kvlint.engine.RuleSelection;
import org.kvlint.engine.ScanResult;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Level;
import org.kvlint.rules.Span;
import org.kvlint.source.NolintDirectives;

/** The exit status for every combination of what was found and --fail-on / --exit-zero. */
class ExitStatusTest {
    private static ScanResult found(Level... levels) {
        List<Finding> fs = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            fs.add(new Finding("KV001", levels[i], "f.c", new Span(i + 1, 1, i + 1, 2, i, i + 1), "m", List.of()));
        }
        return new ScanResult(fs, List.of(), new ScanResult.Stats(1, 1, 0, 0, 0, 0, 0), KernelVersion.DEFAULT, "x");
    }

    @Test
    void matrix() {
        // rows: what was found; columns: --fail-on error, warning, note
        Object[][] rows = {
            {found(), 0, 0, 0},
            {found(Level.NOTE), 0, 0, 1},
            {found(Level.WARNING), 0, 1, 1},
            {found(Level.ERROR), 1, 1, 1},
            {found(Level.NOTE, Level.WARNING), 0, 1, 1},
        };
        for (Object[] row : rows) {
            ScanResult r = (ScanResult) row[0];
            String what = r.findings().stream().map(f -> f.level().label()).toList().toString();
            assertEquals(row[1], ExitStatus.of(r, Level.ERROR, false).code(), what + " --fail-on error");
            assertEquals(row[2], ExitStatus.of(r, Level.WARNING, false).code(), what + " --fail-on warning");
            assertEquals(row[3], ExitStatus.of(r, Level.NOTE, false).code(), what + " --fail-on note");
            for (Level l : Level.values()) {
                assertEquals(0, ExitStatus.of(r, l, true).code(), what + " --exit-zero");
            }
        }
    }

    @Test
    void unusedSuppressionsCountAsWarningsAndSuppressedFindingsNotAtAll() {
        ScanResult raw = new ScanResult(List.of(new Finding("KV004", Level.ERROR, "f.c", new Span(1, 1, 1, 2, 0, 1), "m",
                List.of())), List.of(), new ScanResult.Stats(1, 1, 0, 0, 0, 0, 0), KernelVersion.DEFAULT, "x",
                org.kvlint.facts.WrapperSummaries.EMPTY,
                Map.of("f.c", NolintDirectives.scan("a(); // NOLINT(KV004)\n// NOLINT(KV001)\n".getBytes(StandardCharsets.UTF_8))),
                List.of());
        ScanResult r = new FindingPolicy(RuleSelection.ALL, List.of(), Map.of(), true).apply(raw);
        assertEquals(List.of(), r.findings());
        assertEquals(1, r.unusedSuppressions().size());
        assertEquals(ExitStatus.CLEAN, ExitStatus.of(r, Level.ERROR, false));
        assertEquals(ExitStatus.FINDINGS, ExitStatus.of(r, Level.WARNING, false));
        assertEquals(ExitStatus.CLEAN, ExitStatus.of(FindingPolicy.DEFAULT.apply(raw), Level.NOTE, false));
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertEquals(true, ColorMode.AUTO.enabled(true, null, "xterm"));
        assertEquals(true, ColorMode.AUTO.enabled(true, "", "xterm"), "an empty NO_COLOR does not count");
        assertEquals(false, ColorMode.AUTO.enabled(true, "1", "xterm"));
        assertEquals(false, ColorMode.AUTO.enabled(false, null, "xterm"));
        assertEquals(false, ColorMode.AUTO.enabled(true, null, "dumb"));
        assertEquals(true, ColorMode.ALWAYS.enabled(false, "1", "dumb"));
        assertEquals(false, ColorMode.NEVER.enabled(true, null, "xterm"));
    }
}
