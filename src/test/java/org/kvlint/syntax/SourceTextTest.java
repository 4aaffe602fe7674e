package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceTextTest {
    @Test
    void appendedTextIsTheDecodedText() {
        byte[] b = "s->buf /* caf\u00e9 */ x".getBytes(StandardCharsets.UTF_8);
        byte[] broken = {'a', (byte) 0xc3, 'b', (byte) 0xff};
        for (byte[] bytes : new byte[][] {b, broken}) {
            SourceText t = new SourceText(bytes);
            for (int start = 0; start <= bytes.length; start++) {
                for (int end = start; end <= bytes.length; end++) {
                    StringBuilder out = new StringBuilder("<");
                    t.appendText(start, end, out);
                    assertEquals("<" + t.text(start, end), out.toString(), start + ".." + end);
                }
            }
        }
    }

    @Test
    void containsAnswersAsASearchOfTheRange() {
        byte[] b = "static inline int f(void) { return a < b; } /* inline */ inlin inlineinline"
                .getBytes(StandardCharsets.UTF_8);
        SourceText t = new SourceText(b);
        int yes = 0;
        for (String w : new String[] {"inline", "in", "return", "inline", "zzz"}) {
            byte[] word = w.getBytes(StandardCharsets.UTF_8);
            for (int start = 0; start <= b.length; start++) {
                for (int end = start; end <= b.length; end++) {
                    boolean want = Bytes.indexOf(b, word, start, end) >= 0;
                    assertEquals(want, t.contains(word, start, end), w + " " + start + ".." + end);
                    yes += want ? 1 : 0;
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(yes > 1000, "ranges that contain the word: " + yes);
    }
}
