package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.OwnCache;
import org.kvlint.rules.Finding;

/**
 * The tree-wide index and its cache: a subdirectory of a kernel tree is checked with what the
 * rest of the tree says (a helper in lib/ returning kvmalloc memory, kfree()d in drivers/foo/),
 * reporting exactly what the whole-tree scan reports for it; a second scan of an unchanged tree
 * reads no file; a change is seen, with what depends on it; a damaged cache is discarded.
 */
class TreeIndexTest {
    @TempDir
    Path tmp;

    private Path tree;
    private Path cacheDir;
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void kernelTree() throws IOException {
        tree = tmp.resolve("linux");
        cacheDir = tmp.resolve("cache");
        ownCache = new OwnCache(cacheDir);
        write("Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n");
        write("init/main.c", "int start_kernel(void) { return 0; }\n");
        write("lib/kvhelper.c", """
                #include <linux/slab.h>

                void *kv_helper_alloc(size_t n)
                {
                \treturn kvmalloc(n, GFP_KERNEL);
                }
                """);
        write("drivers/foo/foo.c", """
                #include <linux/slab.h>

                int foo_run(size_t n)
                {
                \tvoid *p = kv_helper_alloc(n);

                \tif (!p)
                \t\treturn -ENOMEM;
                \tkfree(p);
                \treturn 0;
                }
                """);
        write("drivers/bar/bar.c", """
                #include <linux/vmalloc.h>

                void bar_run(size_t n)
                {
                \tvoid *p = vmalloc(n);

                \tkfree(p);
                }
                """);
        ageAll();
    }

    private OwnCache ownCache;

    @AfterEach
    void cacheProperty() {
        ownCache.close();
    }

    private void write(String rel, String text) throws IOException {
        org.kvlint.TestPaths.write(tree, rel, text);
    }

