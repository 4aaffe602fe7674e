package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan reads most files into one buffer per thread ({@link RegularFile#read(Path, long, byte[])}):
 * a file that fits is read into it, whatever a longer file left there after its end; one that
 * does not gets an array of its own; the bytes are the file's either way.
 */
class ReadBufferTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void aFileThatFitsIsReadIntoTheBufferAndOneThatDoesNotIntoItsOwnArray() throws IOException {
        byte[] buffer = bytes(100, 'x');
        Path small = dir.resolve("small.c");
        Files.write(small, "int a;\n".getBytes(StandardCharsets.US_ASCII));
        RegularFile.Sized s = RegularFile.read(small, 1 << 20, buffer);
        assertSame(buffer, s.bytes());
        assertEquals(7, s.length());
        assertArrayEquals("int a;\n".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(s.bytes(), s.length()));
        assertEquals('x', buffer[7], "past the end: left as it was");

        // as long as the buffer: no byte to spare for the end-of-file probe, an array of its own
        Path exact = dir.resolve("exact.c");
        Files.write(exact, bytes(100, 'e'));
        RegularFile.Sized e = RegularFile.read(exact, 1 << 20, buffer);
        assertNotSame(buffer, e.bytes());
        assertArrayEquals(bytes(100, 'e'), Arrays.copyOf(e.bytes(), e.length()));

        Path large = dir.resolve("large.c");
        Files.write(large, bytes(5000, 'l'));
        RegularFile.Sized l = RegularFile.read(large, 1 << 20, buffer);
        assertNotSame(buffer, l.bytes());
        assertArrayEquals(bytes(5000, 'l'), Arrays.copyOf(l.bytes(), l.length()));
        assertArrayEquals(Files.readAllBytes(large), RegularFile.read(large, 1 << 20).bytes());
    }

    @Test
    void theRawReadSaysWhichBytesAreTheFilesAndChecksOnlyThoseForNul() throws IOException {
        byte[] buffer = new byte[64]; // zeros past the end: a NUL there is not the file's
        Path p = dir.resolve("a.c");
        Files.write(p, "kfree(p);\n".getBytes(StandardCharsets.US_ASCII));
        SourceReader.Raw raw = SourceReader.readRaw(new InputFile(p, "a.c"), buffer);
        assertTrue(raw.diagnostics().isEmpty(), raw.diagnostics().toString());
        assertSame(buffer, raw.bytes());
        assertEquals(10, raw.length());
        assertArrayEquals("kfree(p);\n".getBytes(StandardCharsets.US_ASCII), raw.exact());
        assertArrayEquals(raw.exact(), SourceReader.readRaw(new InputFile(p, "a.c")).bytes());
    }
}
