package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

            static const struct bar_ops bar_ops = { .alloc = bar_alloc };
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
        // in a kernel tree the escape is answered there, and the reason names the place
        assertTrue(safe.err().contains("bar.c:4:12: KV001 fix skipped: not proven safe (use --unsafe-fixes): bar_alloc()"
                + " is used as a function pointer at fs/bar/bar.c:11: its callers are unknown"),
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

    private static final String SIGNOFF = "A U Thor <author@example.org>";
    private static final String DATE = "2024-01-02T10:00:00+01:00";

    /** Commit text with its line breaks as blanks, so a test does not depend on where a paragraph wraps. */
    private static String flat(String text) {
        return text.replace('\n', ' ');
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void formatPatchWritesOneSeriesPerDirectoryWithoutMaintainers(@TempDir Path dir) throws Exception {
        Path tree = kernelTree(dir.resolve("linux"));
        Files.writeString(tree.resolve("fs/bar/bar_free.c"), BAR_FREE);
        Path out = dir.resolve("patches");
        Run r = run("fix", "--format-patch", out.toString(), "--signoff", SIGNOFF, "--date", DATE, tree.toString());
        assertEquals(1, r.code(), r.err());
        List<Path> patches = files(out);
        assertEquals(List.of("bar/0001-bar-use-kvmalloc-instead-of-open-coded-vmalloc-fallb.patch",
                        "foo/0001-foo-use-kvzalloc-instead-of-open-coded-vmalloc-fallb.patch"),
                patches.stream().map(p -> out.relativize(p).toString()).toList());
        String foo = Files.readString(patches.get(1));
        assertTrue(foo.startsWith("From "), foo);
        assertTrue(foo.contains("\nFrom: A U Thor <author@example.org>\nDate: Tue, 2 Jan 2024 10:00:00 +0100\n"
                + "Subject: [PATCH] foo: use kvzalloc() instead of open-coded vmalloc fallback\n\n"), foo);
        assertTrue(flat(foo).contains("A kmalloc() with GFP_KERNEL of up to 8 pages (order 3) does not fail"), foo);
        assertTrue(flat(foo).contains("may invoke the OOM killer"), foo);
        assertTrue(flat(foo).contains("so the kfree() becomes kvfree() in the same patch."), foo);
        assertTrue(foo.contains("  - foo_probe(): kzalloc(size, GFP_KERNEL) -> kvzalloc()\n"), foo);
        assertTrue(flat(foo).contains("Run before and after on kvlint's model of the kernel allocators (kernel 6.1), "
                + "the changed functions behave the same or better in all "), foo);
        assertTrue(flat(foo).contains("Memory from vzalloc() is not slab memory, and kfree() of it corrupts memory"),
                "the kfree() the conversion fixes is a bug of its own: " + foo);
        assertTrue(foo.contains("\nSigned-off-by: A U Thor <author@example.org>\n---\n"), foo);
        assertTrue(foo.contains("\n 1 file changed, 2 insertions(+), 4 deletions(-)\n"), foo);
        assertTrue(foo.contains("diff --git a/drivers/net/ethernet/acme/foo/foo_main.c b/drivers/net/ethernet/acme/foo/foo_main.c\n"),
                foo);
        assertFalse(foo.contains("\nTo: ") || foo.contains("\nCc: "), "no get_maintainer.pl, no recipients");
        assertFalse(foo.contains("Fixes:"), "not a git tree");
        assertEquals(patches.stream().map(Path::toString).toList(), r.out().lines().sorted().toList());

        Run again = run("fix", "--format-patch", dir.resolve("again").toString(), "--signoff", SIGNOFF, "--date", DATE,
                tree.toString());
        assertEquals(1, again.code());
        for (Path p : files(dir.resolve("again"))) {
            assertEquals(Files.readString(out.resolve(dir.resolve("again").relativize(p))), Files.readString(p),
                    "deterministic");
        }

        assumeTrue(git(dir, "--version") == 0, "git not installed");
        commitAll(tree, "Import");
        for (Path p : patches) {
            assertEquals(0, git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "am", "-q", p.toString()),
                    "git am takes " + p);
        }
        String bar = Files.readString(tree.resolve("fs/bar/bar_free.c"));
        assertTrue(bar.contains("\tbar_tbl = kvmalloc(n, GFP_KERNEL);\n\treturn bar_tbl ? 0 : -ENOMEM;\n"), bar);
        assertTrue(bar.contains("\tkvfree(bar_tbl);\n"), bar);
    }

    private static final String BAR_FREE = """
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
            """;

    private static final String FOO2 = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/slab.h>

            static u64 *foo2_tbl;

            static int foo2_init(size_t n)
            {
            \tfoo2_tbl = kcalloc(n, sizeof(u64), GFP_NOFS);
            \tif (!foo2_tbl)
            \t\tfoo2_tbl = __vmalloc(array_size(n, sizeof(u64)), GFP_NOFS | __GFP_ZERO);
            \treturn foo2_tbl ? 0 : -ENOMEM;
            }

            static void foo2_exit(void)
            {
            \tkvfree(foo2_tbl);
            }
            """;

    private static final String BAZ = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/slab.h>

            static void *baz_buf;

            static int baz_init(size_t n)
            {
            \tbaz_buf = kvmalloc(n, GFP_KERNEL);
            \treturn baz_buf ? 0 : -ENOMEM;
            }

            static void baz_exit(void)
            {
            \tkfree(baz_buf);
            }
            """;

    /** A tree with MAINTAINERS, a get_maintainer.pl stand-in and git history. */
    private static Path maintainedTree(Path dir) throws Exception {
        Path tree = kernelTree(dir.resolve("linux"));
        Files.writeString(tree.resolve("MAINTAINERS"), """
                ACME FOO DRIVER
                M:\tFoo Maintainer <foo@example.org>
                L:\tfoo-list@example.org
                S:\tMaintained
                F:\tdrivers/net/ethernet/acme/

                BAZ FILESYSTEM
                M:\tBaz Maintainer <baz@example.org>
                S:\tMaintained
                F:\tfs/baz/
                """);
        Files.createDirectories(tree.resolve("scripts"));
        // answers as get_maintainer.pl does, and insists on being asked the way kvlint documents
        Files.writeString(tree.resolve("scripts/get_maintainer.pl"), """
                my %a = map { $_ => 1 } @ARGV;
                die "want --no-git --no-git-fallback --no-rolestats\\n"
                    unless $a{'--no-git'} && $a{'--no-git-fallback'} && $a{'--no-rolestats'};
                open(my $fh, '<', $ARGV[-1]) or die "no patch file\\n";
                my $t = do { local $/; <$fh> };
                die "not a patch\\n" unless $t =~ m{^\\+\\+\\+ b/(\\S+)}m;
                my $file = $1;
                if ($a{'--m'}) {
                    print $file =~ m{^fs/baz/} ? "Baz Maintainer <baz\\@example.org>\\n"
                        : "Foo Maintainer <foo\\@example.org>\\nJ\\xc3\\xb6rg R\\xc3\\xb6del <joerg\\@example.org>\\n";
                }
                print "foo-list\\@example.org\\n" if $a{'--l'} && $file !~ m{^fs/baz/};
                print "linux-kernel\\@vger.kernel.org\\n" if $a{'--l'};
                """);
        Path foo2 = Files.createDirectories(tree.resolve("drivers/net/ethernet/acme/foo2"));
        Files.writeString(foo2.resolve("foo2.c"), FOO2);
        Files.delete(tree.resolve("fs/bar/bar.c"));
        Files.createDirectories(tree.resolve("fs/baz"));
        Files.writeString(tree.resolve("fs/baz/baz.c"), BAZ.replace("\tkfree(baz_buf);\n", ""));
        return tree;
    }

    private static void commitAll(Path tree, String subject) throws Exception {
        assertEquals(0, git(tree.getParent(), "init", "-q", tree.toString()));
        commit(tree, subject);
    }

    private static void commit(Path tree, String subject) throws Exception {
        assertEquals(0, git(tree, "add", "-A"));
        assertEquals(0, git(tree, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", subject));
    }

    @Test
    void aMaintainedGitTreeGetsSeriesByEntryCoverLetterRecipientsHistoryPrefixesAndFixes(@TempDir Path dir)
            throws Exception {
        assumeTrue(git(dir, "--version") == 0, "git not installed");
        assumeTrue(new ProcessBuilder("perl", "-e", "1").start().waitFor() == 0, "perl not installed");
        Path tree = maintainedTree(dir);
        commitAll(tree, "Import the tree");
        Path fooMain = tree.resolve("drivers/net/ethernet/acme/foo/foo_main.c");
        Files.writeString(fooMain, FOO.replace("struct foo_priv {", "/* the private data */\nstruct foo_priv {"));
        commit(tree, "net: acme-foo: Document the private data");
        Files.writeString(fooMain, FOO.replace("struct foo_priv {", "/* private data */\nstruct foo_priv {"));
        commit(tree, "net: acme-foo: Shorten a comment");
        Files.writeString(tree.resolve("fs/baz/baz.c"), BAZ);
        commit(tree, "baz: Free the buffer on exit");

        Path out = dir.resolve("patches");
        Run r = run("fix", "--format-patch", out.toString(), "--signoff", SIGNOFF, "--date", DATE, tree.toString());
        assertEquals(1, r.code(), r.err());
        List<String> names = files(out).stream().map(p -> out.relativize(p).toString()).toList();
        assertEquals(List.of("baz/0001-baz-use-kvfree-for-memory-from-kvmalloc.patch",
                "net-acme-foo/0000-cover-letter.patch",
                "net-acme-foo/0001-net-acme-foo-use-kvzalloc-instead-of-open-coded-vmal.patch",
                "net-acme-foo/0002-net-acme-foo-use-kvcalloc-instead-of-open-coded-vmal.patch"), names, r.err());
        assertTrue(r.err().contains("kvlint fix: 2 series in " + out + " (one per MAINTAINERS entry; subject prefixes "
                + "and Fixes: from git history; To:/Cc: from get_maintainer.pl when the tree has it)"), r.err());

        String baz = Files.readString(out.resolve(names.get(0)));
        String fixed = new String(gitOut(tree, "log", "-1", "--abbrev=12", "--format=%h", "HEAD"),
                StandardCharsets.UTF_8).strip();
        assertTrue(baz.contains("Subject: [PATCH] baz: use kvfree() for memory from kvmalloc()\n"
                + "To: Baz Maintainer <baz@example.org>\nCc: linux-kernel@vger.kernel.org\n\n"), baz);
        assertTrue(flat(baz).contains("kvmalloc() falls back to vmalloc() when the slab allocation fails"), baz);
        assertTrue(baz.contains("\nFixes: " + fixed + " (\"baz: Free the buffer on exit\")\n"
                + "Signed-off-by: A U Thor <author@example.org>\n"), baz);

        String cover = Files.readString(out.resolve(names.get(1)));
        assertTrue(cover.contains("Subject: [PATCH 0/2] net: acme-foo: use kvzalloc() and kvcalloc() instead of "
                + "open-coded vmalloc fallbacks\nTo: Foo Maintainer <foo@example.org>,\n"
                + "    =?UTF-8?q?J=C3=B6rg_R=C3=B6del?= <joerg@example.org>\n"
                + "Cc: foo-list@example.org,\n    linux-kernel@vger.kernel.org\n\n"), cover);
        assertTrue(flat(cover).contains("found 2 places in drivers/net/ethernet/acme (ACME FOO DRIVER) of 6.1 "), cover);
        assertTrue(cover.contains("\nA U Thor (2):\n  net: acme-foo: use kvzalloc() instead of open-coded vmalloc"), cover);
        assertTrue(cover.contains(" 2 files changed, "), cover);
        assertFalse(cover.contains("diff --git"), cover);

        String second = Files.readString(out.resolve(names.get(3)));
        assertTrue(second.contains("Subject: [PATCH 2/2] net: acme-foo: use kvcalloc() instead of open-coded vmalloc "
                + "fallback\n"), second);
        assertTrue(flat(second).contains("without __GFP_FS the page allocator cannot invoke the OOM killer"), second);
        assertFalse(flat(second).contains("may invoke the OOM killer"), "GFP_NOFS code is not told about the OOM killer");
        assertTrue(second.contains("  - foo2_init(): kcalloc(n, sizeof(u64), GFP_NOFS) -> kvcalloc()\n"), second);

        for (String series : List.of("baz", "net-acme-foo")) {
            try (Stream<Path> s = Files.list(out.resolve(series))) {
                List<String> am = new ArrayList<>(List.of("-c", "user.name=t", "-c", "user.email=t@example.org", "am", "-q"));
                s.filter(p -> !p.getFileName().toString().startsWith("0000-")).sorted().forEach(p -> am.add(p.toString()));
                assertEquals(0, git(tree, am.toArray(String[]::new)), "git am takes the " + series + " series");
            }
        }
        assertTrue(Files.readString(tree.resolve("fs/baz/baz.c")).contains("\tkvfree(baz_buf);\n"));
    }

    @Test
    void ccCmdAndNoCcOverrideGetMaintainer(@TempDir Path dir) throws Exception {
        assumeTrue(new ProcessBuilder("perl", "-e", "1").start().waitFor() == 0, "perl not installed");
        Path tree = maintainedTree(dir);
        Files.writeString(tree.resolve("fs/baz/baz.c"), BAZ);
        Path cc = dir.resolve("cc.sh");
        Files.writeString(cc, "grep -q '^diff --git' \"$1\" && echo 'Cc Person <cc@example.org>'\n");
        Path out = dir.resolve("cc");
        Run r = run("fix", "--format-patch", out.toString(), "--signoff", SIGNOFF, "--date", DATE, "--cc-cmd",
                "sh " + cc, tree.resolve("fs").toString());
        assertEquals(1, r.code(), r.err());
        String baz = Files.readString(files(out).getFirst());
        assertTrue(baz.contains("\nCc: Cc Person <cc@example.org>\n\n"), baz);
        assertFalse(baz.contains("\nTo: "), baz);

        Run none = run("fix", "--format-patch", dir.resolve("none").toString(), "--signoff", SIGNOFF, "--no-cc",
                tree.resolve("fs").toString());
        assertFalse(Files.readString(files(dir.resolve("none")).getFirst()).contains("Cc:"), none.err());

        Run failing = run("fix", "--format-patch", dir.resolve("failing").toString(), "--signoff", SIGNOFF,
                "--cc-cmd", "false", tree.resolve("fs").toString());
        assertEquals(2, failing.code(), failing.err());
        assertTrue(failing.err().contains("kvlint: error: --cc-cmd 'false' failed: exit status 1\n"), failing.err());
        assertFalse(Files.exists(dir.resolve("failing")), "nothing written");
        assertEquals(2, run("fix", "--cc-cmd", "x", tree.toString()).code(), "--cc-cmd without --format-patch");
        assertEquals(2, run("fix", "--format-patch", out.toString(), "--no-cc", "--cc-cmd", "x", tree.toString()).code());
        assertEquals(2, run("fix", "--format-patch", dir.resolve("d").toString(), "--signoff", SIGNOFF, "--date",
                "yesterday", tree.toString()).code());
    }

    @Test
    void formatPatchRefusesADirectoryInUseUnlessForced(@TempDir Path dir) throws Exception {
        Path tree = kernelTree(dir.resolve("linux"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("0001-old-series.patch"), "old");
        Files.writeString(out.resolve("cover-notes.txt"), "mine");
        Run refused = run("fix", "--format-patch", out.toString(), "--signoff", SIGNOFF, tree.toString());
        assertEquals(2, refused.code());
        assertEquals("kvlint: error: --format-patch " + out + ": directory is not empty (2 entries); use --force to "
                + "remove its old *.patch files first, or choose an empty directory", refused.err().strip());
        assertEquals("old", Files.readString(out.resolve("0001-old-series.patch")));

        Run forced = run("fix", "--format-patch", out.toString(), "--signoff", SIGNOFF, "--force", tree.toString());
        assertEquals(1, forced.code(), forced.err());
        assertTrue(forced.err().contains("kvlint: removed old " + out.resolve("0001-old-series.patch")), forced.err());
        assertFalse(Files.exists(out.resolve("0001-old-series.patch")));
        assertEquals("mine", Files.readString(out.resolve("cover-notes.txt")));
        assertTrue(Files.exists(out.resolve("foo/0001-foo-use-kvzalloc-instead-of-open-coded-vmalloc-fallb.patch")));
        Run twice = run("fix", "--format-patch", out.toString(), "--signoff", SIGNOFF, "--force", tree.toString());
        assertEquals(1, twice.code(), twice.err());
        assertEquals(List.of("cover-notes.txt", "foo/0001-foo-use-kvzalloc-instead-of-open-coded-vmalloc-fallb.patch"),
                files(out).stream().map(p -> out.relativize(p).toString()).toList());
    }

    private static byte[] gitOut(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
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
