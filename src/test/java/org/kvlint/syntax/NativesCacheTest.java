package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 6: natives are extracted once per version into the cache directory, with a
 * lock, not into a new /tmp directory per run; a damaged or half-extracted copy is replaced.
 */
class NativesCacheTest {
    private final AtomicInteger opened = new AtomicInteger();

    private NativesCache.Library lib(String name, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(b);
        return new NativesCache.Library(name, b.length, crc.getValue(), () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(b);
        });
    }

    private List<NativesCache.Library> libs() {
        return List.of(lib("libtree-sitter.so", "core library bytes"), lib("libtree-sitter-c.so", "grammar bytes"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void extractedOnceThenReused(@TempDir Path home) throws IOException {
        Path base = NativesCache.defaultBase(Map.of("HOME", home.toString())).orElseThrow();
        assertEquals(home.resolve(".cache/kvlint/natives"), base);
        Path first = NativesCache.extract(Optional.of(base), "0.1.0", libs());
        assertEquals(base.resolve(NativesCache.key("0.1.0", libs())), first);
        assertEquals("core library bytes", Files.readString(first.resolve("libtree-sitter.so")));
        Object inode = Files.getAttribute(first.resolve("libtree-sitter.so"), "unix:ino");
        opened.set(0);
        Path again = NativesCache.extract(Optional.of(base), "0.1.0", libs());
        assertEquals(first, again);
        assertEquals(0, opened.get(), "the second run reads nothing from the jar");
        assertEquals(inode, Files.getAttribute(again.resolve("libtree-sitter.so"), "unix:ino"), "nothing rewritten");
        assertEquals(List.of(".lock", first.getFileName().toString()), names(base), "no temp directory left");
    }

    @Test
    void xdgCacheHomeWins() {
        assertEquals(Path.of("/x/cache/kvlint/natives"),
                NativesCache.defaultBase(Map.of("HOME", "/h", "XDG_CACHE_HOME", "/x/cache")).orElseThrow());
        assertEquals(Optional.empty(), NativesCache.defaultBase(Map.of()));
    }

    @Test
    void anotherVersionOrLibraryGetsItsOwnDirectory() {
        assertNotEquals(NativesCache.key("0.1.0", libs()), NativesCache.key("0.2.0", libs()));
        assertNotEquals(NativesCache.key("0.1.0", libs()),
                NativesCache.key("0.1.0", List.of(lib("libtree-sitter.so", "rebuilt"), libs().get(1))));
    }

    @Test
    void aDamagedCopyAndAKilledExtractionAreReplaced(@TempDir Path base) throws IOException {
        Path dir = NativesCache.extract(Optional.of(base), "0.1.0", libs());
        Files.setPosixFilePermissions(dir.resolve("libtree-sitter.so"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("libtree-sitter.so"), "core librar"); // truncated
        Path killed = Files.createDirectories(base.resolve("." + dir.getFileName() + ".12345"));
        Files.writeString(killed.resolve("libtree-sitter.so"), "half");
        Path again = NativesCache.extract(Optional.of(base), "0.1.0", libs());
        assertEquals(dir, again);
        assertEquals("core library bytes", Files.readString(again.resolve("libtree-sitter.so")));
        assertEquals(List.of(".lock", dir.getFileName().toString()), names(base));
    }

    @Test
    void concurrentFirstRunsExtractOnce(@TempDir Path base) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit((Callable<Path>) () -> NativesCache.extract(Optional.of(base), "0.1.0", libs())));
            }
            Path dir = runs.getFirst().get();
            for (Future<Path> f : runs) {
                assertEquals(dir, f.get());
            }
            assertEquals(2, opened.get(), "each library read from the jar once");
            assertEquals(List.of(".lock", dir.getFileName().toString()), names(base));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnusableCacheFallsBackToAPrivateDirectory(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Path used = NativesCache.extract(Optional.of(notADir.resolve("natives")), "0.1.0", libs());
        assertFalse(used.startsWith(notADir));
        assertTrue(NativesCache.valid(used, libs()));
        assertTrue(used.getFileName().toString().startsWith("kvlint-natives-"));
        for (String n : names(used)) {
            Files.delete(used.resolve(n));
        }
        Files.delete(used);
    }
}
