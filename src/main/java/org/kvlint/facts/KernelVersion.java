package org.kvlint.facts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel release as MAJOR.MINOR[.PATCH], ordered. */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
    /** Assumed when the scanned tree has no top-level Makefile and none is given. */
    public static final KernelVersion DEFAULT = new KernelVersion(6, 1, 0);

    private static final Pattern TEXT = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern MAKE_VAR = Pattern.compile("(?m)^(VERSION|PATCHLEVEL|SUBLEVEL)\\s*=\\s*(\\d*)\\s*$");

    public static KernelVersion parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a kernel version (want X.Y or X.Y.Z): " + text);
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** Reads VERSION/PATCHLEVEL/SUBLEVEL from a kernel top-level Makefile. */
    public static Optional<KernelVersion> fromMakefile(String makefile) {
        Integer v = null;
        Integer p = null;
        int s = 0;
        Matcher m = MAKE_VAR.matcher(makefile);
        while (m.find()) {
            if (m.group(2).isEmpty()) {
                continue;
            }
            int n = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "VERSION" -> v = v == null ? n : v;
                case "PATCHLEVEL" -> p = p == null ? n : p;
                default -> s = n;
            }
        }
        return v == null || p == null ? Optional.empty() : Optional.of(new KernelVersion(v, p, s));
    }

    /**
     * Finds the kernel tree around a scanned path: the nearest directory, from the path upwards,
     * whose Makefile sets VERSION and PATCHLEVEL, and that also has {@code Kbuild} or {@code init/}.
     */
    public static Optional<Detected> detect(Path scanned) {
        Path dir = scanned.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        for (; dir != null; dir = dir.getParent()) {
            Path makefile = dir.resolve("Makefile");
            if (Files.isRegularFile(makefile) && (Files.exists(dir.resolve("Kbuild")) || Files.isDirectory(dir.resolve("init")))) {
                try {
                    Optional<KernelVersion> v = fromMakefile(Files.readString(makefile, java.nio.charset.StandardCharsets.ISO_8859_1));
                    if (v.isPresent()) {
                        return Optional.of(new Detected(v.get(), dir));
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** A version found in a tree, with the tree's root. */
    public record Detected(KernelVersion version, Path root) {}

    public boolean atLeast(KernelVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KernelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
