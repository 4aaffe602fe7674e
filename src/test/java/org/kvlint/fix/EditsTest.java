package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.rules.Fix.TextEdit;

class EditsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void overlapAndSamePointInsertionsConflictIdenticalEditsDoNot() {
        assertTrue(Edits.conflict(new TextEdit(0, 5, "a"), new TextEdit(4, 8, "b")));
        assertFalse(Edits.conflict(new TextEdit(0, 5, "a"), new TextEdit(5, 8, "b")), "adjacent is fine");
        assertTrue(Edits.conflict(new TextEdit(5, 5, "x"), new TextEdit(5, 8, "b")), "insert at a replaced start");
        assertTrue(Edits.conflict(new TextEdit(5, 5, "x"), new TextEdit(5, 5, "y")), "two inserts at one point");
        assertTrue(Edits.conflict(new TextEdit(6, 6, "x"), new TextEdit(5, 8, "b")), "insert inside a replacement");
        assertFalse(Edits.conflict(new TextEdit(2, 4, "k"), new TextEdit(2, 4, "k")), "the same change twice");
    }

    @Test
    void onlyTheEditedBytesChangeAndCrlfFilesGetCrlf() {
        byte[] in = b("a\r\nbb\r\ncc\r\n");
        byte[] out = Edits.apply(in, List.of(new TextEdit(3, 7, "x\ny\n")), LineEnding.CRLF);
        assertEquals("a\r\nx\r\ny\r\ncc\r\n", new String(out, StandardCharsets.UTF_8));
        assertEquals(LineEnding.CRLF, LineEnding.of(in));
        assertEquals(LineEnding.LF, LineEnding.of(b("a\nb\r\nc\n")));
        assertEquals("a\r\nb", LineEnding.CRLF.translate("a\r\nb"), "already CRLF stays");
    }

    @Test
    void bytesOutsideTheEditsSurviveEvenWhenNotUtf8() {
        byte[] in = {'/', '*', (byte) 0xe9, '*', '/', '\n', 'k', 'f', 'r', 'e', 'e', '\n'};
        byte[] out = Edits.apply(in, List.of(new TextEdit(6, 11, "kvfree")), LineEnding.LF);
        byte[] want = {'/', '*', (byte) 0xe9, '*', '/', '\n', 'k', 'v', 'f', 'r', 'e', 'e', '\n'};
        assertArrayEquals(want, out);
        byte[] content = in.clone();
        content[2] = '?';
        assertTrue(Edits.touchesOnlyExactBytes(in, content, List.of(new TextEdit(6, 11, "kvfree"))));
        assertFalse(Edits.touchesOnlyExactBytes(in, content, List.of(new TextEdit(0, 6, ""))));
    }

    @Test
    void duplicatesApplyOnceConflictsThrow() {
        byte[] in = b("kfree(p);\n");
        TextEdit e = new TextEdit(0, 5, "kvfree");
        assertEquals("kvfree(p);\n", new String(Edits.apply(in, List.of(e, e), LineEnding.LF), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class,
                () -> Edits.apply(in, List.of(e, new TextEdit(1, 3, "x")), LineEnding.LF));
        assertThrows(IllegalArgumentException.class, () -> Edits.apply(in, List.of(new TextEdit(5, 99, "")), LineEnding.LF));
    }
}
