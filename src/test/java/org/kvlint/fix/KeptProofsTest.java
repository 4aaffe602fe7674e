package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.OwnCache;
import org.kvlint.alloc.Bug;
import org.kvlint.engine.FindingPolicy;
import org.kvlint.engine.Progress;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.index.Cache;
import org.kvlint.rules.RuleContext;
import org.kvlint.validate.RunOutcome;
import org.kvlint.validate.ValidationResult;

/**
 * The proofs of a scan's fixes are kept beside the tree's pack: a re-run on an unchanged tree
 * takes them from there without reading a file; any change to the tree proves again; a damaged
 * proofs file is discarded with one line.
 */
class KeptProofsTest {
    private static final RuleContext RULES = RuleContext.standard();
    private static final String FOO = """
            #include <linux/slab.h>
            #include <linux/vmalloc.h>

            int foo_run(size_t n)
            {
            \tvoid *buf;

            \tbuf = kmalloc(n, GFP_KERNEL | __GFP_NOWARN);
            \tif (!buf)
            \t\tbuf = vmalloc(n);
            \tif (!buf)
            \t\treturn -ENOMEM;
            \tmemset(buf, 0, n);
            \tkvfree(buf);
            \treturn 0;
            }
            """;

    @TempDir
    Path tmp;

    private Path tree;
    private Path foo;
    private final List<String> notes = new ArrayList<>();
    /** An hour ago: files older than the racy window, whose identity alone is trusted. */
    private final FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);

    @BeforeEach
    void kernelTree() throws IOException {
        tree = tmp.resolve("linux");
        ownCache = new OwnCache(tmp.resolve("cache"));
        write("Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n");
        write("drivers/foo/foo.c", FOO);
        write("drivers/foo/other.c", "int other(void) { return 0; }\n");
        foo = tree.resolve("drivers/foo/foo.c");
    }

    private OwnCache ownCache;

    @AfterEach
    void cacheProperty() {
        ownCache.close();
    }

    private void write(String rel, String text) throws IOException {
        Files.setLastModifiedTime(org.kvlint.TestPaths.write(tree, rel, text), old);
    }

    private ProvenFixes.Result prove(boolean cache) {
        ScanResult scan = FindingPolicy.DEFAULT.apply(Scanner.standard().scan(new ScanOptions(List.of(tree.toString()),
                2, Optional.empty(), Optional.empty(), cache, Progress.notesOnly(notes::add))));
        return ProvenFixes.prove(scan, 2, RULES);
    }

    private static List<ValidationResult> results(ProvenFixes.Result r) {
        return r.all().stream().map(ProvenFixes.Proof::result).toList();
    }

    /** Other bytes of the same length, with the identity the cache saw (same size, mtime and inode). */
    private void overwriteKeepingItsIdentity() throws IOException {
        String garbled = FOO.replace("foo_run", "bar_run");
        assertEquals(FOO.length(), garbled.length());
        Files.writeString(foo, garbled);
        Files.setLastModifiedTime(foo, old);
    }

    @Test
    void anUnchangedTreeTakesItsProofsFromTheCacheWithoutReadingAFile() throws IOException {
        ProvenFixes.Result first = prove(true);
        assertEquals(1, first.all().size());
        assertTrue(first.all().getFirst().result().safe(), first.all().getFirst().result().reason());
        assertEquals(results(prove(false)), results(first), "as proven without a cache");
        // were foo.c read again, the proof would run bar_run()
        overwriteKeepingItsIdentity();
        ProvenFixes.Result again = prove(true);
        assertEquals(0, again.scan().tree().filesRead());
        assertEquals(results(first), results(again));
        assertEquals(first.scan().findings(), again.scan().findings(), "the proven fixes too");
        assertTrue(notes.isEmpty(), notes.toString());
    }

    /**
     * The report of an unchanged tree comes from the bytes the cache kept with foo.c's findings:
     * foo.c now holds other bytes in the finding's own line, which a read would hash into another
     * fingerprint.
     */
    @Test
    void anUnchangedTreeIsReportedFromTheTextTheScanRead() throws IOException {
        ProvenFixes.Result first = prove(true);
        List<String> before = report(first);
        String garbled = FOO.replace("kmalloc(n, GFP_KERNEL", "kmalloc(n, GFP_KERNEX");
        Files.writeString(foo, garbled);
        Files.setLastModifiedTime(foo, old);
        ProvenFixes.Result again = prove(true);
        assertEquals(0, again.scan().tree().filesRead());
        assertEquals(before, report(again));
        assertNotEquals(before, report(prove(false)), "read now, the file gives another fingerprint");
    }

    private List<String> report(ProvenFixes.Result r) {
        org.kvlint.report.Report report = org.kvlint.report.Report.of(r,
                org.kvlint.report.SourceRoot.resolve(Optional.empty(), r.scan(), List.of(tree.toString())));
        assertEquals(1, report.findings().size());
        return report.findings().stream().map(f -> f.fingerprint() + " " + f.region() + " " + f.fingerprints()).toList();
    }

    /** Proving is a phase a terminal shows too: one step per file with findings, then cleared. */
    @Test
    void provingTellsItsProgressFileByFile() {
        ScanResult scan = FindingPolicy.DEFAULT.apply(Scanner.standard().scan(new ScanOptions(List.of(tree.toString()),
                2, Optional.empty(), Optional.empty(), false, Progress.none())));
        List<String> heard = new ArrayList<>();
        ProvenFixes.prove(scan, 2, RULES, new Progress() {
            @Override
            public void update(int done, int total, int findings) {
                heard.add("update");
            }

            @Override
            public void proving(int done, int total) {
                heard.add(done + "/" + total);
            }

            @Override
            public void finish() {
                heard.add("finish");
            }
        });
        assertEquals(List.of("0/1", "1/1", "finish"), heard);
    }

    /**
     * A change anywhere in the tree proves again; the proof runs foo.c as the scan knows it (the
     * bytes the cache kept under its unchanged identity), not what the file now holds.
     */
    @Test
    void anyChangeToTheTreeProvesAgain() throws IOException {
        ProvenFixes.Result first = prove(true);
        byte[] keptBefore = Files.readAllBytes(proofsFile());
        overwriteKeepingItsIdentity();
        // another file of the tree changes: the proofs kept are not for this tree any more
        Files.setLastModifiedTime(tree.resolve("drivers/foo/other.c"), FileTime.fromMillis(old.toMillis() - 60_000));
        ProvenFixes.Result again = prove(true);
        assertEquals(1, again.scan().tree().filesRead(), "other.c only: the scan trusts foo.c's identity");
        assertFalse(java.util.Arrays.equals(keptBefore, Files.readAllBytes(proofsFile())),
                "proven again, and kept for the tree as it is now");
        assertEquals(results(first), results(again), "on foo.c as the scan read it");
        assertEquals(List.of("foo_run"), again.all().getFirst().result().functions());
    }

    private Path proofsFile() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache/packs"))) {
            return s.filter(p -> p.toString().endsWith(".proofs")).findFirst().orElseThrow();
        }
    }

    @Test
    void aDamagedProofsFileIsDiscardedWithOneLine() throws IOException {
        ProvenFixes.Result first = prove(true);
        Path proofs = proofsFile();
        byte[] bytes = Files.readAllBytes(proofs);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(proofs, bytes);
        ProvenFixes.Result again = prove(true);
        assertEquals(results(first), results(again));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.getFirst().contains("damaged") && notes.getFirst().contains(proofs.toString()), notes.getFirst());
        // proven again and kept again
        notes.clear();
        overwriteKeepingItsIdentity();
        assertEquals(results(first), results(prove(true)));
        assertTrue(notes.isEmpty(), notes.toString());
    }

    /**
     * A proof's outcomes are kept with it, so the bug kinds they hold are written in declaration
     * order: in the order of a Set.copyOf, salted afresh in every JVM, the proofs file of an
     * unchanged tree came out different in every run. (Within one run two copies agree, so the
     * order itself is what is checked: some twenty kinds fall in declaration order by chance almost never.)
     */
    @Test
    void aKeptOutcomeHoldsItsBugKindsInDeclarationOrderWhateverOrderTheyCameIn() {
        List<Bug> bugs = List.of(Bug.values());
        List<RunOutcome.Documented> documented = List.of(RunOutcome.Documented.values());
        RunOutcome reversed = outcome(bugs.reversed(), documented.reversed());
        assertEquals(bugs, List.copyOf(reversed.otherBugs()));
        assertEquals(documented, List.copyOf(reversed.documented()));
        RunOutcome kept = (RunOutcome) Cache.decodeValue(Cache.encodeValue(reversed));
        assertEquals(bugs, List.copyOf(kept.otherBugs()));
        assertArrayEquals(Cache.encodeValue(outcome(bugs, documented)), Cache.encodeValue(reversed));
    }

    private static RunOutcome outcome(List<Bug> bugs, List<RunOutcome.Documented> documented) {
        return new RunOutcome(Optional.empty(), new java.util.TreeMap<>(), false, false, List.of(), List.of(), List.of(),
                new LinkedHashSet<>(bugs), List.of(), new LinkedHashSet<>(documented));
    }
}
