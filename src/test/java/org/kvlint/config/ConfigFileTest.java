package org.kvlint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Level;
import org.kvlint.rules.RuleCatalog;

class ConfigFileTest {
    private static final Path FILE = Path.of("proj/.kvlint.toml");

    private static Config parse(String text) throws ConfigException {
        return ConfigFile.parse(FILE, text, RuleCatalog.standard());
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void everyKey() throws ConfigException {
        Config c = parse("""
                # kvlint settings
                select = ["KV001", "kfree-of-vmalloc-memory"]
                ignore = ["kv009"]
                kernel-version = "5.10"
                fail-on = "error"

                [severity]
                KV008 = "warning"
                open-coded-kvfree = "warning"

                [per-path-ignores]
                "drivers/staging/**" = ["KV001", "KV009"]
                "*.h" = ["KV007"]
                """);
        assertEquals(Set.of("KV001", "KV004"), c.select());
        assertEquals(Set.of("KV009"), c.ignore());
        assertEquals(Optional.of(new KernelVersion(5, 10, 0)), c.kernel());
        assertEquals(Optional.of(Level.ERROR), c.failOn());
        assertEquals(Map.of("KV008", Level.WARNING, "KV003", Level.WARNING), c.levels());
        assertEquals(List.of(Map.entry("drivers/staging/**", Set.of("KV001", "KV009")), Map.entry("*.h", Set.of("KV007"))),
                c.perPathIgnores().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
        assertEquals(Path.of("proj").toAbsolutePath(), c.base());
    }

    @Test
    void emptyFileIsEveryDefault() throws ConfigException {
        Config c = parse("# nothing\n");
        assertEquals(Set.of(), c.select());
        assertEquals(Optional.empty(), c.failOn());
    }

    @Test
    void mistakesNameFileAndLine() {
        assertEquals(FILE + ":3: unknown key 'slect' (known: fail-on, ignore, kernel-version, per-path-ignores, select, severity)",
                error("ignore = []\n\nslect = [\"KV001\"]\n"));
        assertEquals(FILE + ":2: unknown rule 'KV999' (see 'kvlint rules')",
                error("# x\nselect = [\n  \"KV001\",\n  \"KV999\",\n]\n"));
        assertEquals(FILE + ":4: KV008: unknown level 'fatal' (want error, warning or note)",
                error("select = []\n\n[severity]\nKV008 = \"fatal\"\n"));
        assertEquals(FILE + ":3: unknown rule 'no-such-rule' (see 'kvlint rules')",
                error("[per-path-ignores]\n\"a/**\" = [\"KV001\"]\n\"b/**\" = [\"no-such-rule\"]\n"));
        assertEquals(FILE + ":2: not a kernel version (want X.Y or X.Y.Z): six",
                error("select = []\nkernel-version = \"six\"\n"));
        assertEquals(FILE + ":1: fail-on: unknown level 'warn' (want error, warning or note)", error("fail-on = \"warn\"\n"));
        assertEquals(FILE + ":1: select: want a list of rule ids or names, e.g. [\"KV001\"]", error("select = \"KV001\"\n"));
        assertEquals(FILE + ":2: severity: want a table ([severity])", error("\nseverity = 3\n"));
        assertEquals(FILE + ":2: unknown rule 'KV123' (see 'kvlint rules')", error("[severity]\nKV123 = \"note\"\n"));
        assertEquals(FILE + ":2: per-path-ignores: want a glob relative to .kvlint.toml's directory, got '/abs/**'",
                error("[per-path-ignores]\n\"/abs/**\" = [\"KV001\"]\n"));
    }

    @Test
    void syntaxErrorsCarryTheParsersLine() {
        String m = error("select = [\"KV001\"]\nignore = [\"KV009\"\nfail-on = \"note\"\n");
        org.junit.jupiter.api.Assertions.assertTrue(m.startsWith(FILE + ":3: not valid TOML: "), m);
    }

    @Test
    void foundUpwardsFromAPath(@TempDir Path dir) throws IOException {
        Path deep = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(dir.resolve("a/.kvlint.toml"), "");
        Path file = Files.writeString(deep.resolve("x.c"), "");
        assertEquals(Optional.of(dir.resolve("a/.kvlint.toml")), ConfigFile.find(file));
        assertEquals(Optional.of(dir.resolve("a/.kvlint.toml")), ConfigFile.find(deep));
        assertEquals(Optional.of(dir.resolve("a/.kvlint.toml")), ConfigFile.find(dir.resolve("a")));
    }

    /**
     * Through a link to a tree, the config above the path as typed comes first; with none there,
     * the one above the tree's real directory.
     */
    @Test
    void foundAboveTheRealTreeWhenNoneIsAboveTheLink(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("home/me/linux/drivers"));
        Files.writeString(dir.resolve("home/me/.kvlint.toml"), "");
        Path src = Files.createDirectories(dir.resolve("usr/src"));
        Path link = Files.createSymbolicLink(src.resolve("linux"), dir.resolve("home/me/linux"));
        Path file = Files.writeString(tree.resolve("x.c"), "");
        Path above = dir.toRealPath().resolve("home/me/.kvlint.toml");
        assertEquals(Optional.of(above), ConfigFile.find(link.resolve("drivers/x.c")));
        assertEquals(Optional.of(above), ConfigFile.find(link));
        Files.writeString(dir.resolve("usr/.kvlint.toml"), "");
        assertEquals(Optional.of(dir.resolve("usr/.kvlint.toml")), ConfigFile.find(link.resolve("drivers/x.c")));
        assertEquals(Optional.of(dir.resolve("home/me/.kvlint.toml")), ConfigFile.find(file));
        assertEquals(Optional.empty(), ConfigFile.find(dir.resolve("nowhere/y.c")).filter(p -> p.startsWith(dir)));
    }
}
