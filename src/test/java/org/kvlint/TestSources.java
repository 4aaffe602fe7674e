package org.kvlint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The C files the tests run over: the rule fixtures, and those with the bundled examples. */
public final class TestSources {
    private TestSources() {}

    /** Every {@code .c} and {@code .h} fixture under {@code testdata/} (not the {@code .fixed} goldens), sorted. */
    public static List<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("testdata"))) {
            return s.filter(p -> p.getFileName().toString().matches("[^.]*\\.[ch]")).sorted().toList();
        }
    }

    /** Every {@code .c} and {@code .h} file under {@code testdata/} and {@code examples/}. */
    public static List<Path> fixturesAndExamples() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("testdata", "examples")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).forEach(files::add);
            }
        }
        return files;
    }
}
