package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.rules.Finding;
import org.kvlint.source.Diagnostic;

/** Bad input gets one clear diagnostic and the rest of the scan goes on. */
class RobustInputTest {
    private static final String FALLBACK = """
            static void *f(size_t n)
            {
            \tvoid *p = kmalloc(n, GFP_KERNEL);

            \tif (!p)
            \t\tp = vmalloc(n);
            \treturn p;
            }
            """;

    @TempDir
    Path dir;

    private ScanResult scan() {
        return Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 2, Optional.empty()));
    }

    private static List<String> diagnosticsFor(ScanResult r, String file) {
        return r.diagnostics().stream().filter(d -> d.path().endsWith(file)).map(Diagnostic::message).toList();
    }

    @Test
    void badFilesAreReportedOnceAndTheGoodOneIsStillScanned() throws IOException {
        Files.writeString(dir.resolve("good.c"), FALLBACK);
        Files.write(dir.resolve("binary.c"), new byte[] {'v', 'm', 'a', 'l', 'l', 'o', 'c', 0, 1, 2, 3});
        Files.createSymbolicLink(dir.resolve("dangling.c"), dir.resolve("does-not-exist.c"));
        Files.createDirectories(dir.resolve("loop"));
        Files.createSymbolicLink(dir.resolve("loop/self"), dir.resolve("loop"));

        ScanResult r = scan();

        assertEquals(1, r.findings().size(), r.findings().toString());
        assertTrue(r.findings().getFirst().path().endsWith("good.c"));
        assertEquals(List.of("binary file (NUL byte at offset 7), skipped"), diagnosticsFor(r, "binary.c"));
        assertEquals(List.of("dangling symlink, skipped"), diagnosticsFor(r, "dangling.c"));
        assertEquals(List.of("symlink loop, not followed"), diagnosticsFor(r, "loop/self"));
    }

    @Test
    void invalidUtf8KeepsExactPositions() throws IOException {
        byte[] head = "/* caf\u00e9 \u00ff: */\n".getBytes(StandardCharsets.ISO_8859_1); // Latin-1: invalid UTF-8
        byte[] body = ("static int x;\t\u00e9\u00e9" + FALLBACK).getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        Files.write(dir.resolve("latin1.c"), all);

        ScanResult r = scan();

        assertEquals(1, r.findings().size());
        Finding f = r.findings().getFirst();
        assertEquals(4, f.span().startLine());
        assertEquals(12, f.span().startColumn()); // tab counts one byte: "\tvoid *p = " is 11 bytes
        assertEquals(List.of("invalid UTF-8 (first at byte 6); invalid bytes read as '?'"), diagnosticsFor(r, "latin1.c"));
    }

    @Test
    void crlfFilesAreScannedWithTheSameLines() throws IOException {
        Files.writeString(dir.resolve("crlf.c"), FALLBACK.replace("\n", "\r\n"));

        ScanResult r = scan();

        assertEquals(1, r.findings().size());
        assertEquals(3, r.findings().getFirst().span().startLine());
        assertEquals(1, diagnosticsFor(r, "crlf.c").size());
        assertTrue(diagnosticsFor(r, "crlf.c").getFirst().startsWith("CRLF line endings"));
    }

    @Test
    void unreadableFileIsReported() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path f = dir.resolve("secret.c");
        Files.writeString(f, FALLBACK);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));

        ScanResult r = scan();

        assertEquals(List.of("cannot read: permission denied, skipped"), diagnosticsFor(r, "secret.c"));
    }

    @Test
    void readErrorsBecomeOneDiagnostic() throws IOException {
        // Root reads every file, so exercise the same I/O-error path with a directory.
        Path d = Files.createDirectories(dir.resolve("not-a-file.c"));
        var read = org.kvlint.source.SourceReader.read(new org.kvlint.source.InputFile(d, "not-a-file.c"));
        assertTrue(read.content().isEmpty());
        assertEquals("cannot read: is a directory, skipped", read.diagnostics().getFirst().message());
    }

    @Test
    void halfWrittenCodeDoesNotHideTheRestOfTheFile() throws IOException {
        Files.writeString(dir.resolve("half.c"), "static int g(void)\n{\n\tif (x > ) {\n\t\ty = kmalloc(n GFP_KERNEL;\n"
                + "}\n\n#define M(x) do { vmalloc(x) } while (\n" + FALLBACK);

        ScanResult r = scan();

        assertEquals(1, r.findings().size());
        assertTrue(r.stats().functionsWithParseErrors() >= 1);
    }
}
