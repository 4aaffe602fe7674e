package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time byte searches of {@link SourceReader} agree with a plain byte loop everywhere. */
class SourceReaderScanTest {
    private static int naiveNonAscii(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveCrlf(byte[] b) {
        for (int i = 1; i < b.length; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r') {
                return i - 1;
            }
        }
        return -1;
    }

    @Test
    void agreeWithByteLoopsAtEveryOffsetAndLength() {
        Random r = new Random(42);
        byte[] alphabet = {'a', ' ', '\r', '\n', (byte) 0x80, (byte) 0xff, 0x7f, 0x0d ^ 0x01, 0x01};
        for (int len = 0; len < 40; len++) {
            for (int trial = 0; trial < 300; trial++) {
                byte[] b = new byte[len];
                for (int i = 0; i < len; i++) {
                    // mostly plain ASCII, so the interesting bytes sit at every position of a word
                    b[i] = r.nextInt(6) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) ('a' + r.nextInt(26));
                }
                assertEquals(naiveNonAscii(b), SourceReader.firstNonAscii(b));
                assertEquals(naiveCrlf(b), SourceReader.indexOfCrlf(b));
            }
        }
    }

    @Test
    void crlfAcrossAWordBoundary() {
        byte[] b = "0123456\r\n9abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(7, SourceReader.indexOfCrlf(b));
        assertEquals(-1, SourceReader.firstNonAscii(b));
    }
}
