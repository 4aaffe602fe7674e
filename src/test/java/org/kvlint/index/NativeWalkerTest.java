package org.kvlint.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C-library walk finds exactly what the NIO walk finds, with the same identities. */
class NativeWalkerTest {
    @TempDir
    Path tree;

    @Test
    void findsWhatTheNioWalkFinds() throws IOException, InterruptedException {
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.createDirectories(tree.resolve(".git/objects"));
        Files.writeString(tree.resolve("a/x.c"), "int x;");
        Files.writeString(tree.resolve("a/b/y.h"), "int y;");
        Files.writeString(tree.resolve("a/b/c/z.c"), "int z;");
        Files.writeString(tree.resolve("a/README"), "text");
        Files.writeString(tree.resolve(".git/objects/o.c"), "not scanned");
        Files.createSymbolicLink(tree.resolve("a/link.c"), tree.resolve("a/x.c"));
        Files.createSymbolicLink(tree.resolve("a/dirlink"), tree.resolve("a/b"));
        Files.createDirectories(tree.resolve("a/dir.c"));
        Files.writeString(tree.resolve("a/dir.c/inner.c"), "int i;");
        Process mkfifo = new ProcessBuilder("mkfifo", tree.resolve("a/fifo.c").toString()).start();
        boolean fifo = mkfifo.waitFor() == 0;
        Path root = tree.toRealPath();
        Optional<TreeWalker.Result> nativeWalk = NativeWalker.walk(root, 2);
        TreeWalker.Result nio = TreeWalker.walk(root, 2);
        assertEquals(List.of("a/b/c/z.c", "a/b/y.h", "a/dir.c/inner.c", "a/x.c"),
                nio.files().stream().map(TreeWalker.Found::key).toList(), "fifo made: " + fifo);
        assertTrue(nativeWalk.isPresent(), "the C library binds on x86-64 Linux");
        assertEquals(nio, nativeWalk.get());
    }
}
