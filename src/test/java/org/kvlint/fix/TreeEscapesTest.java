package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;
import org.kvlint.fix.FixCommandTest.Run;
import org.kvlint.report.SarifAssertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Escapes answered in a kernel tree (testdata/trees/escapes, copied and varied here): a field
 * freed in another file, a returned pointer freed by a caller elsewhere, a KV004 fix whose memory
 * is freed again in another file; and what keeps a fix unsafe, naming the place.
 */
class TreeEscapesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path tree(Path dir) throws IOException {
        Path src = TestPaths.testdata().resolve("trees/escapes");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file);
        assertTrue(s.contains(from), file + " holds " + from);
        Files.writeString(file, s.replace(from, to));
    }

    @Test
    void freesInOtherFilesAreConvertedInTheSameFix(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        Run r = FixCommandTest.run("fix", t.resolve("drivers").toString());
        assertEquals(1, r.code(), r.err());
        // the field of a struct defined in a header, freed with kfree() in acme_exit.c: converted there
        assertTrue(r.out().contains("diff --git a/drivers/acme/acme_exit.c b/drivers/acme/acme_exit.c\n"), r.out());
        assertTrue(r.out().contains("-\tkfree(dev->table);\n-\tkfree(dev->log);\n+\tkvfree(dev->table);\n"
                + "+\tkvfree(dev->log);\n"), r.out());
        // the same member name of another struct is not the same memory
        assertFalse(r.out().contains("kvfree(o->table)"), r.out());
        assertTrue(r.out().contains("+\tdev->table = kvmalloc(n, GFP_KERNEL);\n"), r.out());
        // returned: the caller in acme_user.c frees it (the expect() test only reads it)
        assertTrue(r.out().contains("+\tvoid *p = kvmalloc(n, GFP_KERNEL);\n"), r.out());
        assertTrue(r.out().contains("-\tvfree(b);\n+\tkvfree(b);\n"), r.out());
        assertTrue(r.err().contains("kvlint fix: 4 fixes applied (KV001 2, KV004 1, KV005 1) in 3 files; 0 skipped"), r.err());
    }

    @Test
    void reportsCarryTheOtherFilesOfAFix(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        Run json = FixCommandTest.run("check", "--format", "json", t.resolve("drivers").toString());
        Path schemaFile = TestPaths.projectDir().resolve("docs/kvlint-report.schema.json");
        Schema schema = SarifAssertions.schema(SchemaLocation.of(schemaFile.toUri().toString()),
                Files.readString(schemaFile), SpecificationVersion.DRAFT_2020_12);
        assertEquals(List.of(), SarifAssertions.schemaErrors(schema, json.out()), "valid against the JSON schema");
        JsonNode findings = JSON.readTree(json.out()).get("findings");
        JsonNode kv004 = null;
        for (JsonNode f : findings) {
            if (f.get("ruleId").asString().equals("KV004")) {
                kv004 = f.get("fixes").get(0);
            }
        }
        assertTrue(kv004 != null, json.out());
        assertEquals("safe", kv004.get("applicability").asString());
        assertEquals("drivers/acme/acme_exit.c", kv004.at("/otherFiles/0/path").asString(), kv004.toString());
        assertEquals(7, kv004.at("/otherFiles/0/edits/0/region/startLine").asInt(), kv004.toString());
        assertEquals("kvfree", kv004.at("/otherFiles/0/edits/0/replacement").asString());

        Run sarif = FixCommandTest.run("check", "--format", "sarif", t.resolve("drivers").toString());
        SarifAssertions.assertValid(sarif.out());
        boolean twoFiles = false;
        for (JsonNode res : JSON.readTree(sarif.out()).at("/runs/0/results")) {
            if (res.get("ruleId").asString().equals("KV004")) {
                JsonNode changes = res.at("/fixes/0/artifactChanges");
                assertEquals(2, changes.size(), res.toString());
                assertTrue(changes.get(1).at("/artifactLocation/uri").asString().endsWith("drivers/acme/acme_exit.c"),
                        changes.toString());
                twoFiles = true;
            }
        }
        assertTrue(twoFiles, sarif.out());
    }

    /**
     * A tree scanned through a link to it ({@code /usr/src/linux}, a build directory's
     * {@code source}) gives what its real path gives, under the path the user typed. The index keys
     * files by their real path in the tree; the fix's file, found again by the typed path, must be
     * looked up the same way, or its own frees become edits of "another" file (a second outcome of
     * it in a fix) and the reasons lose its path in the tree.
     */
    @Test
    void aTreeScannedThroughALinkGivesWhatItsRealPathGives(@TempDir Path dir) throws IOException {
        Path real = tree(dir.resolve("linux-6.1"));
        // a fix of acme_exit.c, which acme_main.c's fixes edit too: its memory passed to a function
        // kvlint cannot see, so the reason names the fix's own file
        Path exit = real.resolve("drivers/acme/acme_exit.c");
        Files.writeString(exit, Files.readString(exit) + """

                int acme_stage(size_t n)
                {
                \tvoid *p = kmalloc(n, GFP_KERNEL);

                \tif (!p)
                \t\tp = vmalloc(n);
                \tif (!p)
                \t\treturn -ENOMEM;
                \tacme_keep(p);
                \treturn 0;
                }
                """);
        Path link = Files.createSymbolicLink(dir.resolve("linux"), real.getFileName());
        String viaReal = real.resolve("drivers").toString();
        String viaLink = link.resolve("drivers").toString();

        Run json = FixCommandTest.run("check", "--no-cache", "--format", "json", viaReal);
        Run linkedJson = FixCommandTest.run("check", "--no-cache", "--format", "json", viaLink);
        assertEquals(json.out(), asIfReal(linkedJson.out(), link, real));
        for (JsonNode f : JSON.readTree(linkedJson.out()).get("findings")) {
            assertTrue(f.get("path").asString().startsWith(viaLink + "/"), "shown as typed: " + f);
            for (JsonNode fix : f.get("fixes")) {
                for (JsonNode other : fix.path("otherFiles")) {
                    assertFalse(f.get("path").asString().endsWith("/" + other.get("path").asString()), "its own file: " + f);
                }
            }
        }
        assertTrue(linkedJson.out().contains("\"'p' is passed to acme_keep() at drivers/acme/acme_exit.c:23, which may"
                + " keep or free it\""), linkedJson.out());

        Run fix = FixCommandTest.run("fix", "--no-cache", viaReal);
        Run linkedFix = FixCommandTest.run("fix", "--no-cache", viaLink);
        assertEquals(fix.out(), asIfReal(linkedFix.out(), link, real));
        assertEquals(summary(fix.err()), summary(asIfReal(linkedFix.err(), link, real)));
        assertTrue(linkedFix.err().contains(" in 3 files; "), "one outcome per file: " + linkedFix.err());

        // a patch names every file of a fix by its path in the tree, not by where the link leads
        Path out = dir.resolve("out");
        Path linkedOut = dir.resolve("linked-out");
        String[] series = {"--format-patch", "", "--signoff", "A U Thor <a@example.org>", "--date",
                "2024-01-02T10:00:00+01:00", "--no-cc", "--no-cache"};
        FixCommandTest.run(patchArgs(series, out, real));
        FixCommandTest.run(patchArgs(series, linkedOut, link));
        List<Path> patches = files(out);
        assertEquals(1, patches.size(), patches.toString());
        assertEquals(patches.stream().map(out::relativize).toList(), files(linkedOut).stream().map(linkedOut::relativize)
                .toList());
        String patch = Files.readString(patches.getFirst());
        assertTrue(patch.contains("\n+++ b/drivers/acme/acme_exit.c\n"), patch);
        assertTrue(patch.contains("drivers/acme/acme_exit.c: the same memory is freed there too"), patch);
        assertEquals(patch, Files.readString(linkedOut.resolve(out.relativize(patches.getFirst()))));
    }

    /** What a run through {@code link} prints, with the typed path as the real path would have been typed. */
    private static String asIfReal(String s, Path link, Path real) {
        return s.replace(link + "/", real + "/");
    }

    /** The summary lines of a run's standard error, without the time it took. */
    private static String summary(String err) {
        return err.replaceAll("; [0-9.]+ s\n", "\n");
    }

    private static String[] patchArgs(String[] series, Path out, Path tree) {
        String[] args = new String[series.length + 2];
        args[0] = "fix";
        System.arraycopy(series, 0, args, 1, series.length);
        args[2] = out.toString();
        args[args.length - 1] = tree.toString();
        return args;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aKfreeWhereKvfreeMayNotSleepKeepsTheFixUnsafeAndNamesIt(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        replace(t.resolve("drivers/acme/acme_exit.c"), "\tkfree(dev->table);\n",
                "\tspin_lock(&dev->lock);\n\tkfree(dev->table);\n\tspin_unlock(&dev->lock);\n");
        Run r = FixCommandTest.run("fix", t.resolve("drivers").toString());
        assertTrue(r.err().contains("acme_main.c:6:15: KV001 fix skipped: not proven safe (use --unsafe-fixes): kfree() at"
                + " drivers/acme/acme_exit.c:7 frees '->table' while a spinlock is held (spin_lock(&dev->lock))"), r.err());
        assertFalse(r.out().contains("kvfree(dev->table)"), r.out());
        assertFalse(r.out().contains("+\tdev->table = kvmalloc"), "the fix is all or nothing: " + r.out());
    }

    /**
     * The resolver parses only the items of another file that name the member: the free sits in
     * a macro body there, and the function using the macro never writes the member's name.
     */
    @Test
    void aFreeOfTheMemberInAnotherFilesMacroIsFound(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        Path exit = t.resolve("drivers/acme/acme_exit.c");
        replace(exit, "#include \"acme.h\"\n",
                "#include \"acme.h\"\n\n#define ACME_FREE_LOG(d) do { kfree((d)->log); } while (0)\n");
        replace(exit, "\tkfree(dev->log);\n", "\tACME_FREE_LOG(dev);\n");
        Run r = FixCommandTest.run("fix", t.resolve("drivers").toString());
        assertTrue(r.err().contains("not converted: kfree() at drivers/acme/acme_exit.c:4 may free 'dev->log' (matched by"
                + " the field name 'log': the type of 'd' is unknown there)"), r.err());
        assertTrue(r.out().contains("-\tkfree(dev->table);\n+\tkvfree(dev->table);\n"), r.out());
    }

    /**
     * Memory passed to a function of another file is followed into its one definition, which the
     * index names (the file that defines it, not the files that call it): stored there into a
     * member that a third file frees, whose free the fix converts too; with two definitions
     * (per-architecture, per-config), which one runs is unknown and the fix stays unproven.
     */
    @Test
    void memoryPassedToAFunctionOfAnotherFileIsFollowedIntoItsDefinition(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        Path acme = t.resolve("drivers/acme");
        replace(acme.resolve("acme.h"), "\tvoid *log;\n", "\tvoid *log;\n\tvoid *stash;\n");
        replace(acme.resolve("acme.h"), "void *acme_alloc_buf(size_t n);\n",
                "void *acme_alloc_buf(size_t n);\nvoid acme_stash(struct acme_dev *dev, void *p);\n");
        replace(acme.resolve("acme_user.c"), "int acme_use(size_t n)\n", "int acme_use(struct acme_dev *dev, size_t n)\n");
        replace(acme.resolve("acme_user.c"), "\tvfree(b);\n", "\tacme_stash(dev, b);\n");
        replace(acme.resolve("acme_exit.c"), "\tkfree(dev->log);\n", "\tkfree(dev->log);\n\tkfree(dev->stash);\n");
        String stash = """
                // SPDX-License-Identifier: GPL-2.0
                #include "acme.h"

                void acme_stash(struct acme_dev *dev, void *p)
                {
                \tdev->stash = p;
                }
                """;
        Files.writeString(acme.resolve("acme_stash.c"), stash);
        Run r = FixCommandTest.run("fix", t.resolve("drivers").toString());
        assertTrue(r.out().contains("+\tvoid *p = kvmalloc(n, GFP_KERNEL);\n"), r.out() + r.err());
        assertTrue(r.out().contains("-\tkfree(dev->stash);\n") && r.out().contains("+\tkvfree(dev->stash);\n"), r.out());

        Files.createDirectories(acme.resolve("arm"));
        Files.writeString(acme.resolve("arm/acme_stash.c"), stash.replace("dev->stash = p;", "dev->log = p;"));
        r = FixCommandTest.run("fix", t.resolve("drivers").toString());
        assertFalse(r.out().contains("+\tvoid *p = kvmalloc(n, GFP_KERNEL);\n"), r.out());
        assertTrue(r.err().contains("is passed to acme_stash(), which may keep or free it"), r.err());
    }

    @Test
    void aFunctionPointerLeavesTheCallersUnknown(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        Files.writeString(t.resolve("drivers/acme/acme_ops.c"), """
                // SPDX-License-Identifier: GPL-2.0
                #include "acme.h"

                static void *acme_alloc_twice(size_t n)
                {
                \treturn acme_alloc_buf(n);
                }

                const struct acme_ops acme_ops = {
                \t.alloc = acme_alloc_buf,
                };
                """);
        Run r = FixCommandTest.run("fix", t.resolve("drivers").toString());
        assertTrue(r.err().contains("KV001 fix skipped: not proven safe (use --unsafe-fixes): acme_alloc_buf() is used as a"
                + " function pointer at drivers/acme/acme_ops.c:10: its callers are unknown"), r.err());
    }

    @Test
    void aFixChangesAllItsFilesOrNone(@TempDir Path dir) throws IOException {
        Path t = tree(dir);
        Path exit = t.resolve("drivers/acme/acme_exit.c");
        Path main = t.resolve("drivers/acme/acme_main.c");
        String exitBefore = Files.readString(exit);
        String mainBefore = Files.readString(main);
        Files.setPosixFilePermissions(exit, PosixFilePermissions.fromString("r--r--r--"));
        Run r = FixCommandTest.run("fix", "--write", t.resolve("drivers").toString());
        assertEquals(exitBefore, Files.readString(exit));
        assertEquals(mainBefore, Files.readString(main), "the fixes that need acme_exit.c are not written either");
        assertTrue(r.err().contains("another file of the same fix is not written"), r.err());

        Run forced = FixCommandTest.run("fix", "--write", "--force", t.resolve("drivers").toString());
        assertEquals(0, forced.code(), forced.err());
        assertTrue(Files.readString(exit).contains("\tkvfree(dev->table);\n\tkvfree(dev->log);\n"));
        assertTrue(Files.readString(main).contains("\tdev->table = kvmalloc(n, GFP_KERNEL);\n"));
    }

    @Test
    void withoutATreeTheEscapesAreNotedAndNoOtherFileIsTouched(@TempDir Path dir) throws IOException {
        Path alone = Files.createDirectories(dir.resolve("snippet"));
        Files.copy(TestPaths.testdata().resolve("trees/escapes/drivers/acme/acme_main.c"), alone.resolve("acme_main.c"));
        Run json = FixCommandTest.run("check", "--format", "json", alone.toString());
        for (JsonNode f : JSON.readTree(json.out()).get("findings")) {
            JsonNode fix = f.get("fixes").get(0);
            assertEquals("safe", fix.get("applicability").asString(), fix.toString());
            assertFalse(fix.has("otherFiles"), fix.toString());
            if (f.get("ruleId").asString().equals("KV001")) {
                assertTrue(fix.get("note").asString().startsWith("not checked (no kernel tree around the file"),
                        fix.toString());
            }
        }
        assertEquals(3, JSON.readTree(json.out()).get("findings").size(), json.out());
        Run fix = FixCommandTest.run("fix", alone.toString());
        assertTrue(fix.err().contains("acme_main.c:6:15: KV001 fix applied; not checked (no kernel tree around the file"),
                fix.err());
        assertTrue(fix.err().contains("kvlint fix: 3 fixes applied"), fix.err());
    }

    @Test
    void withoutATreeAWrongFreeInTheFileStillBlocks(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bar.c"), """
                static struct bar *bar_alloc(unsigned int n)
                {
                \tstruct bar *b;
                \tsize_t sz = sizeof(*b) + n * 8;

                \tif (sz > PAGE_SIZE)
                \t\tb = vzalloc(sz);
                \telse
                \t\tb = kzalloc(sz, GFP_KERNEL);
                \treturn b;
                }

                int bar_use(unsigned int n, spinlock_t *lock)
                {
                \tstruct bar *b = bar_alloc(n);

                \tif (!b)
                \t\treturn -ENOMEM;
                \tspin_lock(lock);
                \tkfree(b);
                \tspin_unlock(lock);
                \treturn 0;
                }
                """);
        Run r = FixCommandTest.run("fix", dir.resolve("bar.c").toString());
        // the callers of a static function are in the file: answered there, tree or not
        assertTrue(r.err().contains("bar.c:6:6: KV002 fix skipped: not proven safe (use --unsafe-fixes): kfree() at "
                + "bar.c:20 frees 'b' while a spinlock is held"), r.err());
        assertFalse(r.out().contains("kvzalloc"), r.out());
    }

    @Test
    void aSeriesPutsTheFilesOfAFixInOnePatch(@TempDir Path dir) throws IOException {
        Path t = tree(dir.resolve("linux"));
        Path out = dir.resolve("out");
        Run r = FixCommandTest.run("fix", "--format-patch", out.toString(), "--signoff", "A U Thor <a@example.org>",
                "--date", "2024-01-02T10:00:00+01:00", "--no-cc", t.toString());
        assertEquals(1, r.code(), r.err());
        List<Path> patches;
        try (Stream<Path> s = Files.walk(out)) {
            patches = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(1, patches.size(), patches.toString());
        String patch = Files.readString(patches.getFirst());
        assertTrue(patch.contains(" 3 files changed,"), patch);
        assertTrue(patch.contains("drivers/acme/acme_exit.c: the same memory is freed there too"), patch);
    }
}
