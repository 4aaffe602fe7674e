package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlint.fix.FixOptions;
import org.kvlint.fix.FixRun;
import org.kvlint.fix.ProvenFixes;
import org.kvlint.rules.Finding;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.Diagnostic;

/**
 * Issue 15, point 2, as regressions: small versions of {@code bench/linearity.sh}'s rows (long
 * functions, long ternary and {@code else if} chains, one huge line, a generated register
 * header, many fallbacks in one function) go through check, the proof of fixes (what
 * {@code --format json} does) and fix, and still report their findings. No timing is asserted:
 * the timeout only turns a hang into a failure; the bench measures speed.
 */
class LinearityTest {
    /** Not a speed target: long enough for a loaded 2-core machine, short enough to catch a hang. */
    private static final Duration HANG = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    static Stream<Arguments> rows() {
        return Stream.of(
                // 20,000 statements (4,000 tests): the proof once built an answer map per test per path (n²)
                Arguments.of("statements", "stmts.c", HostileInputs.statements(20_000), 1),
                Arguments.of("ternaries", "ternary.c", HostileInputs.ternaries(400), 1),
                Arguments.of("else-ifs", "elseif.c", HostileInputs.elseIfs(500), 1),
                Arguments.of("one line", "line.c", HostileInputs.singleLine(300_000), 2),
                Arguments.of("register header", "regs.h", HostileInputs.registerHeader(1_500_000), 1),
                Arguments.of("fallbacks", "fallbacks.c", HostileInputs.fallbacks(2_000),
                        HostileInputs.fallbackCount(HostileInputs.fallbacks(2_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void finishesAndReports(String row, String file, String code, int fallbacks) throws IOException {
        Path f = Files.writeString(dir.resolve(file), code, StandardCharsets.UTF_8);
        RuleContext rules = RuleContext.standard();
        ScanResult scan = assertTimeoutPreemptively(HANG,
                () -> new Scanner(rules).scan(new ScanOptions(List.of(f.toString()), 2, Optional.empty())));
        List<Finding> kv001 = scan.findings().stream().filter(x -> x.ruleId().equals("KV001")).toList();
        assertEquals(fallbacks, kv001.size(), row + ": " + scan.findings());
        assertTrue(scan.diagnostics().stream().noneMatch(Diagnostic::internal), scan.diagnostics().toString());

        ProvenFixes.Result proven = assertTimeoutPreemptively(HANG, () -> ProvenFixes.prove(scan, 2, rules));
        assertEquals(scan.findings().size(), proven.scan().findings().size());

        FixRun.Result fixed = assertTimeoutPreemptively(HANG,
                () -> FixRun.run(new FixRun.Request(List.of(f.toString()), 2, Optional.empty(), FixOptions.SAFE), rules));
        assertEquals(scan.findings().size(), fixed.findings(), row);
        assertTrue(fixed.diagnostics().stream().noneMatch(Diagnostic::internal), fixed.diagnostics().toString());
    }
}
