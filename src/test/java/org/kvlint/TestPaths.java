package org.kvlint;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's test inputs are, whatever the working directory. */
public final class TestPaths {
    private TestPaths() {}

    public static Path projectDir() {
        String dir = System.getProperty("kvlint.projectDir");
        Path p = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(p.resolve("testdata"))) {
            throw new IllegalStateException("cannot find testdata/ under " + p);
        }
        return p;
    }

    /** Writes {@code text} to {@code root/rel}, making its directories: a file of a tree made in a test. */
    public static Path write(Path root, String rel, String text) throws java.io.IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    public static Path testdata() {
        return projectDir().resolve("testdata");
    }

    /** Every rule fixture, {@code testdata/KVnnn/*.c}, sorted. */
    public static java.util.List<Path> ruleFixtures() throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(testdata())) {
            return s.filter(p -> p.toString().endsWith(".c"))
                    .filter(p -> p.getParent().getFileName().toString().matches("KV\\d{3}"))
                    .sorted().toList();
        }
    }

    /**
     * The corpus of real upstream code ({@code testdata/history/*.c}): markers only, no golden
     * files, so FixtureTest checks them and FixGoldenTest does not.
     */
    public static java.util.List<Path> historyFixtures() throws java.io.IOException {
        // paths/ keeps the kernel's directory layout (arch/arm/mm/, mm/): what a rule decides by the path
        try (java.util.stream.Stream<Path> s = Files.walk(testdata().resolve("history"))) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
    }
}
