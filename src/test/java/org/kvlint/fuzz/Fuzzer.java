package org.kvlint.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.kvlint.syntax.CParser;

/**
 * Runs numbered fuzz inputs through the {@link Pipeline} on several threads, each with its own
 * parser, and keeps what failed. Input number {@code i} of master seed {@code s} is always the
 * same bytes ({@link #input}), so a failure is reproduced by its number; every failing input is
 * also written out, to become a regression fixture in {@code testdata/fuzz/}.
 */
public final class Fuzzer {
    /** A seed file: its name and bytes. */
    public record Seed(String name, byte[] bytes) {}

    /** One input: which seed, which mutations. */
    public record Input(long index, String seed, String mutations, byte[] bytes) {
        /** A stable file name for the input: a hash of its bytes. */
        public String fileName() {
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
                return "fuzz-" + HexFormat.of().formatHex(h, 0, 6) + ".c";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A failed input and why; {@code hang} when it ran past the time limit. */
    public record Failure(Input input, String why, boolean hang) {}

    /**
     * @param inputs how many were run to the end
     * @param maxMillis the slowest input
     */
    public record Stats(long inputs, long findings, long fixes, long diffs, long maxMillis, long nanos,
                        List<Failure> failures) {
        public double perSecond() {
            return inputs / (nanos / 1e9);
        }
    }

    private Fuzzer() {}

    /**
     * The seeds: every rule fixture ({@code testdata/KVnnn/*.c}, kernel code and its variants) and
     * the sample tree ({@code examples/}), plus {@code extra} files of at most {@code maxBytes}
     * each (e.g. a kernel tree's allocator users, listed by bench/fuzz.sh).
     */
    public static List<Seed> seeds(Path project, List<Path> extra, long maxBytes) {
        List<Path> files = new ArrayList<>();
        try {
            try (Stream<Path> s = Files.walk(project.resolve("testdata"))) {
                s.filter(p -> p.toString().endsWith(".c") && p.getParent().getFileName().toString().matches("KV\\d{3}"))
                        .forEach(files::add);
            }
            try (Stream<Path> s = Files.walk(project.resolve("examples"))) {
                s.filter(p -> p.toString().endsWith(".c")).forEach(files::add);
            }
            Collections.sort(files);
            extra.stream().filter(p -> Files.isRegularFile(p) && size(p) <= maxBytes).sorted().forEach(files::add);
            List<Seed> out = new ArrayList<>();
            for (Path f : files) {
                Path abs = f.toAbsolutePath();
                out.add(new Seed(abs.startsWith(project) ? project.relativize(abs).toString() : abs.toString(),
                        Files.readAllBytes(f)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Input number {@code index} for {@code master}: a seed, mutated 1 to 4 times. */
    public static Input input(List<Seed> seeds, long master, long index) {
        SplittableRandom r = new SplittableRandom(master * 0x9E3779B97F4A7C15L + index);
        Seed seed = seeds.get(r.nextInt(seeds.size()));
        StringBuilder log = new StringBuilder();
        List<byte[]> pool = new SeedPool(seeds);
        byte[] bytes = Mutator.mutate(seed.bytes(), pool, r, log);
        return new Input(index, seed.name(), log.toString(), bytes);
    }

    /** The seeds' bytes as a list, for splicing, without copying them. */
    private static final class SeedPool extends java.util.AbstractList<byte[]> {
        private final List<Seed> seeds;

        SeedPool(List<Seed> seeds) {
            this.seeds = seeds;
        }

        @Override
        public byte[] get(int i) {
            return seeds.get(i).bytes();
        }

        @Override
        public int size() {
            return seeds.size();
        }
    }

    /**
     * Runs inputs {@code from} (inclusive) to {@code to} (exclusive) on {@code threads} threads.
     * An input running longer than {@code hangMillis} is a hang: it is recorded, the run stops
     * taking new inputs and returns (the stuck thread is a daemon and left behind).
     *
     * @param failuresDir where failing inputs are written (with a .txt saying why), or null
     * @param progress called about every 10 seconds with the stats so far, or null
     */
    public static Stats run(List<Seed> seeds, long master, long from, long to, int threads, long hangMillis,
                            Path failuresDir, java.util.function.Consumer<Stats> progress) {
        AtomicLong next = new AtomicLong(from);
        AtomicLong done = new AtomicLong();
        AtomicLong findings = new AtomicLong();
        AtomicLong fixes = new AtomicLong();
        AtomicLong diffs = new AtomicLong();
        AtomicLong maxNanos = new AtomicLong();
        AtomicLongArray startedAt = new AtomicLongArray(threads); // 0 = idle
        AtomicLongArray current = new AtomicLongArray(threads);
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread w = new Thread(null, () -> {
                Pipeline pipeline = new Pipeline();
                try (CParser parser = new CParser()) {
                    for (long i = next.getAndIncrement(); i < to && !stop.get(); i = next.getAndIncrement()) {
                        Input in = input(seeds, master, i);
                        current.set(me, i);
                        long start = System.nanoTime();
                        startedAt.set(me, start);
                        Pipeline.Outcome o = pipeline.run(in.seed(), in.bytes(), parser);
                        long took = System.nanoTime() - start;
                        startedAt.set(me, 0);
                        maxNanos.accumulateAndGet(took, Math::max);
                        findings.addAndGet(o.findings());
                        fixes.addAndGet(o.fixes());
                        if (o.diff().length > 0) {
                            diffs.incrementAndGet();
                        }
                        if (!o.ok()) {
                            record(failures, new Failure(in, o.failure(), false), failuresDir);
                        }
                        done.incrementAndGet();
                    }
                }
            }, "kvlint-fuzz-" + t, 256L << 20);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        long lastReport = System.nanoTime();
        while (workers.stream().anyMatch(Thread::isAlive)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                long s = startedAt.get(t);
                if (s != 0 && now - s > hangMillis * 1_000_000L && !stop.get()) {
                    Input in = input(seeds, master, current.get(t));
                    record(failures, new Failure(in, "hang: still running after " + hangMillis + " ms", true),
                            failuresDir);
                    stop.set(true);
                }
            }
            if (stop.get() && failures.stream().anyMatch(Failure::hang)) {
                break; // a hung thread never comes back
            }
            if (progress != null && now - lastReport > 10_000_000_000L) {
                lastReport = now;
                progress.accept(new Stats(done.get(), findings.get(), fixes.get(), diffs.get(),
                        maxNanos.get() / 1_000_000, now - t0, List.copyOf(failures)));
            }
        }
        return new Stats(done.get(), findings.get(), fixes.get(), diffs.get(), maxNanos.get() / 1_000_000,
                System.nanoTime() - t0, List.copyOf(failures));
    }

    private static void record(List<Failure> failures, Failure f, Path dir) {
        failures.add(f);
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(f.input().fileName());
            Files.write(file, f.input().bytes());
            Files.writeString(dir.resolve(f.input().fileName() + ".txt"), "input " + f.input().index() + " from "
                    + f.input().seed() + " (" + f.input().mutations() + "): " + f.why() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
