package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillTest {
    @Test
    void givesBackWhatItWasGivenFromTwoThreadsAndLeavesNoFileBehind(@TempDir Path dir) throws Exception {
        List<byte[]> given = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            byte[] b = new byte[random.nextInt(i % 50 == 0 ? 200_000 : 3_000)];
            random.nextBytes(b);
            given.add(b);
        }
        try (Spill spill = Spill.open(dir)) {
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "the scratch file is unlinked at once");
            }
            Spill.Stored[] stored = new Spill.Stored[given.size()];
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                int first = t;
                threads[t] = new Thread(() -> {
                    for (int i = first; i < given.size(); i += 2) {
                        stored[i] = spill.put(given.get(i).clone());
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long total = given.stream().mapToLong(b -> b.length).sum();
            assertEquals(total, spill.spilledBytes(), "all of it went to the file");
            for (int i = given.size() - 1; i >= 0; i--) {
                assertEquals(given.get(i).length, stored[i].length());
                assertArrayEquals(given.get(i), spill.get(stored[i]), "item " + i);
            }
        }
    }

    @Test
    void keepsTheBytesInMemoryWhenNoScratchFileCanBeMade(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-dir");
        try (Spill spill = Spill.open(missing)) {
            byte[] b = {1, 2, 3};
            Spill.Stored s = spill.put(b);
            assertArrayEquals(new byte[] {1, 2, 3}, spill.get(s));
            assertEquals(0, spill.spilledBytes());
        }
        assertTrue(Files.notExists(missing));
    }
}
