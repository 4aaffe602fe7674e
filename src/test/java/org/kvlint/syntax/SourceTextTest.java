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
}
