package org.kvlint.index;

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
}
