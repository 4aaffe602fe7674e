package org.kvlint.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The long fuzz run of {@code bench/fuzz.sh}: numbered inputs through the whole pipeline, with
 * progress every ten seconds and a closing count.
 *
 * <pre>
 * FuzzMain [--count N] [--from I] [--seed S] [--threads T] [--hang-ms MS] [--failures DIR]
 *          [--seed-list FILE] [--max-seed-bytes B] [--project DIR]
 * </pre>
 * Exit status 0 when every input held, 1 when some failed (each written to the failures
 * directory with a .txt saying why), 3 after a hang.
 */
public final class FuzzMain {
    private FuzzMain() {}

    public static void main(String[] args) throws IOException {
        long count = 1_000_000;
        long from = 0;
        long seed = 15;
        int threads = Runtime.getRuntime().availableProcessors();
        long hangMs = 120_000;
        Path failures = Path.of("bench/out/fuzz/failures");
        Path seedList = null;
        long maxSeedBytes = 48 << 10;
        Path project = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--count" -> count = Long.parseLong(v.replace("_", ""));
                case "--from" -> from = Long.parseLong(v.replace("_", ""));
                case "--seed" -> seed = Long.parseLong(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--hang-ms" -> hangMs = Long.parseLong(v);
                case "--failures" -> failures = Path.of(v);
                case "--seed-list" -> seedList = Path.of(v);
                case "--max-seed-bytes" -> maxSeedBytes = Long.parseLong(v);
                case "--project" -> project = Path.of(v).toAbsolutePath();
                default -> {
                    System.err.println("fuzz: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        List<Path> extra = new ArrayList<>();
        if (seedList != null) {
            Files.readAllLines(seedList).stream().filter(l -> !l.isBlank()).map(Path::of).forEach(extra::add);
        }
        List<Fuzzer.Seed> seeds = Fuzzer.seeds(project, extra, maxSeedBytes);
        long listed = seeds.stream().filter(x -> !x.name().startsWith("testdata/") && !x.name().startsWith("examples/"))
                .count();
        System.out.printf(Locale.ROOT, "fuzz: %d seeds (%d from the seed list), master seed %d, inputs %d..%d, %d threads%n",
                seeds.size(), listed, seed, from, from + count - 1, threads);
        Fuzzer.Stats s = Fuzzer.run(seeds, seed, from, from + count, threads, hangMs, failures,
                p -> System.out.printf(Locale.ROOT, "fuzz: %,d inputs, %.0f/s, %,d findings, %,d fixes, %,d diffs checked, "
                        + "%d failures, slowest %d ms%n", p.inputs(), p.perSecond(), p.findings(), p.fixes(), p.diffs(),
                        p.failures().size(), p.maxMillis()));
        for (Fuzzer.Failure f : s.failures()) {
            System.out.println("fuzz: FAILED input " + f.input().index() + " (" + f.input().seed() + ", "
                    + f.input().mutations() + "): " + f.why() + " -> " + failures.resolve(f.input().fileName()));
        }
        long hangs = s.failures().stream().filter(Fuzzer.Failure::hang).count();
        System.out.printf(Locale.ROOT, "fuzz: done: %,d inputs in %.0f s (%.0f/s), %d crashes or failed checks, %d hangs, "
                        + "%,d findings, %,d fixes applied, %,d diffs applied back, slowest input %d ms%n",
                s.inputs(), s.nanos() / 1e9, s.perSecond(), s.failures().size() - hangs, hangs, s.findings(), s.fixes(),
                s.diffs(), s.maxMillis());
        if (!s.failures().isEmpty()) {
            System.out.println("fuzz: copy each failing input into testdata/fuzz/ (a regression fixture) and fix it");
        }
        System.exit(hangs > 0 ? 3 : s.failures().isEmpty() ? 0 : 1);
    }
}
