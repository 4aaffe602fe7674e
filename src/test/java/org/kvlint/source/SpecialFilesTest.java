package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 3: only regular files are read. FIFOs, devices, sockets and symlinks to them,
 * given explicitly or met in a walk, get one diagnostic and are never opened for reading; symlink
 * loops are called loops; a directory without C files says so.
 */
class SpecialFilesTest {
    private static final Duration HANG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor(), "mkfifo " + p);
    }

    private static List<String> messages(SourceWalker.Result r, String path) {
        return r.diagnostics().stream().filter(d -> d.path().equals(path)).map(Diagnostic::message).toList();
    }

    private static List<String> names(SourceWalker.Result r) {
        return r.files().stream().map(InputFile::displayPath).toList();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aFifoGivenOrMetIsReportedAndNeverOpened() throws Exception {
        Files.writeString(dir.resolve("good.c"), "int x;\n");
        Path fifo = dir.resolve("pipe.c");
        mkfifo(fifo);
        // a writer blocks in open() until some reader opens the FIFO: if kvlint opened it, it would finish
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
                w.write('x');
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try {
            SourceWalker.Result given = assertTimeoutPreemptively(HANG, () -> SourceWalker.walk(List.of(fifo.toString())));
            assertEquals(List.of(), given.files());
            assertEquals(List.of("not a regular file (a FIFO), skipped"), messages(given, fifo.toString()));

            SourceWalker.Result walked = assertTimeoutPreemptively(HANG, () -> SourceWalker.walk(List.of(dir.toString())));
            assertEquals(List.of(p("good.c")), names(walked));
            assertEquals(List.of("not a regular file (a FIFO), skipped"), messages(walked, p("pipe.c")));

            // the reader, asked directly (a file that became a FIFO after the walk): no block, no read
            SourceReader.Read read = assertTimeoutPreemptively(HANG, () -> SourceReader.read(new InputFile(fifo, "pipe.c")));
            assertTrue(read.content().isEmpty());
            assertEquals("not a regular file (a FIFO), skipped", read.diagnostics().getFirst().message());
            Thread.sleep(200);
            assertFalse(writer.isDone(), "the FIFO was opened for reading");
        } finally {
            if (!writer.isDone()) {
                try (var unblock = Files.newInputStream(fifo)) { // let the writer finish
                    unblock.readAllBytes();
                }
            }
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOpenDescriptorIsCheckedAgainWithoutBlocking() throws Exception {
        // as if the walk had seen a regular file that was then replaced: the open must not block
        Path fifo = dir.resolve("swapped.c");
        mkfifo(fifo);
        RegularFile.NotRegularException e = assertTimeoutPreemptively(HANG,
                () -> assertThrows(RegularFile.NotRegularException.class, () -> RegularFile.read(fifo, 1 << 20)));
        assertEquals(FileKind.FIFO, e.kind());
        assertEquals(FileKind.CHARACTER_DEVICE, assertThrows(RegularFile.NotRegularException.class,
                () -> RegularFile.read(Path.of("/dev/zero"), 1 << 20)).kind());
        assertEquals(FileKind.DIRECTORY, assertThrows(RegularFile.NotRegularException.class,
                () -> RegularFile.read(dir, 1 << 20)).kind());
    }

    @Test
    void devicesAndLinksToThemAreSkipped() throws IOException {
        Files.writeString(dir.resolve("good.c"), "int x;\n");
        Files.createSymbolicLink(dir.resolve("zero.c"), Path.of("/dev/zero"));
        Files.createSymbolicLink(dir.resolve("null.h"), Path.of("/dev/null"));

        SourceWalker.Result walked = SourceWalker.walk(List.of(dir.toString()));
        assertEquals(List.of(p("good.c")), names(walked));
        assertEquals(List.of("not a regular file (symlink to a character device), skipped"), messages(walked, p("zero.c")));
        assertEquals(List.of("not a regular file (symlink to a character device), skipped"), messages(walked, p("null.h")));

        SourceWalker.Result given = SourceWalker.walk(List.of(p("zero.c"), "/dev/null"));
        assertEquals(List.of(), given.files());
        assertEquals(List.of("not a regular file (symlink to a character device), skipped"), messages(given, p("zero.c")));
        assertEquals(List.of("not a regular file (a character device), skipped"), messages(given, "/dev/null"));
    }

    @Test
    void socketsAndLinksToFifosInAWalkAreSkipped() throws Exception {
        Files.writeString(dir.resolve("good.c"), "int x;\n");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        mkfifo(elsewhere.resolve("fifo"));
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("good.c"), "int x;\n");
        Files.createSymbolicLink(tree.resolve("to-fifo.c"), elsewhere.resolve("fifo"));
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(tree.resolve("sock.c")));
            SourceWalker.Result walked = assertTimeoutPreemptively(HANG, () -> SourceWalker.walk(List.of(tree.toString())));
            assertEquals(List.of(tree.resolve("good.c").toString()), names(walked));
            assertEquals(List.of("not a regular file (symlink to a FIFO), skipped"),
                    messages(walked, tree.resolve("to-fifo.c").toString()));
            assertEquals(List.of("not a regular file (a socket), skipped"), messages(walked, tree.resolve("sock.c").toString()));
        }
    }

    @Test
    void symlinkLoopsAreCalledLoops() throws IOException {
        Path d = Files.createDirectories(dir.resolve("d"));
        Files.writeString(d.resolve("good.c"), "int x;\n");
        Files.createSymbolicLink(d.resolve("a.c"), Path.of("b.c"));
        Files.createSymbolicLink(d.resolve("b.c"), Path.of("a.c"));
        Files.createSymbolicLink(d.resolve("self.c"), Path.of("self.c"));
        Files.createSymbolicLink(d.resolve("gone.c"), Path.of("nowhere.c"));
        Files.createSymbolicLink(d.resolve("x"), Path.of("y"));
        Files.createSymbolicLink(d.resolve("y"), Path.of("x"));

        SourceWalker.Result walked = SourceWalker.walk(List.of(d.toString()));
        assertEquals(List.of(d.resolve("good.c").toString()), names(walked));
        assertEquals(Map.of(
                        d.resolve("a.c").toString(), List.of("symlink loop, skipped"),
                        d.resolve("b.c").toString(), List.of("symlink loop, skipped"),
                        d.resolve("self.c").toString(), List.of("symlink loop, skipped"),
                        d.resolve("gone.c").toString(), List.of("dangling symlink, skipped"),
                        d.resolve("x").toString(), List.of("symlink loop, not followed"),
                        d.resolve("y").toString(), List.of("symlink loop, not followed")),
                Map.of(d.resolve("a.c").toString(), messages(walked, d.resolve("a.c").toString()),
                        d.resolve("b.c").toString(), messages(walked, d.resolve("b.c").toString()),
                        d.resolve("self.c").toString(), messages(walked, d.resolve("self.c").toString()),
                        d.resolve("gone.c").toString(), messages(walked, d.resolve("gone.c").toString()),
                        d.resolve("x").toString(), messages(walked, d.resolve("x").toString()),
                        d.resolve("y").toString(), messages(walked, d.resolve("y").toString())));

        SourceWalker.Result given = SourceWalker.walk(List.of(d.resolve("a.c").toString(), d.resolve("gone.c").toString()));
        assertEquals(List.of("symlink loop, skipped"), messages(given, d.resolve("a.c").toString()));
        assertEquals(List.of("dangling symlink, skipped"), messages(given, d.resolve("gone.c").toString()));
    }

    @Test
    void aDirectoryWithoutCFilesSaysSo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("README"), "no C here\n");
        SourceWalker.Result r = SourceWalker.walk(List.of(empty.toString(), docs.toString()));
        assertEquals(List.of(), r.files());
        assertEquals(List.of("no .c or .h file in this directory, nothing to scan"), messages(r, empty.toString()));
        assertEquals(List.of("no .c or .h file in this directory, nothing to scan"), messages(r, docs.toString()));
    }

    @Test
    void leftoverTempFilesOfAKilledRunAreNoted() throws IOException {
        Files.writeString(dir.resolve("x.c"), "int x;\n");
        Files.writeString(dir.resolve(".x.c.1234567.kvlint-tmp"), "int y;\n");
        SourceWalker.Result r = SourceWalker.walk(List.of(dir.toString()));
        assertEquals(List.of(p("x.c")), names(r));
        assertEquals(List.of(p(".x.c.1234567.kvlint-tmp")), r.leftovers().stream().map(InputFile::displayPath).toList());
        assertEquals(List.of("temp file of an interrupted kvlint run; kvlint fix --write removes it, or delete it"),
                messages(r, p(".x.c.1234567.kvlint-tmp")));
    }

    @Test
    void eachWalkedFileCarriesTheIdentityOfItsStat() throws IOException {
        Path f = dir.resolve("x.c");
        Files.writeString(f, "int x;\n");
        Path link = dir.resolve("sub/l.c");
        Files.createDirectories(link.getParent());
        Path outside = Files.createTempFile("kvlint-identity", ".c");
        try {
            Files.writeString(outside, "int outside;\n");
            Files.createSymbolicLink(link, outside);
            for (SourceWalker.Result r : List.of(SourceWalker.walk(List.of(dir.toString())),
                    SourceWalker.walk(List.of(f.toString(), link.toString())))) {
                for (InputFile in : r.files()) {
                    Map<String, Object> st = Files.readAttributes(in.path(), "unix:size,ino,dev,lastModifiedTime");
                    FileIdentity id = in.identity();
                    assertTrue(id.known(), in.toString());
                    assertEquals(((Long) st.get("size")), id.size(), in.toString());
                    assertEquals(((Long) st.get("ino")), id.inode(), in.toString());
                    assertEquals(((Long) st.get("dev")), id.device(), in.toString());
                    assertEquals(((java.nio.file.attribute.FileTime) st.get("lastModifiedTime"))
                            .to(TimeUnit.NANOSECONDS), id.mtimeNanos(), in.toString());
                    // the reader's fstat of the open file says the same
                    assertEquals(id, RegularFile.read(in.path(), 1 << 20).identity(), in.toString());
                }
                assertEquals(2, r.files().size(), r.files().toString());
            }
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void readsStopAtTheLimitAndTheStatSizeIsNotTrusted() throws IOException {
        Path f = dir.resolve("big.c");
        Files.write(f, new byte[5000]);
        assertEquals(5000, assertThrows(RegularFile.TooLargeException.class, () -> RegularFile.read(f, 4999)).size());
        assertEquals(5000, RegularFile.read(f, 5000).bytes().length);
        assertEquals(5000, RegularFile.portable(f, 5000).bytes().length);
        assertThrows(RegularFile.TooLargeException.class, () -> RegularFile.portable(f, 4999));
        // a file whose stat says 0 but that has content (like /proc files): read to the end all the same
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")));
        byte[] status = RegularFile.read(Path.of("/proc/self/status"), 1 << 20).bytes();
        assertTrue(new String(status, java.nio.charset.StandardCharsets.US_ASCII).startsWith("Name:"));
        assertThrows(RegularFile.TooLargeException.class, () -> RegularFile.read(Path.of("/proc/self/status"), 10));
    }
}
