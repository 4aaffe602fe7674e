package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileKind;

/**
 * Issue 15 as a hostile user meets the command line: outputs that are devices, FIFOs or closed
 * pipes, special files as baselines, an empty directory, errors that must not become stack traces,
 * {@code simulate FILE:LINE:COL}, {@code --jobs 10000}, {@code --strict}.
 */
class HostileUseTest {
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final String FALLBACK = """
            static void *f(size_t n)
            {
            \tvoid *p = kmalloc(n, GFP_KERNEL);

            \tif (!p)
            \t\tp = vmalloc(n);
            \treturn p;
            }
            """;

    /** {@link CliTest#run}, with a hang turned into a failure. */
    static CliTest.Run run(String... args) {
        return assertTimeoutPreemptively(HANG, () -> CliTest.run(args));
    }

    @TempDir
    Path dir;

    private static void mkfifo(Path p) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor(), "mkfifo " + p);
    }

    private String good() throws IOException {
        return Files.writeString(dir.resolve("good.c"), FALLBACK).toString();
    }

    // ------------------------------------------------------------------ standard output

    /** An output stream that fails as a full disk or a closed pipe does. */
    private static OutputStream failing(String why) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(why);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(why);
            }
        };
    }

    @Test
    void aReportLostOnStdoutIsAnErrorWithTheSystemsReason() throws IOException {
        String good = good();
        for (String why : List.of("No space left on device", "Broken pipe")) {
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"check", good}, new ReportStream(failing(why)), new PrintWriter(err));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("kvlint: error: cannot write to standard output: " + why + "\n"),
                    err.toString());
        }
        // the same run on a working stdout: findings, exit 1, the report in UTF-8
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"check", good}, new ReportStream(bytes), new PrintWriter(new StringWriter()));
        assertEquals(1, code);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("[KV001]"));
    }

    @Test
    void dashAndDevStdoutWriteToOurOwnStdout() throws IOException {
        String good = good();
        for (String o : List.of("-", "/dev/stdout")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"check", "-o", o, good}, new ReportStream(bytes),
                    new PrintWriter(new StringWriter()));
            assertEquals(1, code);
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("[KV001]"), o);
        }
    }

    @Test
    void outputIntoADeviceNeverReplacesIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path full = dir.resolve("full");
        assumeTrue(new ProcessBuilder("mknod", full.toString(), "c", "1", "7").start().waitFor() == 0, "mknod failed");
        String good = good();
        CliTest.Run r = run("check", "-o", full.toString(), good);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("kvlint: error: " + full + ": cannot write: No space left on device"), r.err());
        CliTest.Run b = run("check", "--write-baseline", full.toString(), good);
        assertEquals(2, b.code());
        assertTrue(b.err().contains("kvlint: error: " + full + ": cannot write: No space left on device"), b.err());
        assertEquals(FileKind.CHARACTER_DEVICE, FileKind.of(full, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void outputThroughASymlinkKeepsTheLink() throws IOException {
        String good = good();
        Path real = Files.writeString(dir.resolve("real.sarif"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.sarif"), real.getFileName());
        CliTest.Run r = run("check", "--format", "sarif", "-o", link.toString(), good);
        assertEquals(1, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("\"ruleId\" : \"KV001\""));
    }

    // ------------------------------------------------------------------ special files as inputs

    @Test
    void specialBaselinesGiveOneLineNotAHangOrAnOutOfMemoryError() throws Exception {
        String good = good();
        Path zero = Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
        Path fifo = dir.resolve("fifo.json");
        mkfifo(fifo);
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        CliTest.Run z = run("check", "--baseline", zero.toString(), good);
        assertEquals(2, z.code());
        assertEquals("kvlint: error: " + zero + ": not a kvlint baseline (a character device, not a regular file)\n", z.err());
        CliTest.Run f = run("check", "--baseline", fifo.toString(), good);
        assertEquals(2, f.code());
        assertEquals("kvlint: error: " + fifo + ": not a kvlint baseline (a FIFO, not a regular file)\n", f.err());
        CliTest.Run b = run("check", "--baseline", binary.toString(), good);
        assertEquals(2, b.code());
        assertEquals("kvlint: error: " + binary + ": not a kvlint baseline (not UTF-8 text)\n", b.err());
    }

    @Test
    void specialConfigAndSarifFilesGiveOneLineNotAHang() throws Exception {
        String good = good();
        Path fifo = dir.resolve("fifo.toml");
        mkfifo(fifo);
        Path binary = Files.write(dir.resolve("binary.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        CliTest.Run f = run("check", "--config", fifo.toString(), good);
        assertEquals(2, f.code());
        assertTrue(f.err().contains(fifo + ": cannot read: a FIFO, not a regular file"), f.err());
        CliTest.Run b = run("check", "--config", binary.toString(), good);
        assertEquals(2, b.code());
        assertTrue(b.err().contains(binary + ": cannot read: not UTF-8 text"), b.err());
        Path zero = Files.createSymbolicLink(dir.resolve("zero.sarif"), Path.of("/dev/zero"));
        CliTest.Run a = run("annotate", zero.toString());
        assertEquals(2, a.code());
        assertTrue(a.err().contains(zero + ": not a SARIF log (a character device, not a regular file)"), a.err());
    }

    @Test
    void aFifoAmongTheInputsIsSkippedAndTheRestReported() throws Exception {
        String good = good();
        Path fifo = dir.resolve("x.c");
        mkfifo(fifo);
        CliTest.Run r = run("check", fifo.toString(), good);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("kvlint: warning: " + fifo + ": not a regular file (a FIFO), skipped\n"), r.err());
        assertTrue(r.out().contains("[KV001]"));
    }

    @Test
    void specialFilesInsideAKernelTreeAreReportedToo() throws Exception {
        // inside a kernel tree the engine walks the whole tree itself (index.TreeWalker)
        Path tree = Files.createDirectories(dir.resolve("linux"));
        Files.writeString(tree.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n");
        Files.writeString(tree.resolve("Kbuild"), "");
        Path drv = Files.createDirectories(tree.resolve("drivers/foo"));
        Files.writeString(drv.resolve("good.c"), FALLBACK);
        mkfifo(drv.resolve("pipe.c"));
        Files.createSymbolicLink(drv.resolve("zero.h"), Path.of("/dev/zero"));
        Files.createSymbolicLink(drv.resolve("a.c"), Path.of("b.c"));
        Files.createSymbolicLink(drv.resolve("b.c"), Path.of("a.c"));
        CliTest.Run r = run("check", "--no-cache", tree.resolve("drivers").toString());
        assertEquals(1, r.code(), r.err());
        String d = tree.resolve("drivers") + "/foo/";
        for (String line : List.of(d + "pipe.c: not a regular file (a FIFO), skipped",
                d + "zero.h: not a regular file (symlink to a character device), skipped",
                d + "a.c: symlink loop, skipped", d + "b.c: symlink loop, skipped")) {
            assertTrue(r.err().contains("kvlint: warning: " + line + "\n"), line + "\n" + r.err());
        }
        assertTrue(r.out().contains("good.c:3:12: warning:"), r.out());
    }

    @Test
    void anEmptyDirectoryIsNothingScannable() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliTest.Run r = run("check", empty.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("kvlint: warning: " + empty + ": no .c or .h file in this directory, nothing to scan\n"),
                r.err());
        assertEquals(2, run("fix", empty.toString()).code());
    }

    // ------------------------------------------------------------------ messages and options

    @Test
    void simulateTakesFileLineColumnAsCheckPrintsIt() throws IOException {
        String good = good();
        CliTest.Run check = run("check", good);
        String where = check.out().substring(0, check.out().indexOf(": warning:")); // FILE:3:12
        assertTrue(where.endsWith(":3:12"), where);
        for (String target : List.of(where, where + ":", good + ":3")) {
            CliTest.Run r = run("simulate", "--quick-matrix", target);
            assertTrue(r.out().startsWith(where + ": warning:"), target + "\n" + r.out() + r.err());
            assertFalse(r.err().contains("no such file"), r.err());
        }
        CliTest.Run missing = run("simulate", dir.resolve("nope.c") + ":3:12");
        assertEquals(2, missing.code());
        assertEquals("kvlint: error: " + dir.resolve("nope.c") + ": no such file\n", missing.err());
    }

    @Test
    void locationsParseLikeCompilersPrintThem() {
        var parse = (java.util.function.Function<String, Optional<SimulateCommand.Location>>) t ->
                SimulateCommand.Location.parse(t, f -> f.equals("a.c") || f.equals("odd:7.c"));
        assertEquals(new SimulateCommand.Location("a.c", 29, 15), parse.apply("a.c:29:15").orElseThrow());
        assertEquals(new SimulateCommand.Location("a.c", 29, 15), parse.apply("a.c:29:15:").orElseThrow());
        assertEquals(new SimulateCommand.Location("a.c", 29, 0), parse.apply("a.c:29").orElseThrow());
        assertEquals(new SimulateCommand.Location("odd:7.c", 3, 0), parse.apply("odd:7.c:3").orElseThrow());
        assertEquals(new SimulateCommand.Location("missing.c", 4, 2), parse.apply("missing.c:4:2").orElseThrow());
        assertEquals(Optional.empty(), parse.apply("a.c"));
        assertEquals(Optional.empty(), parse.apply("a.c:0"));
    }

    @Test
    void absurdJobCountsAreCappedWithANote() throws IOException {
        String good = good();
        int cap = TargetOptions.JOBS_PER_CORE * Runtime.getRuntime().availableProcessors();
        CliTest.Run r = run("check", "-j", "10000", good);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("kvlint: note: --jobs 10000 is more than " + TargetOptions.JOBS_PER_CORE
                + " per core"), r.err());
        assertTrue(r.err().contains("; using " + cap + "\n"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("--jobs")).count(), "said once: " + r.err());
        assertFalse(run("check", "-j", String.valueOf(cap), good).err().contains("--jobs"));
    }

    @Test
    void strictMakesInternalProblemsExitThree() {
        StrictOption strict = new StrictOption();
        List<Diagnostic> internal = List.of(new Diagnostic("a.c", Diagnostic.Severity.NOTE, "crlf"),
                Diagnostic.internal("b.c", "internal error, file skipped: java.lang.IllegalStateException"));
        List<Diagnostic> plain = List.of(new Diagnostic("a.c", Diagnostic.Severity.WARNING, "binary file, skipped"));
        assertEquals(1, strict.status(1, internal), "without --strict the status is the findings'");
        strict.strict = true;
        assertEquals(3, strict.status(0, internal));
        assertEquals(3, strict.status(1, internal));
        assertEquals(2, strict.status(2, internal), "usage and fatal errors stay 2");
        assertEquals(1, strict.status(1, plain), "an unusable input is not an internal problem");
        assertTrue(run("check", "--help").out().contains("--strict"));
        assertTrue(run("fix", "--help").out().contains("--strict"));
    }

    @Test
    void escapingErrorsBecomeOneLineAndStatusTwo() {
        for (Throwable t : List.of(new OutOfMemoryError("Java heap space"), new StackOverflowError(),
                new IllegalStateException("boom\nsecond line"))) {
            StringWriter err = new StringWriter();
            int code = Main.guarded(() -> {
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }, new PrintWriter(err, true));
            assertEquals(2, code);
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("kvlint: error: "), err.toString());
        }
    }

    @Test
    void anOutOfMemoryErrorReachesNoUserAsAStackTrace() throws Exception {
        // a real JVM with a tiny heap on a file whose analysis needs more: the engine turns it into
        // one internal diagnostic (--strict: status 3), or, escaping that, Main into one line and 2
        Path big = dir.resolve("big.c");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            s.append(FALLBACK.replace("f(", "f" + i + "("));
        }
        Files.writeString(big, s);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx24m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "check", "--strict", "--no-cache",
                big.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assumeTrue(p.exitValue() != 1 && p.exitValue() != 0, "the scan fit in the heap after all");
        assertFalse(err.contains("\tat "), err);
        if (p.exitValue() == 3) {
            // the OutOfMemoryError itself, or what the JDK made of it where it struck (an FFM
            // downcall's "should not reach here"): either way one line naming the file
            assertTrue(err.contains("kvlint: warning: " + big + ": internal error, file skipped: java.lang."), err);
            assertEquals(1, err.lines().filter(l -> l.contains("internal error")).count(), err);
        } else {
            assertEquals(2, p.exitValue(), err);
            assertTrue(err.contains("kvlint: error: out of memory"), err);
        }
    }
}