    /** An hour ago, fixed for the test: aged files keep the same identity however often they are aged. */
    private final FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);

    /** Files older than the racy window, as files of a real tree are: their identity alone is trusted. */
    private void ageAll() throws IOException {
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }
    }

    private ScanResult scan(boolean cache, Optional<Path> root, String... paths) {
        Progress listener = Progress.notesOnly(notes::add);
        return Scanner.standard().scan(new ScanOptions(List.of(paths), 2, Optional.empty(), root, cache, listener));
    }

    private static List<String> shown(ScanResult r) {
        return r.findings().stream().map(f -> f.path() + ":" + f.span().startLine() + ":" + f.ruleId()).toList();
    }

    @Test
    void aSubdirectoryIsCheckedWithWhatTheRestOfTheTreeSays() throws IOException {
        ScanResult whole = scan(false, Optional.empty(), tree.toString());
        ScanResult sub = scan(false, Optional.empty(), tree.resolve("drivers/foo").toString());
        String foo = tree.resolve("drivers/foo/foo.c").toString();
        assertTrue(shown(whole).contains(foo + ":9:KV004"), shown(whole).toString());
        List<String> wholeUnderFoo = shown(whole).stream().filter(s -> s.startsWith(tree.resolve("drivers/foo") + "/"))
                .toList();
        assertEquals(wholeUnderFoo, shown(sub));
        assertEquals(tree.toRealPath().toString(), sub.tree().root());
        assertEquals("kernel tree", sub.tree().rootSource());
        assertEquals(1, sub.stats().filesScanned(), "only the subdirectory is reported");
        assertEquals(4, sub.tree().filesIndexed(), "the whole tree is indexed");
    }

    @Test
    void pathsAreShownAsTyped() throws IOException {
        // relative to the working directory, the way a user types them inside the tree
        Path cwd = Path.of("").toAbsolutePath();
        String typed = cwd.relativize(tree.resolve("drivers")).toString() + "/";
        ScanResult r = scan(false, Optional.empty(), typed);
        assertEquals(List.of(typed + "bar/bar.c:7:KV004", typed + "foo/foo.c:9:KV004"), shown(r));
    }

    @Test
    void withoutAKernelTreeTheIndexCoversOnlyThePathsUnlessTreeRootSaysOtherwise() throws IOException {
        Files.delete(tree.resolve("Makefile"));
        ScanResult alone = scan(false, Optional.empty(), tree.resolve("drivers/foo").toString());
        assertEquals(List.of(), shown(alone), "the helper in lib/ is not seen");
        assertEquals("", alone.tree().root());
        ScanResult rooted = scan(false, Optional.of(tree), tree.resolve("drivers/foo").toString());
        assertEquals(List.of(tree.resolve("drivers/foo/foo.c") + ":9:KV004"), shown(rooted));
        assertEquals("--tree-root", rooted.tree().rootSource());
    }

    /**
     * The index knows which file defines a function (by the shape of its text), not only which
     * files name it in call position: a proof following memory into a function reads that one
     * file; and the cache keeps it.
     */
    @Test
    void theIndexNamesTheFileThatDefinesAFunction() {
        for (int run = 0; run < 2; run++) {
            ScanResult r = scan(true, Optional.empty(), tree.toString());
            assertEquals(run == 0 ? "cold" : "warm", r.tree().cache());
            assertEquals(List.of("lib/kvhelper.c"), keys(r.index().mayDefine("kv_helper_alloc")));
            assertEquals(List.of("drivers/foo/foo.c", "lib/kvhelper.c"), keys(r.index().mayCall("kv_helper_alloc")));
            assertEquals(List.of("drivers/foo/foo.c"), keys(r.index().mayDefine("foo_run")));
            assertEquals(List.of(), keys(r.index().mayDefine("kvmalloc")), "called, defined nowhere in the tree");
        }
    }

    private static List<String> keys(List<org.kvlint.index.TreeIndex.File> files) {
        return files.stream().map(org.kvlint.index.TreeIndex.File::key).toList();
    }

    @Test
    void anUnchangedTreeIsRescannedWithoutReadingAFile() {
        ScanResult cold = scan(true, Optional.empty(), tree.toString());
        assertEquals("cold", cold.tree().cache());
        // foo.c twice: it matters only once the index knows that kv_helper_alloc() returns kvmalloc memory
        assertEquals(5, cold.tree().filesRead());
        ScanResult warm = scan(true, Optional.empty(), tree.toString());
        assertEquals("warm", warm.tree().cache());
        assertEquals(0, warm.tree().filesRead(), "no unchanged file is read");
        assertEquals(0, warm.tree().itemsParsed());
        assertEquals(shown(cold), shown(warm));
        assertEquals(cold.findings(), warm.findings(), "messages, spans and fixes too");
        // and a subdirectory, from the same cache
        ScanResult sub = scan(true, Optional.empty(), tree.resolve("drivers/foo").toString());
        assertEquals(0, sub.tree().filesRead());
        assertEquals(List.of(tree.resolve("drivers/foo/foo.c") + ":9:KV004"), shown(sub));
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void aChangedHelperChangesTheFindingsOfItsCallersInUnchangedFiles() throws IOException {
        scan(true, Optional.empty(), tree.toString());
        write("lib/kvhelper.c", """
                #include <linux/slab.h>

                void *kv_helper_alloc(size_t n)
                {
                \treturn kmalloc(n, GFP_KERNEL);
                }
                """);
        Files.setLastModifiedTime(tree.resolve("lib/kvhelper.c"), FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        ScanResult after = scan(true, Optional.empty(), tree.toString());
        assertFalse(shown(after).contains(tree.resolve("drivers/foo/foo.c") + ":9:KV004"), shown(after).toString());
        assertTrue(after.tree().filesRead() >= 1 && after.tree().filesRead() <= 2,
                "the changed file, and the caller whose question got another answer: " + after.tree().filesRead());
        // and the cold truth agrees
        assertEquals(shown(scan(false, Optional.empty(), tree.toString())), shown(after));
    }

    @Test
    void aFileAddedOrDeletedIsSeen() throws IOException {
        scan(true, Optional.empty(), tree.toString());
        Files.delete(tree.resolve("drivers/bar/bar.c"));
        write("drivers/baz/baz.c", "void baz(void *p) { kfree(p); }\nvoid baz2(void) { kfree(vzalloc(4)); }\n");
        ageAll();
        ScanResult after = scan(true, Optional.empty(), tree.toString());
        assertEquals(shown(scan(false, Optional.empty(), tree.toString())), shown(after));
        assertTrue(shown(after).stream().noneMatch(s -> s.contains("bar.c")));
        assertEquals(1, after.tree().filesRead());
    }

    @Test
    void aDamagedCacheIsDiscardedWithOneLineAndTheScanGoesOn() throws IOException {
        ScanResult cold = scan(true, Optional.empty(), tree.toString());
        Path pack;
        try (Stream<Path> s = Files.list(cacheDir.resolve("packs"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(pack, bytes);
        ScanResult again = scan(true, Optional.empty(), tree.toString());
        assertEquals(shown(cold), shown(again));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.getFirst().contains("damaged") && notes.getFirst().contains(pack.toString()), notes.getFirst());
        assertEquals(5, again.tree().filesRead());
        // the damaged pack was replaced by a good one
        notes.clear();
        assertEquals(0, scan(true, Optional.empty(), tree.toString()).tree().filesRead());
        assertTrue(notes.isEmpty());
    }

    @Test
    void aFileModifiedJustNowIsCheckedByItsContentNotTrustedByItsIdentity() throws IOException {
        write("drivers/bar/bar.c", "void bar_run(size_t n) { void *p = vmalloc(n); kfree(p); }\n");
        scan(true, Optional.empty(), tree.toString());
        // same size, same mtime (set back to what the first scan saw), different content: only the racy
        // rule catches it, since the file was modified within the racy window of the cached scan
        FileTime mtime = Files.getLastModifiedTime(tree.resolve("drivers/bar/bar.c"));
        write("drivers/bar/bar.c", "void bar_run(size_t n) { void *p = vmalloc(n); vfree(p); }\n");
        Files.setLastModifiedTime(tree.resolve("drivers/bar/bar.c"), mtime);
        ScanResult after = scan(true, Optional.empty(), tree.toString());
        assertTrue(shown(after).stream().noneMatch(s -> s.contains("bar.c")), shown(after).toString());
    }

    /**
     * A file edited just before a scan is kept with its content's hash; once the next scan no longer
     * finds it racy, the hash says it is unchanged, and it is not analysed again.
     */
    @Test
    void aFileRacyForTheLastScanButUnchangedIsNotAnalysedAgain() throws IOException, InterruptedException {
        ageAll();
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(tree.resolve("drivers/foo/foo.c"), FileTime.fromMillis(now - 1_500));
        ScanResult first = scan(true, Optional.empty(), tree.toString());
        // the next scan starts more than the racy window after the file's mtime
        Thread.sleep(Math.max(0, now + 600 - System.currentTimeMillis()));
        ScanResult second = scan(true, Optional.empty(), tree.toString());
        assertEquals(shown(first), shown(second));
        assertEquals(0, second.tree().itemsParsed(), "the file's cached analysis stands");
    }

    /**
     * Files read again whose entries come out as they were cached leave the cached scan standing;
     * a file that now calls a helper returning vmalloc memory, or no longer allocates, does not:
     * after each edit (just now, so read again), the findings are a fresh scan's.
     */
    @Test
    void anEditThatChangesNothingForTheIndexKeepsTheCachedScanAndOneThatDoesNot() throws IOException {
        scan(true, Optional.empty(), tree.toString());
        // a comment in a file of no interest: read, still of no interest
        write("init/main.c", "/* boot */\nint start_kernel(void) { return 0; }\n");
        assertEquals(shown(scan(false, Optional.empty(), tree.toString())),
                shown(scan(true, Optional.empty(), tree.toString())));
        // the same file now frees what the helper returns: it matters, and is analysed
        write("init/main.c", "int start_kernel(void) { void *p = kv_helper_alloc(8); kfree(p); return 0; }\n");
        ScanResult calls = scan(true, Optional.empty(), tree.toString());
        assertEquals(shown(scan(false, Optional.empty(), tree.toString())), shown(calls));
        assertTrue(shown(calls).stream().anyMatch(f -> f.contains("init/main.c")), shown(calls).toString());
        // an analysed file that no longer allocates: its finding goes
        write("drivers/bar/bar.c", "void bar_run(size_t n) { }\n");
        ScanResult gone = scan(true, Optional.empty(), tree.toString());
        assertEquals(shown(scan(false, Optional.empty(), tree.toString())), shown(gone));
        assertTrue(shown(gone).stream().noneMatch(f -> f.contains("bar.c")), shown(gone).toString());
        // the helper no longer allocates: its caller's finding goes with it
        write("lib/kvhelper.c", "void *kv_helper_alloc(size_t n)\n{\n\treturn NULL;\n}\n");
        ScanResult helper = scan(true, Optional.empty(), tree.toString());
        assertEquals(shown(scan(false, Optional.empty(), tree.toString())), shown(helper));
        assertTrue(shown(helper).stream().noneMatch(f -> f.contains("foo.c")), shown(helper).toString());
    }

    /** Outside a kernel tree, a file given twice, once through a link to it, is one file: reported once. */
    @Test
    void aFileGivenAlsoThroughALinkOutsideATreeIsReportedOnce() throws IOException {
        Path loose = Files.createDirectories(tmp.resolve("loose"));
        Path a = Files.writeString(loose.resolve("a.c"), "void a_run(size_t n) { void *p = vmalloc(n); kfree(p); }\n");
        Path b = Files.createSymbolicLink(loose.resolve("b.c"), a);
        ScanResult once = scan(false, Optional.empty(), a.toString());
        ScanResult twice = scan(false, Optional.empty(), a.toString(), b.toString());
        assertEquals(1, shown(once).size(), shown(once).toString());
        assertEquals(shown(once), shown(twice));
        assertEquals(1, twice.stats().filesScanned());
    }

    @Test
    void noItemIsParsedTwiceAndAHugeHeaderWithoutAllocatorCallsIsNotParsed() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            big.append("#define REG_").append(i).append("_MASK 0x").append(Integer.toHexString(i)).append("\n");
        }
        write("drivers/gpu/regs.h", big.toString());
        ageAll();
        ScanResult r = scan(false, Optional.empty(), tree.toString());
        // lib/kvhelper.c 1 item, drivers/bar/bar.c 1 item, drivers/foo/foo.c 1 item: nothing else
        assertEquals(3, r.tree().itemsParsed(), "each relevant item once");
        for (Finding f : r.findings()) {
            assertFalse(f.path().endsWith("regs.h"));
        }
    }

    @Test
    void anOversizedItemIsSkippedWithADiagnosticAndTheRestOfTheFileIsAnalysed() throws IOException {
        StringBuilder huge = new StringBuilder("static const int table[] = {\n");
        while (huge.length() < Scanner.MAX_ITEM_BYTES + 100) {
            huge.append("\t0x12345678, 0x12345678, 0x12345678, 0x12345678, 0x12345678,\n");
        }
        huge.append("\t(int)sizeof(kmalloc(1, 0))\n};\n\n");
        write("drivers/bar/bar.c", huge + """
                void bar_run(size_t n)
                {
                \tvoid *p = vmalloc(n);

                \tkfree(p);
                }
                """);
        ageAll();
        ScanResult r = scan(false, Optional.empty(), tree.resolve("drivers/bar").toString());
        assertEquals(1, r.findings().size(), shown(r).toString());
        assertEquals("KV004", r.findings().getFirst().ruleId());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains("over the 4 MiB item limit")),
                r.diagnostics().toString());
    }
}
