package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.Span;
import org.kvlint.source.FileDirectives;
import org.kvlint.source.NolintDirectives;

class FindingPolicyTest {
    private static final RuleCatalog CATALOG = RuleCatalog.standard();

    private static Finding at(String rule, String path, int line) {
        Level level = CATALOG.require(rule).level();
        return new Finding(rule, level, path, new Span(line, 2, line, 10, line * 100, line * 100 + 8), "m " + rule,
                List.of());
    }

    private static ScanResult scan(List<Finding> findings, Map<String, String> sources) {
        Map<String, FileDirectives> d = new java.util.TreeMap<>();
        sources.forEach((p, text) -> d.put(p, NolintDirectives.scan(text.getBytes(StandardCharsets.UTF_8))));
        return new ScanResult(findings, List.of(), new ScanResult.Stats(1, 1, 0, 0, 0, 0, 0), KernelVersion.DEFAULT,
                "default", org.kvlint.facts.WrapperSummaries.EMPTY, d, List.of());
    }

    @Test
    void selectionByIdOrNameAndUnknownRulesAreErrors() {
        RuleSelection s = RuleSelection.of(List.of("kv004,open-coded-fallback"), List.of("KV001"), CATALOG);
        assertEquals(Set.of("KV001", "KV004"), s.select());
        assertTrue(s.selects("KV004"));
        assertFalse(s.selects("KV001"), "ignore wins over select");
        assertFalse(s.selects("KV009"));
        var e = assertThrows(IllegalArgumentException.class, () -> RuleSelection.of(List.of("KV004,KV999"), List.of(),
                CATALOG));
        assertTrue(e.getMessage().contains("'KV999'"), e.getMessage());
        RuleSelection file = new RuleSelection(Set.of("KV001"), Set.of("KV009"));
        RuleSelection merged = file.overriddenBy(new RuleSelection(Set.of("KV004"), Set.of()));
        assertEquals(new RuleSelection(Set.of("KV004"), Set.of("KV009")), merged, "each key overridden alone");
    }

    @Test
    void suppressionsMoveFindingsAsideAndUnusedOnesAreListed() {
        String c = """
                a(); // NOLINT(KV004)
                // NOLINTNEXTLINE(KV00*, clang-tidy-check)
                b();
                c(); /* NOLINT(KV005) */
                d(); /* NOLINT(KV009) */
                """;
        List<Finding> found = List.of(at("KV004", "f.c", 1), at("KV001", "f.c", 3), at("KV004", "f.c", 4),
                at("KV009", "f.c", 5));
        FindingPolicy p = new FindingPolicy(new RuleSelection(Set.of(), Set.of("KV009")), List.of(), Map.of(), true);
        ScanResult r = p.apply(scan(found, Map.of("f.c", c)));
        assertEquals(List.of(at("KV004", "f.c", 4)), r.findings());
        assertEquals(List.of("KV004@1 NOLINT(KV004)", "KV001@3 NOLINTNEXTLINE(KV00*)"), r.suppressed().stream()
                .map(s -> s.finding().ruleId() + "@" + s.finding().span().startLine() + " " + s.by().spelling()).toList());
        // KV005 silenced nothing; another tool's id is never unused; KV009's NOLINT matched an ignored rule's finding
        assertEquals(List.of("f.c:4 NOLINT(KV005)"), r.unusedSuppressions().stream()
                .map(u -> u.path() + ":" + u.directive().line() + " " + u.directive().spelling()).toList());
        FindingPolicy quiet = new FindingPolicy(RuleSelection.ALL, List.of(), Map.of(), false);
        assertEquals(List.of(), quiet.apply(scan(found, Map.of("f.c", c))).unusedSuppressions());
    }

    @Test
    void unusedDirectivesOfUnreportedRulesAreNotListed() {
        FindingPolicy p = new FindingPolicy(new RuleSelection(Set.of("KV004"), Set.of()), List.of(), Map.of(), true);
        ScanResult r = p.apply(scan(List.of(), Map.of("f.c", "a(); // NOLINT(KV001, KV004)\n")));
        assertEquals(List.of("NOLINT(KV004)"), r.unusedSuppressions().stream().map(u -> u.directive().spelling()).toList());
    }

