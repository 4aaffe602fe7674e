package org.kvlint.index;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which build of kvlint is running, for keying the cache: facts written by one build are never
 * read by another, since any change of the code may change them. The version alone would not do:
 * a developer's rebuild keeps it.
 */
final class Build {
    private Build() {}

    /** The jar's (or the classes directory's) path, size and modification time, with the version. */
    static String id() {
        String version = Build.class.getPackage().getImplementationVersion();
        try {
            Path code = Path.of(Build.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path stamp = Files.isDirectory(code) ? code.resolve("org/kvlint/index/Build.class") : code;
            return version + ":" + code + ":" + Files.size(stamp) + ":" + Files.getLastModifiedTime(stamp).toMillis();
        } catch (URISyntaxException | java.io.IOException | RuntimeException e) {
            return version + ":unknown";
        }
    }
}
