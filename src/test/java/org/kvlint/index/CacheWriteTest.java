package org.kvlint.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;
import org.kvlint.source.FileIdentity;

/** A cache that cannot be written is said once per run, and never fails the scan; values come back as written. */
class CacheWriteTest {
    @TempDir
    Path tmp;

    @Test
    void aValueComesBackOnlyForItsScopeAndKind() {
        List<String> notes = new ArrayList<>();
        Cache c = Cache.at(tmp.resolve("cache"), "build-1", notes::add);
        c.saveValue("tree A", "proofs", List.of("x", 1L));
        assertEquals(Optional.of(List.of("x", 1L)), c.loadValue("tree A", "proofs"));
        assertEquals(Optional.empty(), c.loadValue("tree B", "proofs"));
        assertEquals(Optional.empty(), c.loadValue("tree A", "other"));
        assertEquals(Optional.empty(), Cache.at(tmp.resolve("cache"), "build-2", notes::add).loadValue("tree A", "proofs"));
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void aCacheThatCannotBeWrittenIsSaidOnce() throws IOException {
        // a file where the cache's directory should be: nothing can be created below it, even by root
        Path notADirectory = tmp.resolve("cache");
        Files.writeString(notADirectory, "not a directory\n");
        List<String> notes = new ArrayList<>();
        Cache c = Cache.at(notADirectory, "build-1", notes::add);
        c.save("tree", 0, List.of(), List.of());
        c.saveValue("tree", "proofs", List.of("x"));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.getFirst().startsWith("kvlint: note: cannot write the cache in " + notADirectory + ": "),
                notes.getFirst());
        assertEquals("not a directory\n", Files.readString(notADirectory), "nothing of the user's is touched");
    }
    /**
     * Every part of an entry comes back as it was saved: hashes, diagnostics, the three arrays, the
     * suppressions, an analysis; paths and messages outside ASCII too, and a file's text larger than
     * the room the writer reserves for a pack of that many entries.
     */
    @Test
    void aPackComesBackAsItWasSaved() {
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String key = (i % 7 == 0 ? "drivers/t\u00e9l\u00e9/\u4e2d" : "drivers/x") + i + ".c";
            List<Diagnostic> diags = i % 5 == 0
                    ? List.of(new Diagnostic(key, Diagnostic.Severity.WARNING, "\u00ab caf\u00e9 \u00bb " + i, i % 10 == 0))
                    : List.of();
            int[] calls = new int[i % 40];
            for (int k = 0; k < calls.length; k++) {
                calls[k] = k * 0x01000193 - i;
            }
            FileDirectives directives = i % 9 == 0 ? new FileDirectives(List.of(new FileDirectives.Suppression(
                    FileDirectives.Kind.NOLINT, "KV004", 3, 1, 3, 3)), List.of()) : FileDirectives.NONE;
            StoredAnalysis analysis = i % 4 == 0 ? StoredAnalysis.of(new FileEntry.Analysis(List.of("helper" + i),
                    List.of(), List.of(), List.of(new FileEntry.Consult("returns", "helper" + i, -1, "a\u0000b")),
                    i, 10L * i, List.of(new FileEntry.Partly(i, "f")), i == 0 ? new byte[1 << 20]
                    : i % 8 == 0 ? new byte[] {1, 2, (byte) i} : null))
                    : null;
            entries.add(new FileEntry(key, new FileIdentity(i, 1_000_000_007L * i, 42 + i, 7), i % 3 == 0
                    ? new byte[] {(byte) i, 9, 8} : null, diags, 100 + i,
                    new FileEntry.Calls(calls, i % 2 == 0, new int[] {i}, i % 6 == 0 ? new int[] {-i, i} : new int[0]),
                    directives, analysis));
        }
        Cache c = Cache.at(tmp.resolve("cache"), "build-1", msg -> { });
        c.save("tree \u00e9", 123L, entries, List.of("helper1", "h\u00e9lper2"));
        Cache.Pack back = c.load("tree \u00e9");
        assertEquals(123L, back.scanStartNanos());
        assertEquals(List.of("helper1", "h\u00e9lper2"), back.interesting());
        assertEquals(entries.size(), back.entries().size());
        for (int i = 0; i < entries.size(); i++) {
            FileEntry a = entries.get(i);
            FileEntry b = back.entries().get(i);
            assertEquals(a.key(), b.key());
            assertEquals(a.identity(), b.identity());
            assertArrayEquals(a.contentHash(), b.contentHash());
            assertEquals(a.diagnostics(), b.diagnostics());
            assertEquals(a.size(), b.size());
            assertArrayEquals(a.calls().names(), b.calls().names());
            assertEquals(a.callsToken(), b.callsToken());
            assertArrayEquals(a.calls().freedFields(), b.calls().freedFields());
            assertArrayEquals(a.calls().defines(), b.calls().defines());
            assertEquals(a.directives(), b.directives());
            assertEquals(a.analysis() == null, b.analysis() == null, a.key());
            if (a.analysis() != null) {
                assertEquals(a.analysis().get(), b.analysis().get());
                assertEquals(a.analysis().counts(), b.analysis().counts());
            }
        }
    }
}
