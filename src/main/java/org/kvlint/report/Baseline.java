package org.kvlint.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.kvlint.source.AtomicWrite;
import org.kvlint.source.RegularFile;
import org.kvlint.source.SourceReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Findings a project has accepted, so that a check reports only new ones. Matched by kvlint's
 * fingerprint ({@link Fingerprint#KVLINT}), never by line: moving code or editing elsewhere in
 * the file keeps a finding suppressed; changing the flagged code, the file's path or the rule
 * brings it back.
 *
 * <p>The file is JSON, {@code "kind": "kvlint-baseline"}, {@code "formatVersion": 1}, entries sorted
 * by path, rule and fingerprint, with no line numbers or versions, so re-recording an unchanged
 * tree rewrites the same bytes and a diff of the file shows exactly what was accepted or fixed.
 *
 * @param entries one per accepted finding
 */
public record Baseline(List<Entry> entries) {
    public static final String KIND = "kvlint-baseline";
    public static final int FORMAT_VERSION = 1;
    /** A whole kernel's baseline is a few hundred KB; anything near this is not one. */
    static final long MAX_BYTES = 256L << 20;
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::path).thenComparing(Entry::ruleId)
            .thenComparing(Entry::fingerprint);

    /**
     * @param fingerprint what is matched
     * @param ruleId the rest is for the people who read the file
     * @param path relative to the source root
     * @param message the finding's message when it was recorded
     */
    public record Entry(String fingerprint, String ruleId, String path, String message) {}

    public Baseline {
        entries = entries.stream().sorted(ORDER).toList();
    }

    /** Every finding of a report. */
    public static Baseline of(Report report) {
        return new Baseline(report.findings().stream().map(r -> new Entry(r.fingerprint(), r.finding().ruleId(),
                r.artifact().path(), r.finding().message())).toList());
    }

    public Set<String> fingerprints() {
        return entries.stream().map(Entry::fingerprint).collect(Collectors.toUnmodifiableSet());
    }

    /** The report without the findings recorded here, with the count it suppressed. */
    public Report apply(Report report) {
        return apply(report, "the baseline");
    }

    /** As {@link #apply(Report)}, naming the baseline file in what silenced each finding. */
    public Report apply(Report report, String file) {
        return report.without(fingerprints(), file);
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", KIND);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("fingerprint", Fingerprint.KVLINT);
        ArrayNode list = root.putArray("findings");
        for (Entry e : entries) {
            ObjectNode o = list.addObject();
            o.put("fingerprint", e.fingerprint());
            o.put("ruleId", e.ruleId());
            o.put("path", e.path());
            o.put("message", e.message());
        }
        return MAPPER.writeValueAsString(root) + "\n";
    }

    public void write(Path file) throws IOException {
        AtomicWrite.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a baseline file; a file of another kind or version is an error, not an empty baseline. */
    public static Baseline read(Path file) throws IOException {
        String json;
        try {
            json = SourceReader.readUtf8(file, MAX_BYTES);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such baseline file (record one with --write-baseline)", e);
        } catch (RegularFile.TooLargeException e) {
            throw new IOException(file + ": not a kvlint baseline (over " + (MAX_BYTES >> 20) + " MiB)", e);
        } catch (RegularFile.NotRegularException | java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not a kvlint baseline (" + SourceReader.why(e) + ")", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the baseline: " + SourceReader.why(e), e);
        }
        return parse(json, file.toString());
    }

    static Baseline parse(String json, String name) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IOException(name + ": not a kvlint baseline (invalid JSON: " + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !KIND.equals(root.path("kind").asString(""))) {
            throw new IOException(name + ": not a kvlint baseline (no \"kind\": \"" + KIND + "\")");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException(name + ": baseline format version " + version + " is not supported (want "
                    + FORMAT_VERSION + "); re-create it with --write-baseline");
        }
        if (!Fingerprint.KVLINT.equals(root.path("fingerprint").asString(""))) {
            throw new IOException(name + ": baseline fingerprints are " + root.path("fingerprint").asString("?")
                    + ", this kvlint computes " + Fingerprint.KVLINT + "; re-create it with --write-baseline");
        }
        List<Entry> entries = new java.util.ArrayList<>();
        for (JsonNode e : root.path("findings")) {
            String fp = e.path("fingerprint").asString("");
            if (fp.isEmpty()) {
                throw new IOException(name + ": a finding has no fingerprint");
            }
            entries.add(new Entry(fp, e.path("ruleId").asString(""), e.path("path").asString(""),
                    e.path("message").asString("")));
        }
        return new Baseline(entries);
    }
}
