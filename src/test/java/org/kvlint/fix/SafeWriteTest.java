package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.cli.Main;
import org.kvlint.TestGit;
import org.kvlint.cli.ReportStream;

/**
 * Issue 15, point 5: {@code kvlint fix --write} keeps owner, group, mode, hard links and the
 * tree's boundary, cleans up after a killed run, and {@code fix --diff} round-trips every byte.
 */
class SafeWriteTest {
    /** Proven safe: the only free is in the file. */
    static final String FIXABLE = FixCommandTest.FOO;
    static final String FIXED_LINE = "\tpriv->buf = kvzalloc(size, GFP_KERNEL);\n";

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path source(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, FIXABLE);
    }

    @Test
    void ownerGroupAndModeAreKept(@TempDir Path dir) throws IOException {
        assumeTrue(root(), "only root can make a file another user's");
        Path f = source(dir, "o.c");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 2345);
        Files.setAttribute(f, "unix:mode", 0640);
        FixCommandTest.Run r = FixCommandTest.run("fix", "--write", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(f).contains(FIXED_LINE));
        assertEquals(1234, Files.getAttribute(f, "unix:uid"));
        assertEquals(2345, Files.getAttribute(f, "unix:gid"));
        assertEquals(0640, (Integer) Files.getAttribute(f, "unix:mode") & 07777);
    }

    @Test
    void readOnlyFilesNeedForce(@TempDir Path dir) throws IOException {
        Path f = source(dir, "r.c");
        Files.setAttribute(f, "unix:mode", 0444);
        FixCommandTest.Run r = FixCommandTest.run("fix", "--write", f.toString());
        assertEquals(1, r.code(), "the finding is left unfixed: " + r.err());
        assertEquals(FIXABLE, Files.readString(f));
        assertTrue(r.err().contains("kvlint: warning: " + f + ": read-only, not written (--force writes it, keeping its mode)"),
                r.err());
        assertTrue(r.err().contains("kvlint fix: 0 fixes applied in 0 files; 2 skipped (2 read-only file (use --force));"),
                r.err());

        FixCommandTest.Run forced = FixCommandTest.run("fix", "--write", "--force", f.toString());
        assertEquals(0, forced.code(), forced.err());
        assertTrue(Files.readString(f).contains(FIXED_LINE));
        assertEquals(0444, (Integer) Files.getAttribute(f, "unix:mode") & 07777);
    }

    @Test
    void hardLinkedFilesAreRefusedAndStayLinked(@TempDir Path dir) throws IOException {
        Path f = source(dir, "h.c");
        Path other = Files.createLink(dir.resolve("h-copy.txt"), f);
        FixCommandTest.Run r = FixCommandTest.run("fix", "--write", f.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(f + ": it has 2 hard links and replacing it would split them, not written"), r.err());
        assertEquals(FIXABLE, Files.readString(f));
        assertEquals(2, Files.getAttribute(f, "unix:nlink"));
        assertTrue(Files.isSameFile(f, other));
    }

    @Test
    void aSymlinkOutOfTheTreeIsNotWrittenThroughOneInsideIs(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path outside = source(dir, "outside/t.c");
        Path inside = source(tree, "real/in.c");
        Files.createSymbolicLink(tree.resolve("out.c"), outside);
        Files.createSymbolicLink(tree.resolve("in-link.c"), Path.of("real/in.c"));
        Files.createSymbolicLink(tree.resolve("outdir"), outside.getParent()); // a directory link out of the tree
        FixCommandTest.Run r = FixCommandTest.run("fix", "--write", tree.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(FIXABLE, Files.readString(outside), "nothing outside the tree is written");
        assertTrue(r.err().contains(tree.resolve("out.c") + ": it resolves to " + outside.toRealPath()
                + ", outside the paths given, not written"), r.err());
        assertTrue(Files.readString(inside).contains(FIXED_LINE), r.err());
        assertTrue(Files.isSymbolicLink(tree.resolve("in-link.c")), "the link inside stays a link");
        // given explicitly, the link's target is what the user named: written, the link kept
        FixCommandTest.Run given = FixCommandTest.run("fix", "--write", tree.resolve("out.c").toString());
        assertEquals(0, given.code(), given.err());
        assertTrue(Files.readString(outside).contains(FIXED_LINE));
        assertTrue(Files.isSymbolicLink(tree.resolve("out.c")));
    }

    @Test
    void staleTempFilesOfAKilledRunAreRemoved(@TempDir Path dir) throws IOException {
        Path f = source(dir, "s.c");
        Path stale = Files.writeString(dir.resolve(".s.c.8237468723.kvlint-tmp"), FIXABLE.replace("kzalloc", "kvzalloc"));
        FixCommandTest.Run check = FixCommandTest.run("check", dir.toString());
        assertTrue(check.err().contains("kvlint: note: " + stale + ": temp file of an interrupted kvlint run"), check.err());
        assertTrue(Files.exists(stale), "check only reports");
        FixCommandTest.Run r = FixCommandTest.run("fix", "--write", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("kvlint: note: " + stale + ": removed this temp file of an interrupted kvlint run"),
                r.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void theDiffOfAFileWithInvalidUtf8AppliesWithGit(@TempDir Path dir) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        assumeTrue(TestGit.git(repo, "init", "-q") == 0, "git is not installed");
        byte[] latin1 = ("/* caf\u00e9: \u00e0 la carte */\n" + FIXABLE.replace("return 0;", "return 0; /* \u00ff */"))
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(repo.resolve("u.c"), latin1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code;
        try (ReportStream out = new ReportStream(bytes)) {
            code = Main.run(new String[] {"fix", repo.resolve("u.c").toString()}, out, new PrintWriter(err));
        }
        assertEquals(1, code, err.toString());
        byte[] diff = bytes.toByteArray();
        assertTrue(new String(diff, StandardCharsets.ISO_8859_1).contains(" \u00ff */\n"), "the original bytes, not U+FFFD");
        Path patch = Files.write(dir.resolve("u.diff"), diff);
        assertEquals(0, TestGit.git(repo, "apply", "--check", patch.toString()), new String(diff, StandardCharsets.ISO_8859_1));
        assertEquals(0, TestGit.git(repo, "apply", patch.toString()));
        byte[] applied = Files.readAllBytes(repo.resolve("u.c"));
        assertTrue(new String(applied, StandardCharsets.ISO_8859_1).contains(FIXED_LINE));
        assertEquals(latin1[6], applied[6], "the invalid byte is still there");
    }

    @Test
    void writtenFilesLeaveNoTempFile(@TempDir Path dir) throws IOException {
        Path f = source(dir, "x.c");
        FixCommandTest.Run r = FixCommandTest.run("fix", "--write", f.toString());
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
        assertFalse(r.err().contains("not written"), r.err());
    }
}
