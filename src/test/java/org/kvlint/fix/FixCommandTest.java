package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.cli.Main;
import org.kvlint.facts.KernelVersion;

/** {@code kvlint fix} end to end: diff, --write, --format-patch, exit codes, and git taking the output. */
class FixCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static final String FOO = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/slab.h>

            struct foo_priv {
            \tvoid *buf;
            };

            static int foo_probe(struct foo_priv *priv, size_t size)
            {
            \tpriv->buf = kzalloc(size, GFP_KERNEL);
            \tif (!priv->buf)
            \t\tpriv->buf = vzalloc(size);
            \tif (!priv->buf)
            \t\treturn -ENOMEM;
            \treturn 0;
            }

            static void foo_remove(struct foo_priv *priv)
            {
            \tkfree(priv->buf);
            }
            """;

    private static final String BAR = """
            // SPDX-License-Identifier: GPL-2.0
            static void *bar_alloc(size_t size)
            {
            \tvoid *p = kmalloc(size, GFP_KERNEL);

            \tif (!p)
            \t\tp = vmalloc(size);
            \treturn p;
            }
            """;

    /** A minimal kernel tree: what KernelVersion.detect looks for, plus two subsystems. */
    private static Path kernelTree(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n");
        Files.writeString(dir.resolve("Kbuild"), "");
        Path foo = Files.createDirectories(dir.resolve("drivers/net/ethernet/acme/foo"));
        Files.writeString(foo.resolve("foo_main.c"), FOO);
        Path bar = Files.createDirectories(dir.resolve("fs/bar"));
        Files.writeString(bar.resolve("bar.c"), BAR);
        return dir;
    }

    @Test
    void diffIsTheDefaultWithTreeRelativePathsAndASummary(@TempDir Path dir) throws IOException {
        Path tree = kernelTree(dir);
        Run r = run("fix", tree.resolve("drivers").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("diff --git a/drivers/net/ethernet/acme/foo/foo_main.c b/drivers/net/ethernet/acme/foo/foo_main.c\n"),
                r.out());
        assertTrue(r.out().contains("+\tpriv->buf = kvzalloc(size, GFP_KERNEL);\n"), r.out());
        assertTrue(r.out().contains("-\tkfree(priv->buf);\n+\tkvfree(priv->buf);\n"), r.out());
        assertTrue(r.err().contains("kvlint fix: 1 fix applied (KV001 1) in 1 file;"), r.err());
        assertEquals(FOO, Files.readString(tree.resolve("drivers/net/ethernet/acme/foo/foo_main.c")), "diff mode writes nothing");
    }

    @Test
    void skippedFixesSayWhyAndUnsafeFixesAreOptIn(@TempDir Path dir) throws IOException {
        Path tree = kernelTree(dir);
        Run safe = run("fix", tree.resolve("fs").toString());
        assertEquals(1, safe.code());
        assertEquals("", safe.out());
        assertTrue(safe.err().contains("bar.c:4:12: KV001 fix skipped: not proven safe (use --unsafe-fixes): 'p' is returned at line 8"),
                safe.err());
        Run unsafe = run("fix", "--unsafe-fixes", "--only", "KV001", tree.resolve("fs").toString());
        assertTrue(unsafe.out().contains("+\tvoid *p = kvmalloc(size, GFP_KERNEL);\n"), unsafe.out());
    }

    @Test
    void writeEditsInPlaceKeepsTheModeAndASecondRunFindsNothing(@TempDir Path dir) throws IOException {
        Path tree = kernelTree(dir);
        Path file = tree.resolve("drivers/net/ethernet/acme/foo/foo_main.c");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        Run r = run("fix", "--write", file.toString());
        assertEquals(0, r.code(), "every finding was fixed: " + r.err());
        String now = Files.readString(file);
        assertTrue(now.contains("\tpriv->buf = kvzalloc(size, GFP_KERNEL);\n\tif (!priv->buf)\n\t\treturn -ENOMEM;\n"), now);
        assertTrue(now.contains("\tkvfree(priv->buf);\n"), now);
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
        Run again = run("fix", "--write", file.toString());
        assertEquals(0, again.code());
        assertTrue(again.err().contains("0 fixes applied"), again.err());
    }

    @Test
    void aFileChangedSinceItWasReadIsNotWritten(@TempDir Path dir) throws IOException {
        Path tree = kernelTree(dir);
        Path file = tree.resolve("drivers/net/ethernet/acme/foo/foo_main.c");
        FileOutcome o = FixTesting.fix(file, KernelVersion.DEFAULT, FixOptions.SAFE);
        assertTrue(o.changed());
        Files.writeString(file, FOO + "/* edited meanwhile */\n");
        SafeWriter.Result r = SafeWriter.write(o, SafeWriter.Policy.of(List.of(tree.toString()), false));
        assertEquals(SafeWriter.Status.NOT_WRITTEN, r.status());
        assertEquals(Decision.Why.CHANGED_ON_DISK.text(), r.reason());
        assertEquals(FOO + "/* edited meanwhile */\n", Files.readString(file));
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) throws IOException {
        assertEquals(2, run("fix", "--only", "KV999", dir.toString()).code());
        assertEquals(2, run("fix", "--write").code());
        assertEquals(2, run("fix", "--write", "--format-patch", dir.resolve("p").toString(), dir.toString()).code());
        assertEquals(2, run("fix", "--format-patch", dir.resolve("p").toString(), "--signoff", "nobody", dir.toString()).code());
    }

    @Test
    void aCleanTreeExitsZero(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ok.c"), "void *f(size_t n) { return kvmalloc(n, GFP_KERNEL); }\n");
        Run r = run("fix", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void formatPatchWritesAGitAmSeriesOnePatchPerDirectory(@TempDir Path dir) throws Exception {
        Path tree = kernelTree(dir.resolve("linux"));
        Files.writeString(tree.resolve("fs/bar/bar_free.c"), """
                // SPDX-License-Identifier: GPL-2.0
                static void *bar_tbl;

                static int bar_init(size_t n)
                {
                \tbar_tbl = kmalloc(n, GFP_KERNEL);
                \tif (!bar_tbl)
                \t\tbar_tbl = vmalloc(n);
                \treturn bar_tbl ? 0 : -ENOMEM;
                }

                static void bar_exit(void)
                {
                \tvfree(bar_tbl);
                }
                """);
        Path out = dir.resolve("patches");
        Run r = run("fix", "--format-patch", out.toString(), "--signoff", "A U Thor <author@example.org>", tree.toString());
        assertEquals(1, r.code(), r.err());
        List<Path> patches;
        try (Stream<Path> s = Files.list(out)) {
            patches = s.sorted().toList();
        }
        assertEquals(List.of("0001-foo-use-kvmalloc-instead-of-open-coded-vmalloc-fallb.patch",
                        "0002-bar-use-kvmalloc-instead-of-open-coded-vmalloc-fallb.patch"),
                patches.stream().map(p -> p.getFileName().toString()).toList());
        String first = Files.readString(patches.get(0));
        assertTrue(first.startsWith("From "), first);
        assertTrue(first.contains("\nFrom: A U Thor <author@example.org>\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n"
                + "Subject: [PATCH 1/2] foo: use kvmalloc() instead of open-coded vmalloc fallback\n\n"), first);
        assertTrue(first.contains("retries forever and may invoke the OOM killer"), first);
        assertTrue(first.contains("\n\nMemory from kvmalloc() may come from either allocator, so it must be\n"
                + "freed with kvfree(); the kfree()/vfree() calls that free it are\nconverted in the same patch.\n"), first);
        assertTrue(first.contains("\nSigned-off-by: A U Thor <author@example.org>\n---\n"), first);
        assertTrue(first.contains("\n 1 file changed, 2 insertions(+), 4 deletions(-)\n"), first);
        assertTrue(first.contains("diff --git a/drivers/net/ethernet/acme/foo/foo_main.c b/drivers/net/ethernet/acme/foo/foo_main.c\n"),
                first);
        assertEquals(patches.stream().map(p -> p.toString()).toList(), r.out().lines().toList());
        Run again = run("fix", "--format-patch", dir.resolve("again").toString(), "--signoff",
                "A U Thor <author@example.org>", tree.toString());
        try (Stream<Path> s = Files.list(dir.resolve("again"))) {
            for (Path p : s.sorted().toList()) {
                assertEquals(Files.readString(out.resolve(p.getFileName())), Files.readString(p), "deterministic");
            }
        }
        assertEquals(1, again.code());

        assumeTrue(git(dir, "--version") == 0, "git not installed");
        assertEquals(0, git(tree, "init", "-q"));
        assertEquals(0, git(tree, "add", "-A"));
        assertEquals(0, git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base"));
        List<String> am = new ArrayList<>(List.of("-c", "user.name=t", "-c", "user.email=t@example.org", "am", "-q"));
        patches.forEach(p -> am.add(p.toString()));
        assertEquals(0, git(tree, am.toArray(String[]::new)), "git am takes the series");
        String bar = Files.readString(tree.resolve("fs/bar/bar_free.c"));
        assertTrue(bar.contains("\tbar_tbl = kvmalloc(n, GFP_KERNEL);\n\treturn bar_tbl ? 0 : -ENOMEM;\n"), bar);
        assertTrue(bar.contains("\tkvfree(bar_tbl);\n"), bar);
        assertEquals(0, git(tree, "log", "-1", "--format=%s"));
    }

    private static int git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CEILING_DIRECTORIES", dir.getParent().toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return -1;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -2;
        }
        if (p.exitValue() != 0) {
            System.err.println("git " + String.join(" ", args) + ": " + output);
        }
        return p.exitValue();
    }
}
