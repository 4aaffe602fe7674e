package org.kvlint.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The allocator API table, loaded once from {@code rules/allocators.yaml} (a classpath resource).
 * Immutable; share one instance.
 */
public final class AllocatorApi {
    private final Map<String, ApiFunction> byName;

    private AllocatorApi(Map<String, ApiFunction> byName) {
        this.byName = byName;
    }

    /** The table shipped with kvlint. */
    public static AllocatorApi standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final AllocatorApi STANDARD = load();
    }

    static AllocatorApi load() {
        try (InputStream in = AllocatorApi.class.getClassLoader().getResourceAsStream("rules/allocators.yaml")) {
            if (in == null) {
                throw new IllegalStateException("rules/allocators.yaml missing from the classpath");
            }
            ObjectMapper yaml = new YAMLMapper();
            JsonNode root = yaml.readTree(in);
            Map<String, ApiFunction> map = new LinkedHashMap<>();
            for (JsonNode row : root.get("allocators")) {
                ApiFunction f = parseRow(row);
                if (map.put(f.name(), f) != null) {
                    throw new IllegalStateException("allocators.yaml: duplicate " + f.name());
                }
            }
            return new AllocatorApi(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiFunction parseRow(JsonNode row) {
        String name = row.get("name").asString();
        ApiFunction.Role role = ApiFunction.Role.valueOf(row.get("role").asString().toUpperCase());
        ApiFunction.Family family = row.has("family")
                ? ApiFunction.Family.valueOf(row.get("family").asString().toUpperCase()) : null;
        List<ApiFunction.Family> frees = new ArrayList<>();
        if (row.has("frees")) {
            row.get("frees").forEach(f -> frees.add(ApiFunction.Family.valueOf(f.asString().toUpperCase())));
        }
        List<Integer> size = new ArrayList<>();
        if (row.has("size")) {
            row.get("size").forEach(i -> size.add(i.asInt()));
        }
        return new ApiFunction(name, role, family, List.copyOf(frees), List.copyOf(size),
                row.has("gfp") ? row.get("gfp").asInt() : -1,
                row.has("implied") ? row.get("implied").asString() : null,
                row.has("node") ? row.get("node").asInt() : -1,
                row.has("zero") ? ApiFunction.Zeroing.valueOf(row.get("zero").asString().toUpperCase())
                        : ApiFunction.Zeroing.NEVER,
                row.has("kv") ? row.get("kv").asString() : null,
                !row.has("kvfallback") || row.get("kvfallback").asBoolean(),
                KernelVersion.parse(row.get("since").asString()),
                row.has("frees-all-since") ? KernelVersion.parse(row.get("frees-all-since").asString()) : null,
                row.has("free") ? row.get("free").asString() : null);
    }

    public Optional<ApiFunction> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public ApiFunction get(String name) {
        ApiFunction f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("not in the allocator table: " + name);
        }
        return f;
    }

    public Collection<ApiFunction> all() {
        return byName.values();
    }

    /** The rows {@code keep} accepts (e.g. what the allocator model executes), in table order. */
    public AllocatorApi only(java.util.function.Predicate<ApiFunction> keep) {
        Map<String, ApiFunction> map = new LinkedHashMap<>();
        byName.forEach((n, f) -> {
            if (keep.test(f)) {
                map.put(n, f);
            }
        });
        return map.size() == byName.size() ? this : new AllocatorApi(map);
    }

    /**
     * The zeroing twin of a kvmalloc-family allocator: same shape (size arguments, node), always
     * zeroing (kvmalloc → kvzalloc, kvmalloc_array → kvcalloc). Itself when it always zeroes.
     */
    public Optional<ApiFunction> zeroingTwin(ApiFunction f) {
        if (f.zero() == ApiFunction.Zeroing.ALWAYS) {
            return Optional.of(f);
        }
        return byName.values().stream()
                .filter(g -> g.role() == f.role() && g.family() == f.family()
                        && g.sizeArgs().equals(f.sizeArgs()) && g.nodeArg() == f.nodeArg()
                        && g.gfpArg() == f.gfpArg() && g.zero() == ApiFunction.Zeroing.ALWAYS)
                .findFirst();
    }

    /**
     * The table functions whose call makes a file matter by itself: every vmalloc-family and
     * kvmalloc-family function, the queries ({@code is_vmalloc_addr}), and the frees that release
     * vmalloc memory. A file calling none of them can only matter through a helper it calls.
     */
    public Set<String> tokenNames() {
        TreeSet<String> names = new TreeSet<>();
        for (ApiFunction f : byName.values()) {
            boolean relevant = f.family() == ApiFunction.Family.VMALLOC || f.family() == ApiFunction.Family.KV
                    || f.role() == ApiFunction.Role.QUERY
                    || (f.isFree() && (f.freesCorrectly(ApiFunction.Family.VMALLOC) || f.freesCorrectly(ApiFunction.Family.KV)));
            if (relevant) {
                names.add(f.name());
            }
        }
        return names;
    }

    /**
     * Byte strings at least one of which appears in every file that mentions vmalloc-family or
     * kvmalloc-family memory: derived from the table, minimal (no token contains another).
     */
    public Set<String> prefilterTokens() {
        Set<String> names = tokenNames();
        TreeSet<String> minimal = new TreeSet<>();
        for (String n : names) {
            boolean covered = names.stream().anyMatch(o -> !o.equals(n) && n.contains(o));
            if (!covered) {
                minimal.add(n);
            }
        }
        return minimal;
    }
}
