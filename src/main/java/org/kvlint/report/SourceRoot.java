package org.kvlint.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kvlint.engine.ScanResult;
import org.kvlint.facts.KernelVersion;

/**
 * The directory report paths are relative to: SARIF's {@code %SRCROOT%}, the {@code file=} of GitHub
 * annotations, and part of every fingerprint. For GitHub it must be the repository root, since
 * code scanning reads a relative uri as repository-relative whatever the uriBaseId says.
 *
 * @param dir absolute, normalised, symlinks resolved when it exists
 */
public record SourceRoot(Path dir) {
    public SourceRoot {
        dir = real(dir);
    }

    /**
     * {@code --srcroot} when given; else the kernel tree the scan detected (its top-level Makefile's
     * directory), else the tree around the first target; else the current directory.
     */
    public static SourceRoot resolve(Optional<Path> explicit, ScanResult scan, List<String> targets) {
        if (explicit.isPresent()) {
            return new SourceRoot(explicit.get());
        }
        Path makefile = Path.of(scan.kernelSource());
        if (makefile.getFileName() != null && makefile.getFileName().toString().equals("Makefile")
                && Files.isRegularFile(makefile)) {
            return new SourceRoot(makefile.toAbsolutePath().getParent());
        }
        Optional<Path> tree = targets.isEmpty() ? Optional.empty()
                : KernelVersion.detect(Path.of(targets.getFirst())).map(KernelVersion.Detected::root);
        return new SourceRoot(tree.orElse(Path.of("")));
    }

    /**
     * Where a display path (as in {@code Finding.path()}) is, for reports.
     *
     * @param path '/'-separated and relative to the root when the file is under it, else absolute
     * @param uri {@code path} as a URI reference: percent-encoded relative path, or a {@code file:} URI
     * @param relative whether the file is under the root (then the uri is resolved against {@code %SRCROOT%})
     */
    public record Artifact(String path, String uri, boolean relative) {}

    public Artifact locate(String displayPath) {
        Path p = real(Path.of(displayPath));
        if (p.startsWith(dir) && !p.equals(dir)) {
            String rel = dir.relativize(p).toString().replace('\\', '/');
            return new Artifact(rel, encode(rel), true);
        }
        return new Artifact(p.toString(), p.toUri().toASCIIString(), false);
    }

    /**
     * Percent-encodes a relative '/'-separated path as an RFC 3986 path: unreserved characters and
     * sub-delimiters stay, everything else (space, '%', ':', '#', '?', non-ASCII...) becomes UTF-8
     * %XX. ':' is encoded too, since in a first segment it would read as a scheme.
     */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=@/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Absolute and normalised; symlinks resolved where the path exists (GitHub does not show symlinked paths). */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException | SecurityException e) {
            return abs;
        }
    }
}
