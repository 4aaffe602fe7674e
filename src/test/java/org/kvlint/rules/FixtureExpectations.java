package org.kvlint.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expectations written inside a fixture:
 * {@code expect: KV001[, KV004]} on the line of each expected finding,
 * {@code ok: KV001} on lines that must stay clean (documents a negative case),
 * {@code todo-expect: KV001} for a known miss (must not be found yet; promote it when it is),
 * and an optional {@code kvlint: kernel-version X.Y} line for the target kernel.
 */
record FixtureExpectations(List<Marker> markers, Optional<String> kernelVersion) {
    private static final Pattern MARKER = Pattern.compile("\\b(expect|ok|todo-expect):\\s*(KV\\d{3}(?:\\s*,\\s*KV\\d{3})*)");
    private static final Pattern KERNEL = Pattern.compile("kvlint:\\s*kernel-version\\s+(\\d+\\.\\d+(?:\\.\\d+)?)");

    enum Kind { EXPECT, OK, TODO }

    record Marker(int line, Kind kind, String ruleId) {}

    static FixtureExpectations read(Path fixture) throws IOException {
        List<String> lines = Files.readAllLines(fixture, StandardCharsets.ISO_8859_1);
        List<Marker> markers = new ArrayList<>();
        Optional<String> kernel = Optional.empty();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            while (m.find()) {
                Kind kind = switch (m.group(1)) {
                    case "expect" -> Kind.EXPECT;
                    case "ok" -> Kind.OK;
                    default -> Kind.TODO;
                };
                for (String id : m.group(2).split("\\s*,\\s*")) {
                    markers.add(new Marker(i + 1, kind, id.strip()));
                }
            }
            Matcher k = KERNEL.matcher(lines.get(i));
            if (k.find()) {
                kernel = Optional.of(k.group(1));
            }
        }
        return new FixtureExpectations(List.copyOf(markers), kernel);
    }

    List<Marker> of(Kind kind) {
        return markers.stream().filter(m -> m.kind() == kind).toList();
    }
}
