package org.kvlint.fix;

import org.kvlint.source.CallScan;
import org.kvlint.syntax.Bytes;

/**
 * Does a file's text define a function, by its shape ({@link CallScan#definitionAt}, which the
 * scan applies to every name in call position to index what each file defines): a line that
 * starts a declaration, the name, a parameter list, and the opening brace of a body. The index
 * says which files may define a function (by the hash of its name); this confirms it on their text.
 */
final class DefinitionText {
    private DefinitionText() {}

    /** True when {@code text} holds a definition of {@code name} (an identifier) in that shape. */
    static boolean defines(byte[] text, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (n.length == 0) {
            return false;
        }
        for (int o = Bytes.indexOf(text, n, 1, text.length); o >= 0; o = Bytes.indexOf(text, n, o + 1, text.length)) {
            if (!CallScan.isIdentifier(text[o - 1]) && CallScan.definitionAt(text, o, o + n.length, text.length)) {
                return true;
            }
        }
        return false;
    }
}
