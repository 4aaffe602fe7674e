package org.kvlint.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree walk lists directories in the natives (readdir's entry types, a stat only for C files
 * and untyped entries) and falls back to Java where they cannot: both give the same files, with
 * the same identities, and the same diagnostics, on a tree of every kind of entry.
 */
class TreeWalkerTest {
    @TempDir
    Path tree;

    @Test
    void theNativeListingFindsWhatTheJavaListingFinds() throws IOException, InterruptedException {
        Files.writeString(tree.resolve("Makefile"), "VERSION = 6\n");
        Files.createDirectories(tree.resolve("drivers/foo/sub"));
        Files.writeString(tree.resolve("drivers/foo/foo.c"), "int x;\n");
        Files.writeString(tree.resolve("drivers/foo/foo.h"), "int y;\n");
        Files.writeString(tree.resolve("drivers/foo/sub/bar.c"), "int z;\n");
        Files.writeString(tree.resolve("drivers/foo/README"), "text\n");
        Files.writeString(tree.resolve("drivers/foo/asm.S"), "nop\n");
        Files.createDirectories(tree.resolve("drivers/foo/dir.c")); // a directory with a C name
        Files.writeString(tree.resolve("drivers/foo/dir.c/inner.c"), "int w;\n");
        Files.createDirectories(tree.resolve(".git/objects"));
        Files.writeString(tree.resolve(".git/objects/skipped.c"), "int v;\n");
        Files.createSymbolicLink(tree.resolve("drivers/foo/link.c"), Path.of("foo.c"));
        Files.createSymbolicLink(tree.resolve("drivers/foo/dangling.c"), Path.of("nowhere.c"));
        Files.createSymbolicLink(tree.resolve("drivers/foo/loop.c"), Path.of("loop.c"));
        Files.createSymbolicLink(tree.resolve("drivers/linked"), tree.resolve("drivers/foo"));
        Files.writeString(tree.resolve("drivers/foo/caf\u00e9.c"), "int u;\n");
        Process mk = new ProcessBuilder("mkfifo", tree.resolve("drivers/foo/fifo.c").toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        // names that are not valid UTF-8 (a directory and a file in it): listed in Java, whose
        // paths keep their bytes, as before
        Process bad = new ProcessBuilder("bash", "-c", "cd \"$0\" && d=$(printf 'bad\\377dir') && mkdir \"$d\" "
                + "&& printf 'int t;\\n' > \"$d/ok.c\" && printf 'int s;\\n' > \"$(printf 'x\\376.c')\"",
                tree.resolve("drivers").toString()).inheritIO().start();
        assertEquals(0, bad.waitFor());
        for (int i = 0; i < 3000; i++) { // a directory larger than the natives' first buffer
            Files.writeString(tree.resolve("drivers/foo/sub/generated_register_file_" + i + ".h"), "");
        }

        // the natives list these directories (else the comparison below would hold trivially)
        assertTrue(org.kvlint.syntax.NativeDirectory.list(tree.resolve("drivers/foo/sub")).isPresent());
        assertEquals(3001, org.kvlint.syntax.NativeDirectory.list(tree.resolve("drivers/foo/sub")).orElseThrow().size());
        TreeWalker.Result java = TreeWalker.walk(tree, 2, false);
        TreeWalker.Result natively = TreeWalker.walk(tree, 2, true);
        // what one found and the other did not, rather than 3,000 files in a message
        java.util.Set<TreeWalker.Found> byJava = new java.util.HashSet<>(java.files());
        java.util.Set<TreeWalker.Found> byNatives = new java.util.HashSet<>(natively.files());
        List<TreeWalker.Found> onlyJava = java.files().stream().filter(f -> !byNatives.contains(f)).toList();
        List<TreeWalker.Found> onlyNative = natively.files().stream().filter(f -> !byJava.contains(f)).toList();
        assertEquals(List.of(), onlyJava, "found by the Java listing only");
        assertEquals(List.of(), onlyNative, "found by the natives only");
        assertEquals(java.files(), natively.files());
        assertEquals(java.diagnostics(), natively.diagnostics());
        // not vacuous: the files, the link to a file not among them, and what cannot be read said
        List<String> keys = natively.files().stream().map(TreeWalker.Found::key).toList();
        assertTrue(keys.containsAll(List.of("drivers/foo/foo.c", "drivers/foo/foo.h", "drivers/foo/sub/bar.c",
                "drivers/foo/dir.c/inner.c", "drivers/foo/caf\u00e9.c")), keys.toString());
        assertEquals(3007, keys.size(), keys.subList(0, 8).toString());
        assertTrue(natively.diagnostics().size() >= 3, natively.diagnostics().toString());
        assertTrue(natively.files().stream().allMatch(f -> f.identity().known() && f.identity().inode() > 0));
    }
}