    @Test
    void badRegionsBecomeNotes() {
        ScanResult r = FindingPolicy.DEFAULT.apply(scan(List.of(), Map.of("f.c", "/* NOLINTEND(KV001) */\n")));
        assertEquals(1, r.diagnostics().size());
        assertEquals("kvlint: note: f.c: line 1: NOLINTEND(KV001) without a NOLINTBEGIN(KV001) before it",
                r.diagnostics().getFirst().render());
    }

    @Test
    void perPathIgnoresAndLevelOverrides(@org.junit.jupiter.api.io.TempDir Path dir) {
        String staging = dir.resolve("drivers/staging/x/a.c").toString();
        String header = dir.resolve("include/linux/b.h").toString();
        String other = dir.resolve("mm/c.c").toString();
        List<Finding> found = List.of(at("KV001", staging, 1), at("KV004", staging, 2), at("KV001", header, 1),
                at("KV008", other, 1));
        FindingPolicy p = new FindingPolicy(RuleSelection.ALL, List.of(
                new FindingPolicy.PathIgnore("drivers/staging/**", dir, Set.of("KV001")),
                new FindingPolicy.PathIgnore("*.h", dir, Set.of("KV001"))), Map.of("KV008", Level.WARNING), false);
        ScanResult r = p.apply(scan(found, Map.of()));
        assertEquals(List.of("KV004 " + staging, "KV008 " + other), r.findings().stream()
                .map(f -> f.ruleId() + " " + f.path()).toList());
        assertEquals(Level.WARNING, r.findings().get(1).level(), "[severity] KV008 = warning");
        assertEquals(Level.ERROR, r.findings().get(0).level());
    }

    /**
     * A per-path ignore holds whether the config and the scanned tree are named through a link to
     * the tree or by its real path ({@code --config /usr/src/linux-6.1/.kvlint.toml} with a scan
     * of {@code /usr/src/linux}).
     */
    @Test
    void perPathIgnoresHoldThroughALinkToTheTree(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path real = Files.createDirectories(dir.resolve("linux-6.1/drivers/staging/x"));
        Files.writeString(real.resolve("a.c"), "");
        Path tree = dir.resolve("linux-6.1");
        Path link = Files.createSymbolicLink(dir.resolve("linux"), tree.getFileName());
        for (Path base : List.of(tree, link)) {
            for (Path scanned : List.of(tree, link)) {
                String staging = scanned.resolve("drivers/staging/x/a.c").toString();
                FindingPolicy p = new FindingPolicy(RuleSelection.ALL, List.of(
                        new FindingPolicy.PathIgnore("drivers/staging/**", base, Set.of("KV001"))), Map.of(), false);
                assertEquals(List.of(), p.apply(scan(List.of(at("KV001", staging, 1)), Map.of())).findings(),
                        "config at " + base + ", scanned as " + staging);
            }
        }
    }

    @Test
    void activeIsWhatFixActsOn() {
        FileDirectives d = NolintDirectives.scan("x(); // NOLINT(KV004)\n".getBytes(StandardCharsets.UTF_8));
        List<Finding> all = List.of(at("KV004", "f.c", 1), at("KV004", "f.c", 2), at("KV001", "f.c", 3));
        FindingPolicy p = new FindingPolicy(new RuleSelection(Set.of("KV004"), Set.of()), List.of(), Map.of(), false);
        assertEquals(List.of(at("KV004", "f.c", 2)), p.active(all, d));
    }

    @Test
    void namesMatchIdsNamesAndGlobs() {
        var kv004 = CATALOG.require("KV004");
        assertTrue(FindingPolicy.names("kv004", kv004));
        assertTrue(FindingPolicy.names("kfree-of-vmalloc-memory", kv004));
        assertTrue(FindingPolicy.names("KV*", kv004));
        assertTrue(FindingPolicy.names("kfree-*", kv004));
        assertTrue(FindingPolicy.names("*", kv004));
        assertFalse(FindingPolicy.names("KV005", kv004));
        assertFalse(FindingPolicy.names("KV00", kv004));
        assertFalse(FindingPolicy.names("kfree", kv004));
    }
}
