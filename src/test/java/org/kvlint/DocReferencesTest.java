package org.kvlint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every document the project's docs and code cite is in the repository: each {@code name.md} named
 * exists, nothing points outside ({@code shared/docs}), and each "§n.m" of the allocator spec —
 * cited by the rule docs and by the allocator model's comments — is a section of
 * docs/allocator-semantics.md.
 */
class DocReferencesTest {
    private static final Path PROJECT = TestPaths.projectDir();
    private static final Pattern MD = Pattern.compile("\\b([A-Za-z0-9_.-]+\\.md)\\b");
    private static final Pattern SECTION = Pattern.compile("§(\\d+(?:\\.\\d+)*)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");

    private static List<Path> files(String dir, String suffix) throws IOException {
        Path root = PROJECT.resolve(dir);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The docs and code whose references must resolve. */
    private static List<Path> citing() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(PROJECT.resolve("README.md"));
        out.add(PROJECT.resolve("sarif-samples/README.md"));
        out.add(PROJECT.resolve("rules/allocators.yaml"));
        out.addAll(files("rules", ".md"));
        out.addAll(files("docs", ".md"));
        out.addAll(files("src/main/java", ".java"));
        return out;
    }

    @Test
    void everyNamedDocumentIsInTheRepository() throws IOException {
        Set<String> present = new HashSet<>();
        for (String dir : List.of(".", "docs", "rules", "sarif-samples", "bench", "examples")) {
            try (Stream<Path> s = Files.list(PROJECT.resolve(dir))) {
                s.forEach(p -> present.add(p.getFileName().toString()));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Path f : citing()) {
            String text = Files.readString(f);
            if (text.contains("shared/docs")) {
                missing.add(PROJECT.relativize(f) + ": cites shared/docs, which is not in the repository");
            }
            Matcher m = MD.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                // placeholders (rules/KVxxx.md, <ID>.md) and the rule docs by id
                boolean generated = text.startsWith("out/", Math.max(0, m.start() - 4)); // bench/out/: written by a script
                if (name.matches("KV(\\d{3}|xxx|nnn)\\.md") || present.contains(name) || generated) {
                    continue;
                }
                missing.add(PROJECT.relativize(f) + ": " + name);
            }
            if (f.toString().endsWith(".md")) {
                Matcher l = LINK.matcher(text);
                while (l.find()) {
                    String target = l.group(1);
                    if (!target.contains("://") && !target.startsWith("mailto:") && !target.matches("\\d+")
                            && !Files.exists(f.getParent().resolve(target))) {
                        missing.add(PROJECT.relativize(f) + ": link to " + target);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "references to documents not in the repository:\n" + String.join("\n", missing));
    }

    @Test
    void everyAllocatorSpecSectionExists() throws IOException {
        Set<String> sections = new HashSet<>();
        Pattern heading = Pattern.compile("(?m)^(?:#{2,4} |\\*\\*)(\\d+(?:\\.\\d+)*)\\.? ");
        Matcher h = heading.matcher(Files.readString(PROJECT.resolve("docs/allocator-semantics.md")));
        while (h.find()) {
            sections.add(h.group(1));
        }
        assertTrue(sections.containsAll(Set.of("1.1", "2.4", "5.5.9", "5.7")), sections.toString());
        List<Path> cite = new ArrayList<>(files("rules", ".md"));
        for (String pkg : List.of("alloc", "validate", "rules", "facts", "fix")) {
            cite.addAll(files("src/main/java/org/kvlint/" + pkg, ".java"));
        }
        List<String> unknown = new ArrayList<>();
        for (Path f : cite) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("SARIF §")) {
                    continue; // the SARIF specification's sections
                }
                Matcher m = SECTION.matcher(lines.get(i));
                while (m.find()) {
                    if (!sections.contains(m.group(1))) {
                        unknown.add(PROJECT.relativize(f) + ":" + (i + 1) + ": §" + m.group(1));
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "sections not in docs/allocator-semantics.md:\n" + String.join("\n", unknown));
    }
}
