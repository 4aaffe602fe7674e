package org.kvlint.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kvlint.facts.KernelVersion;

/**
 * What {@code kvlint check} and {@code kvlint fix} scan when no PATH is given: the kernel tree the
 * current directory is in (a top-level Makefile with VERSION and PATCHLEVEL, found upwards, as the
 * kernel version is), else the bundled sample tree. Either way the command says so in one line on
 * stderr, so nobody mistakes the samples' findings for their tree's.
 *
 * @param path what to scan, as a path relative to the current directory where possible
 * @param note the line to print on stderr
 */
record DefaultTarget(String path, String note) {

    /** The choice for the process's current directory and kvlint's home ({@code kvlint.home}). */
    static DefaultTarget current() {
        return choose(Path.of("").toAbsolutePath(), Path.of(System.getProperty("kvlint.home", ".")));
    }

    static DefaultTarget choose(Path cwd, Path home) {
        Optional<KernelVersion.Detected> tree = KernelVersion.detect(cwd);
        if (tree.isPresent()) {
            Path root = tree.get().root();
            String shown = root.equals(cwd) ? "." : cwd.relativize(root).toString();
            return new DefaultTarget(shown, "kvlint: no PATH given: scanning the kernel tree at " + shown + " (Linux "
                    + tree.get().version() + ")");
        }
        String examples = sampleTree(cwd, home);
        return new DefaultTarget(examples, "kvlint: no PATH given and " + cwd
                + " is not inside a kernel tree: scanning kvlint's bundled examples in " + examples);
    }

    /** The bundled sample tree: {@code HOME/examples}, shown relative to {@code cwd} when below it. */
    static String sampleTree(Path cwd, Path home) {
        Path examples = home.resolve("examples").toAbsolutePath().normalize();
        if (!Files.isDirectory(examples)) {
            throw new UncheckedIOException(new IOException("no PATH given and the sample tree " + examples
                    + " is missing"));
        }
        return examples.startsWith(cwd) ? cwd.relativize(examples).toString() : examples.toString();
    }
}
