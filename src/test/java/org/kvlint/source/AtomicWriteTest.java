package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @Test
    void replacesContentKeepsModeAndLeavesNoTempFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.c");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicWrite.write(f, "new".getBytes());
        assertEquals("new", Files.readString(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void newFilesAreWorldReadable(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/report.json");
        AtomicWrite.write(f, "{}".getBytes());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
