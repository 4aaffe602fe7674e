package org.kvlint.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * A kernel tree's {@code MAINTAINERS}: who looks after which files, read the way
 * {@code scripts/get_maintainer.pl} reads it, to cut a patch set into one series per subsystem.
 *
 * <p>An entry is a name line followed by {@code X:\tvalue} lines. {@code F:} and {@code X:} are
 * path patterns ({@code *} and {@code ?} globs; a trailing {@code /}, or a pattern naming a
 * directory, covers everything below it; otherwise the pattern matches files at its own depth),
 * {@code N:} is a regular expression on the path. A file belongs to the entry whose pattern
 * matches it most specifically: get_maintainer.pl's "pattern depth" (the slashes of the pattern,
 * one more when it does not end in {@code /}; {@code N:} counts 0; the catch-all {@code *} of THE
 * REST counts -1), ties broken by a maintained status and a listed maintainer, then file order.
 */
public record Maintainers(List<Entry> entries) {
    public Maintainers {
        entries = List.copyOf(entries);
    }

    /**
     * One entry.
     *
     * @param name the entry's title line, e.g. "GFS2 FILE SYSTEM"
     * @param status its S: line ("" when none)
     * @param maintainers its M: lines
     * @param files its F: patterns
     * @param excluded its X: patterns
     * @param names its N: regular expressions
     */
    public record Entry(String name, String status, List<String> maintainers, List<PathPattern> files,
                        List<PathPattern> excluded, List<Pattern> names) {
        public Entry {
            maintainers = List.copyOf(maintainers);
            files = List.copyOf(files);
            excluded = List.copyOf(excluded);
            names = List.copyOf(names);
        }

        /** Maintained or supported, with someone named: what get_maintainer.pl calls an exact match. */
        boolean lookedAfter() {
            String s = status.toLowerCase(java.util.Locale.ROOT);
            return !maintainers.isEmpty() && (s.startsWith("maintained") || s.startsWith("supported"));
        }
    }

    /**
     * An F: or X: pattern, compiled as get_maintainer.pl compiles it.
     *
     * @param text as written in MAINTAINERS
     * @param regex anchored at the start of the path
     * @param directory whether it covers a whole directory tree (a trailing slash, given or added)
     * @param depth get_maintainer.pl's pattern depth
     */
    public record PathPattern(String text, Pattern regex, boolean directory, int depth) {
        /** As get_maintainer.pl: {@code .} literal, {@code *} any run, {@code ?} one character, the rest regex. */
        static Optional<PathPattern> of(String text, Predicate<String> isDirectory) {
            String value = text.replace(".", "\\.").replace("*", ".*").replace("?", ".");
            if (!value.endsWith("/") && isDirectory.test(text)) {
                value += "/";
            }
            try {
                Pattern regex = Pattern.compile("^" + value);
                int depth = (int) value.chars().filter(c -> c == '/').count() + (value.endsWith("/") ? 0 : 1);
                if (value.startsWith(".*")) {
                    depth = -1;
                }
                return Optional.of(new PathPattern(text, regex, value.endsWith("/"), depth));
            } catch (PatternSyntaxException e) {
                return Optional.empty(); // get_maintainer.pl would die on it; one bad line must not cost the rest
            }
        }

        /** The directory the pattern covers for {@code path}, when it matches ("" at the top). */
        Optional<String> match(String path) {
            Matcher m = regex.matcher(path);
            if (!m.lookingAt()) {
                return Optional.empty();
            }
            if (directory) {
                String dir = path.substring(0, m.end());
                return Optional.of(dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir);
            }
            // a file pattern matches only at its own depth
            boolean sameDepth = slashes(path) == slashes(regex.pattern().substring(1));
            return sameDepth ? Optional.of(Subsystem.directoryOf(path)) : Optional.empty();
        }
    }

