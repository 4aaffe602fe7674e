package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 4: output goes where asked, and only there. A regular file or a new path is
 * replaced atomically (mode, owner and group kept); a device, FIFO or symlink is written into and
 * never replaced; errors name the user's path.
 */
class AtomicWriteTest {
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesContentKeepsModeAndLeavesNoTempFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.c");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicWrite.write(f, "new".getBytes());
        assertEquals("new", Files.readString(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("x.c"), list(dir));
    }

    @Test
    void newFilesAreWorldReadable(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("sub/report.json");
        AtomicWrite.write(f, "{}".getBytes());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aRegularFileIsReplacedNotWrittenInto(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("report.json");
        Files.writeString(f, "old");
        Object before = Files.getAttribute(f, "unix:ino");
        AtomicWrite.write(f, "new".getBytes());
        assertFalse(before.equals(Files.getAttribute(f, "unix:ino")), "a new inode: the old bytes were never torn");
    }

    @Test
    void ownerAndGroupAreKeptWhenReplacing(@TempDir Path dir) throws IOException {
        assumeTrue(root(), "only root may give a file away");
        Path f = dir.resolve("x.c");
        Files.writeString(f, "old");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 2345);
        Files.setAttribute(f, "unix:mode", 0640);
        AtomicWrite.replace(f, "new".getBytes(), AtomicWrite.Owner.MUST_KEEP);
        assertEquals(1234, Files.getAttribute(f, "unix:uid"));
        assertEquals(2345, Files.getAttribute(f, "unix:gid"));
        assertEquals(0640, (Integer) Files.getAttribute(f, "unix:mode") & 07777);
    }

    @Test
    void aSymlinkIsWrittenThroughAndStaysALink(@TempDir Path dir) throws IOException {
        Path real = dir.resolve("real.json");
        Files.writeString(real, "a much longer old content than the new one");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());
        AtomicWrite.write(link, "new".getBytes());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        assertEquals(List.of("link.json", "real.json"), list(dir));
    }

    @Test
    void aFifoIsWrittenIntoAndStaysAFifo(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("out.fifo");
        SpecialFilesTest.mkfifo(fifo);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> AtomicWrite.write(fifo, "report\n".getBytes()));
        assertEquals("report\n", reader.get(20, TimeUnit.SECONDS));
        assertEquals(FileKind.FIFO, FileKind.of(fifo, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("out.fifo"), list(dir));
    }

    @Test
    void aFullDeviceFailsNamingTheUsersPathAndStaysADevice(@TempDir Path dir) throws Exception {
        assumeTrue(root(), "mknod needs root");
        Path full = dir.resolve("full");
        Process mk = new ProcessBuilder("mknod", full.toString(), "c", "1", "7").inheritIO().start(); // as /dev/full
        assumeTrue(mk.waitFor() == 0, "mknod failed (a container without the capability)");
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicWrite.write(full, "x".getBytes()));
        assertEquals(full.toString() + ": cannot write: No space left on device", e.getMessage());
        assertEquals(FileKind.CHARACTER_DEVICE, FileKind.of(full, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("full"), list(dir));
    }

    @Test
    void aDirectoryIsRefusedByName(@TempDir Path dir) {
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicWrite.write(dir, "x".getBytes()));
        assertEquals(dir + ": cannot write: is a directory", e.getMessage());
    }

    @Test
    void anUnwritableDirectoryNamesTheUsersPathNotTheTempFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("no/such/place").resolve("r.json");
        Files.writeString(dir.resolve("no"), "a file where a directory should be");
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicWrite.write(file, "x".getBytes()));
        assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
        assertFalse(e.getMessage().contains("kvlint-tmp"), e.getMessage());
    }

    @Test
    void staleTempFilesAreRemovedLiveOnesAndOthersAreNot(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.c");
        Files.writeString(file, "int x;\n");
        Path stale = Files.writeString(dir.resolve(".x.c.123.kvlint-tmp"), "from a killed run");
        Path live = Files.writeString(dir.resolve(".x.c.456.kvlint-tmp"), "being written");
        Path notOurs = Files.writeString(dir.resolve(".x.c.backup.kvlint-tmp"), "not a name kvlint makes");
        Path other = Files.writeString(dir.resolve(".y.c.789.kvlint-tmp"), "beside another file");
        Path link = Files.createSymbolicLink(dir.resolve(".x.c.999.kvlint-tmp"), file.getFileName());
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            assertEquals(List.of(stale.toAbsolutePath()), AtomicWrite.removeStaleTemps(file).stream()
                    .map(Path::toAbsolutePath).toList());
            assertTrue(held.isValid());
        }
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live) && Files.exists(notOurs) && Files.exists(other));
        assertTrue(Files.isSymbolicLink(link) && Files.readString(file).equals("int x;\n"));
    }
}
