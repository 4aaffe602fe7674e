package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** issue 15: a new series never lands beside old patches, and --force removes old patches only. */
class PatchDirectoryTest {
    @Test
    void aMissingOrEmptyDirectoryIsReady(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), PatchDirectory.prepare(dir.resolve("new"), false));
        assertEquals(List.of(), PatchDirectory.prepare(dir, false));
    }

    @Test
    void aDirectoryWithAnythingInItIsRefusedWithoutForce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        PatchDirectory.Refused e = assertThrows(PatchDirectory.Refused.class, () -> PatchDirectory.check(dir, false));
        assertEquals(dir + ": directory is not empty (1 entry); use --force to remove its old *.patch files first, "
                + "or choose an empty directory", e.getMessage());
        Path file = dir.resolve("notes.txt");
        assertThrows(PatchDirectory.Refused.class, () -> PatchDirectory.check(file, true), "not a directory");
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void forceRemovesOldPatchesAndNothingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("0001-old.patch"), "old");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Path series = Files.createDirectories(dir.resolve("gfs2"));
        Files.writeString(series.resolve("0000-cover-letter.patch"), "old");
        Files.writeString(series.resolve("0001-old.patch"), "old");
        Path mixed = Files.createDirectories(dir.resolve("drbd"));
        Files.writeString(mixed.resolve("0001-old.patch"), "old");
        Files.writeString(mixed.resolve("review.txt"), "mine");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path deep = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(deep.resolve("0001-deep.patch"), "two levels down: not ours to judge");
        Path outside = Files.createTempFile("kvlint-outside", ".patch");
        Files.createSymbolicLink(dir.resolve("0002-link.patch"), outside);
        try {
            List<Path> removed = PatchDirectory.prepare(dir, true);
            assertEquals(4, removed.size(), removed.toString());
            assertFalse(Files.exists(dir.resolve("0001-old.patch")));
            assertFalse(Files.exists(series), "a series directory that held only patches goes");
            assertTrue(Files.exists(mixed.resolve("review.txt")));
            assertFalse(Files.exists(mixed.resolve("0001-old.patch")));
            assertTrue(Files.isDirectory(empty), "an empty directory that held no patch stays");
            assertTrue(Files.exists(deep.resolve("0001-deep.patch")));
            assertTrue(Files.exists(dir.resolve("notes.txt")));
            assertTrue(Files.isSymbolicLink(dir.resolve("0002-link.patch")), "a link is not a patch file");
            assertTrue(Files.exists(outside));
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
