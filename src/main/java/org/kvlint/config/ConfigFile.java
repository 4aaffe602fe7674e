package org.kvlint.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleCatalog;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Finds and reads {@code .kvlint.toml}. The file (all keys optional):
 * <pre>
 * select = ["KV001", "kfree-of-vmalloc-memory"]   # rule ids or names; default: every rule
 * ignore = ["KV009"]
 * kernel-version = "5.10"
 * fail-on = "warning"                             # error | warning | note
 *
 * [severity]                                      # a level per rule, replacing the rule's
 * KV008 = "warning"
 *
 * [per-path-ignores]                              # glob (relative to this file) = rules
 * "drivers/staging/**" = ["KV001", "KV009"]
 * "*.h" = ["KV007"]                               # no '/': a file name in any directory
 * </pre>
 * Parsed with Jackson's TOML reader; every mistake is a {@link ConfigException} that says
 * {@code FILE:LINE: message}. Unknown keys are mistakes too: a misspelt {@code slect} must not
 * silently report every rule.
 */
public final class ConfigFile {
    public static final String NAME = ".kvlint.toml";
    private static final Set<String> TOP_KEYS = Set.of("select", "ignore", "kernel-version", "fail-on", "severity",
            "per-path-ignores");
    private static final TomlMapper TOML = TomlMapper.builder().build();

    private ConfigFile() {}

    /**
     * The nearest {@code .kvlint.toml} in {@code start} (a file's directory) or a directory above it;
     * when there is none above the path as typed, the nearest above the path it leads to (links
     * resolved): a tree reached through a link ({@code /usr/src/linux}) keeps the config above its
     * real directory, as its scan keeps the real tree.
     */
    public static Optional<Path> find(Path start) {
        Path typed = start.toAbsolutePath().normalize();
        Optional<Path> found = nearest(typed);
        if (found.isPresent()) {
            return found;
        }
        try {
            Path real = start.toRealPath();
            return real.equals(typed) ? Optional.empty() : nearest(real);
        } catch (java.io.IOException | SecurityException e) {
            return Optional.empty(); // no such path: nothing more to find than above it as typed
        }
    }

