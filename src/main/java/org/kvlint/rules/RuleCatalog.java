package org.kvlint.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every registered rule with its metadata. The rule list is explicit ({@link #RULES}); metadata
 * and docs come from {@code rules/<ID>.md} on the classpath.
 */
public final class RuleCatalog {
    /** The registry: one explicit list, in id order. */
    private static final List<Rule> RULES = List.of(
            new OpenCodedFallbackRule(),
            new SizeThresholdChoiceRule(),
            new OpenCodedKvfreeRule(),
            new KfreeOfVmallocRule(),
            new VfreeOfKmallocRule(),
            new AtomicContextKvmallocRule(),
            new SmallConstantKvmallocRule(),
            new InconsistentZeroingRule(),
            new OpenCodedZeroingRule());

    private final Map<String, RuleMeta> meta;
    private final List<Rule> rules;

    private RuleCatalog(List<Rule> rules, Map<String, RuleMeta> meta) {
        this.rules = rules;
        this.meta = meta;
    }

    public static RuleCatalog standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final RuleCatalog STANDARD = load(RULES);
    }

    static RuleCatalog load(List<Rule> rules) {
        Map<String, RuleMeta> meta = new LinkedHashMap<>();
        for (Rule r : rules) {
            RuleMeta m = readMeta(r.id());
            if (meta.put(m.id(), m) != null) {
                throw new IllegalStateException("two rules share the id " + m.id());
            }
        }
        return new RuleCatalog(rules, meta);
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<RuleMeta> metas() {
        return List.copyOf(meta.values());
    }

    public Optional<RuleMeta> meta(String id) {
        return Optional.ofNullable(meta.get(id.toUpperCase()));
    }

    /** A rule by id (any case) or by name ({@code kfree-of-vmalloc-memory}): how users may name rules. */
    public Optional<RuleMeta> byIdOrName(String idOrName) {
        Optional<RuleMeta> byId = meta(idOrName);
        if (byId.isPresent()) {
            return byId;
        }
        String name = idOrName.toLowerCase(java.util.Locale.ROOT);
        return meta.values().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public RuleMeta require(String id) {
        return meta(id).orElseThrow(() -> new IllegalArgumentException("unknown rule " + id));
    }

    static RuleMeta readMeta(String id) {
        String resource = "rules/" + id + ".md";
        try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return parse(id, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits "---\nyaml\n---\nbody" and reads the YAML. */
    static RuleMeta parse(String id, String markdown) {
        String text = markdown.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            throw new IllegalStateException("rules/" + id + ".md has no front matter");
        }
        int end = text.indexOf("\n---\n", 4);
        if (end < 0) {
            throw new IllegalStateException("rules/" + id + ".md: unterminated front matter");
        }
        JsonNode y = new YAMLMapper().readTree(text.substring(4, end));
        List<String> tags = new ArrayList<>();
        y.path("tags").forEach(t -> tags.add(t.asString()));
        List<Level> others = new ArrayList<>();
        y.path("other-levels").forEach(l -> others.add(Level.valueOf(l.asString().toUpperCase())));
        RuleMeta m = new RuleMeta(y.get("id").asString(), y.get("name").asString(), y.get("summary").asString(),
                Level.valueOf(y.get("level").asString().toUpperCase()), others, y.get("precision").asString(),
                y.get("fix").asString(), tags, y.path("kernel-since").asString(""), text.substring(end + 5).strip() + "\n");
        if (!m.id().equals(id)) {
            throw new IllegalStateException("rules/" + id + ".md declares id " + m.id());
        }
        return m;
    }
}