    /**
     * The entry a file belongs to.
     *
     * @param directory the directory the matching pattern covers for this file (the file's own
     *     directory for a file pattern or an N: match), '/'-separated
     * @param depth the match's pattern depth (higher is more specific)
     */
    public record Match(Entry entry, String directory, int depth) {}

    /** The most specific entry for a tree-relative, '/'-separated path; empty when only a catch-all matches. */
    public Optional<Match> entryFor(String path) {
        List<Match> matches = new ArrayList<>();
        for (Entry e : entries) {
            if (e.excluded().stream().anyMatch(x -> x.match(path).isPresent())) {
                continue;
            }
            Match best = null;
            for (PathPattern p : e.files()) {
                Optional<String> dir = p.match(path);
                if (dir.isPresent() && (best == null || p.depth() > best.depth())) {
                    best = new Match(e, dir.get(), p.depth());
                }
            }
            if (best == null && e.names().stream().anyMatch(n -> n.matcher(path).find())) {
                best = new Match(e, Subsystem.directoryOf(path), 0);
            }
            if (best != null && best.depth() >= 0) {
                matches.add(best);
            }
        }
        // stable: among equals, the first entry of the file wins
        return matches.stream().max(Comparator.comparingInt(Match::depth)
                .thenComparing(m -> m.entry().lookedAfter())
                .thenComparing(Comparator.comparingInt((Match m) -> entries.indexOf(m.entry())).reversed()));
    }

    /**
     * Reads {@code root/MAINTAINERS} (a file, or a directory of files as get_maintainer.pl allows).
     *
     * @return empty when there is none or it cannot be read
     */
    public static Optional<Maintainers> read(Path root) {
        Path path = root.resolve("MAINTAINERS");
        try {
            List<String> texts = new ArrayList<>();
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                        if (Files.isRegularFile(p)) {
                            texts.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
                        }
                    }
                }
            } else if (Files.isRegularFile(path)) {
                texts.add(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
            } else {
                return Optional.empty();
            }
            return Optional.of(parse(String.join("\n\n", texts), rel -> Files.isDirectory(root.resolve(rel))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final Pattern FIELD = Pattern.compile("^([A-Z]):\\s*(.*)$");

    /**
     * Parses MAINTAINERS text.
     *
     * @param isDirectory whether a tree-relative path names a directory (a pattern naming one covers it all)
     */
    public static Maintainers parse(String text, Predicate<String> isDirectory) {
        List<Entry> out = new ArrayList<>();
        Builder current = null;
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank() || l.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = FIELD.matcher(l);
            if (!m.matches()) {
                if (current != null) {
                    current.build().ifPresent(out::add);
                }
                current = new Builder(l.strip());
                continue;
            }
            if (current == null) {
                continue;
            }
            String value = m.group(2).strip();
            switch (m.group(1)) {
                case "S" -> current.status = value;
                case "M" -> current.maintainers.add(value);
                case "F" -> PathPattern.of(value, isDirectory).ifPresent(current.files::add);
                case "X" -> PathPattern.of(value, isDirectory).ifPresent(current.excluded::add);
                case "N" -> {
                    try {
                        current.names.add(Pattern.compile(value, Pattern.COMMENTS));
                    } catch (PatternSyntaxException e) {
                        // skipped, as an unreadable pattern must not cost the other entries
                    }
                }
                default -> { }
            }
        }
        if (current != null) {
            current.build().ifPresent(out::add);
        }
        return new Maintainers(out);
    }

    private static final class Builder {
        final String name;
        String status = "";
        final List<String> maintainers = new ArrayList<>();
        final List<PathPattern> files = new ArrayList<>();
        final List<PathPattern> excluded = new ArrayList<>();
        final List<Pattern> names = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        /** An entry that covers files; the prose at the top of the file covers none. */
        Optional<Entry> build() {
            if (files.isEmpty() && names.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Entry(name, status, maintainers, files, excluded, names));
        }
    }

    private static int slashes(String s) {
        return (int) s.chars().filter(c -> c == '/').count();
    }
}