    private static Optional<Path> nearest(Path start) {
        Path dir = start;
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Reads and checks a config file. */
    public static Config read(Path file, RuleCatalog catalog) throws ConfigException {
        String text;
        try {
            text = org.kvlint.source.SourceReader.readUtf8(file, 1 << 20);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read: " + org.kvlint.source.SourceReader.why(e));
        }
        return parse(file, text, catalog);
    }

    static Config parse(Path file, String text, RuleCatalog catalog) throws ConfigException {
        String name = file.toString();
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(name, line, "not valid TOML: " + e.getOriginalMessage().strip());
        }
        Lines lines = Lines.of(text);
        Checker c = new Checker(name, lines, catalog);
        for (String key : names(root)) {
            if (!TOP_KEYS.contains(key)) {
                throw c.error("", key, "unknown key '" + key + "' (known: " + String.join(", ", new TreeSet<>(TOP_KEYS))
                        + ")");
            }
        }
        Set<String> select = c.rules("", "select", root.get("select"));
        Set<String> ignore = c.rules("", "ignore", root.get("ignore"));
        Optional<KernelVersion> kernel = Optional.empty();
        if (root.has("kernel-version")) {
            String v = c.string("", "kernel-version", root.get("kernel-version"));
            try {
                kernel = Optional.of(KernelVersion.parse(v));
            } catch (IllegalArgumentException e) {
                throw c.error("", "kernel-version", e.getMessage());
            }
        }
        Optional<Level> failOn = root.has("fail-on")
                ? Optional.of(c.level("", "fail-on", root.get("fail-on"))) : Optional.empty();
        Map<String, Level> levels = new HashMap<>();
        JsonNode severity = c.table("severity", root.get("severity"));
        for (String rule : names(severity)) {
            String id = c.rule("severity", rule, rule);
            levels.put(id, c.level("severity", rule, severity.get(rule)));
        }
        List<Map.Entry<String, Set<String>>> perPath = new ArrayList<>();
        JsonNode paths = c.table("per-path-ignores", root.get("per-path-ignores"));
        for (String glob : names(paths)) {
            if (glob.isBlank() || glob.startsWith("/")) {
                throw c.error("per-path-ignores", glob, "per-path-ignores: want a glob relative to " + NAME
                        + "'s directory, got '" + glob + "'");
            }
            perPath.add(new AbstractMap.SimpleImmutableEntry<>(glob, c.rules("per-path-ignores", glob, paths.get(glob))));
        }
        return new Config(Optional.of(file), select, ignore, perPath, kernel, levels, failOn);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.propertyNames().forEach(out::add);
        }
        return out;
    }

    /** Checks values, naming the line of the key they belong to. */
    private record Checker(String file, Lines lines, RuleCatalog catalog) {
        ConfigException error(String table, String key, String message) {
            return new ConfigException(file, lines.of(table, key), message);
        }

        JsonNode table(String key, JsonNode node) throws ConfigException {
            if (node == null) {
                return null;
            }
            if (!node.isObject()) {
                throw error("", key, key + ": want a table ([" + key + "])");
            }
            return node;
        }

        String string(String table, String key, JsonNode node) throws ConfigException {
            if (!node.isString()) {
                throw error(table, key, key + ": want a string, got " + node);
            }
            return node.asString();
        }

        Level level(String table, String key, JsonNode node) throws ConfigException {
            String v = string(table, key, node);
            try {
                return Level.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(table, key, key + ": unknown level '" + v + "' (want error, warning or note)");
            }
        }

        Set<String> rules(String table, String key, JsonNode node) throws ConfigException {
            Set<String> ids = new TreeSet<>();
            if (node == null) {
                return ids;
            }
            if (!node.isArray()) {
                throw error(table, key, key + ": want a list of rule ids or names, e.g. [\"KV001\"]");
            }
            for (JsonNode n : node) {
                ids.add(rule(table, key, string(table, key, n)));
            }
            return ids;
        }

        String rule(String table, String key, String idOrName) throws ConfigException {
            return catalog.byIdOrName(idOrName).orElseThrow(() -> error(table, key, "unknown rule '" + idOrName + "' (see 'kvlint rules')")).id();
        }
    }

    /**
     * Where each key is defined: Jackson's TOML reader keeps no positions, so the lines are found
     * again in the text, by table header and key. Enough for this flat format; a key not found
     * (e.g. written as a dotted key) is reported at line 0, i.e. without a line.
     */
    record Lines(Map<String, Integer> byKey) {
        private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\\s*]");
        private static final Pattern KEY = Pattern.compile("^\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[A-Za-z0-9_-]+)\\s*=");

        static Lines of(String text) {
            Map<String, Integer> byKey = new LinkedHashMap<>();
            String table = "";
            String[] all = text.split("\n", -1);
            for (int i = 0; i < all.length; i++) {
                Matcher h = HEADER.matcher(all[i]);
                if (h.find()) {
                    table = unquote(h.group(1));
                    byKey.putIfAbsent(table + "\0", i + 1);
                    continue;
                }
                Matcher k = KEY.matcher(all[i]);
                if (k.find()) {
                    byKey.putIfAbsent(table + "\0" + unquote(k.group(1)), i + 1);
                }
            }
            return new Lines(byKey);
        }

        /** The line of {@code key} in {@code table} ("" = top level); a table's own header for key "". */
        int of(String table, String key) {
            Integer line = byKey.get(table + "\0" + key);
            if (line == null && table.isEmpty()) {
                line = byKey.get(key + "\0"); // a table named at top level: its header
            }
            return line == null ? 0 : line;
        }

        private static String unquote(String s) {
            return s.length() >= 2 && (s.startsWith("\"") || s.startsWith("'")) ? s.substring(1, s.length() - 1) : s;
        }
    }
}
