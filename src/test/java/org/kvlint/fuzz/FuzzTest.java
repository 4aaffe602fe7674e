package org.kvlint.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestGit;
import org.kvlint.TestPaths;
import org.kvlint.syntax.CParser;

/**
 * Issue 15, point 7, the fixed budget of the default suite: mutated kernel code (the rule
 * fixtures and the sample tree, with lines deleted, duplicated, swapped and spliced, cuts,
 * flipped bytes, unbalanced braces and {@code #if}s) through parse, facts, rules, proof, fix and
 * diff, with no crash, no hang and every diff applying; every input that ever failed stays in
 * {@code testdata/fuzz/} and must keep passing. The long run is {@code bench/fuzz.sh}.
 */
class FuzzTest {
    /** Inputs of the fixed budget: a few seconds on two cores. */
    static final int BUDGET = Integer.getInteger("kvlint.fuzz.budget", 200);
    static final long MASTER_SEED = 15;
    /** Per input; far above the slowest seen (about a second), so only a real hang trips it. */
    static final long HANG_MS = 120_000;

    private static Path failures() {
        return TestPaths.projectDir().resolve("target/fuzz-failures");
    }

    private static String describe(List<Fuzzer.Failure> fs) {
        return fs.stream().map(f -> "input " + f.input().index() + " (" + f.input().seed() + ", " + f.input().mutations()
                + "): " + f.why() + " -> " + failures().resolve(f.input().fileName())).collect(Collectors.joining("\n"))
                + "\ncopy each into testdata/fuzz/ as a regression fixture, then fix it";
    }

    @TestFactory
    Stream<DynamicTest> everyInputThatEverFailedStaysFixed() throws IOException {
        Path dir = TestPaths.testdata().resolve("fuzz");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".c.fuzz")).sorted().toList();
        }
        assertTrue(files.size() >= 1, "testdata/fuzz/ holds the inputs that once failed");
        Pipeline pipeline = new Pipeline();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(f);
            Pipeline.Outcome o = assertTimeoutPreemptively(Duration.ofMillis(HANG_MS), () -> {
                try (CParser parser = new CParser()) {
                    return pipeline.run("testdata/fuzz/" + f.getFileName().toString().replace(".fuzz", ""), bytes, parser);
                }
            });
            assertTrue(o.ok(), f + ": " + o.failure());
        }));
    }

    @Test
    void aFixedBudgetOfMutatedKernelCode() {
        List<Fuzzer.Seed> seeds = Fuzzer.seeds(TestPaths.projectDir(), List.of(), 0);
        assertTrue(seeds.size() >= 30, "the rule fixtures and examples are the seeds: " + seeds.size());
        Fuzzer.Stats s = Fuzzer.run(seeds, MASTER_SEED, 0, BUDGET, 2, HANG_MS, failures(), null);
        assertTrue(s.failures().isEmpty(), describe(s.failures()));
        assertEquals(BUDGET, s.inputs());
        assertTrue(s.findings() > BUDGET, "mutated fixtures still have findings: " + s.findings());
        assertTrue(s.diffs() > BUDGET / 4, "and fixes, whose diffs were applied back: " + s.diffs());
    }

    @Test
    void inputsAreReproducibleByTheirNumber() {
        List<Fuzzer.Seed> seeds = Fuzzer.seeds(TestPaths.projectDir(), List.of(), 0);
        for (long i : new long[] {0, 1, 999_999}) {
            assertEquals(Fuzzer.input(seeds, MASTER_SEED, i).fileName(), Fuzzer.input(seeds, MASTER_SEED, i).fileName());
        }
        assertTrue(!Fuzzer.input(seeds, MASTER_SEED, 1).fileName().equals(Fuzzer.input(seeds, MASTER_SEED, 2).fileName()));
    }

    /** The strict applier agrees with git on fuzzed diffs: real git apply --check takes them. */
    @Test
    void fuzzedDiffsApplyWithGit(@TempDir Path repo) throws Exception {
        assumeTrue(TestGit.git(repo, "init", "-q") == 0, "git is not installed");
        List<Fuzzer.Seed> seeds = Fuzzer.seeds(TestPaths.projectDir(), List.of(), 0);
        Pipeline pipeline = new Pipeline();
        List<String[]> diffs = new ArrayList<>(); // file name, diff file
        try (CParser parser = new CParser()) {
            for (long i = 0; i < 400 && diffs.size() < 6; i++) {
                Fuzzer.Input in = Fuzzer.input(seeds, MASTER_SEED + 1, i);
                String name = "f" + i + ".c";
                Pipeline.Outcome o = pipeline.run(name, in.bytes(), parser);
                assertTrue(o.ok(), o.failure());
                if (o.diff().length > 0) {
                    Files.write(repo.resolve(name), in.bytes());
                    Files.write(repo.resolve(name + ".diff"), o.diff());
                    diffs.add(new String[] {name, name + ".diff"});
                }
            }
        }
        assertTrue(diffs.size() >= 3, "some fuzzed inputs were fixed: " + diffs.size());
        for (String[] d : diffs) {
            assertEquals(0, TestGit.git(repo, "apply", "--check", d[1]), d[1] + ":\n" + Files.readString(repo.resolve(d[1]),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
