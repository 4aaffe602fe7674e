package org.kvlint.fix;

import org.kvlint.syntax.Bytes;

/**
 * Does a file's text define a function, by its shape: a line that starts a declaration (a letter
 * or underscore at the line's start, no {@code ;{}()} up to the name), the name, a parameter list,
 * and the opening brace of a body — as the regular expression
 * {@code (?m)^[A-Za-z_][^;{}()]*\bNAME\s*\([^;{]*\)\s*\{} over the bytes read as ISO-8859-1 finds
 * it, without a backtracking regex over every file that may call the function (a fix's proof
 * reads up to a few hundred of them, and that regex was a quarter of the proofs' time).
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
            if (!isWord(text[o - 1]) && startsDeclaration(text, o) && hasBody(text, o + n.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A line start {@code L < o} with a letter or underscore there and none of {@code ;{}()} from
     * it up to {@code o}.
     */
    private static boolean startsDeclaration(byte[] b, int o) {
        for (int k = o - 1; k >= 0; k--) {
            byte c = b[k];
            if (c == ';' || c == '{' || c == '}' || c == '(' || c == ')') {
                return false;
            }
            if (isLetter(c) && (k == 0 || isLineTerminator(b[k - 1]))) {
                return true;
            }
        }
        return false;
    }

    /** {@code \s*\(}, then {@code [^;{]*\)\s*\{}: the parameter list's closing parenthesis is the last thing before the brace. */
    private static boolean hasBody(byte[] b, int at) {
        int i = at;
        while (i < b.length && isSpace(b[i])) {
            i++;
        }
        if (i >= b.length || b[i] != '(') {
            return false;
        }
        int open = i;
        int e = open + 1;
        while (e < b.length && b[e] != ';' && b[e] != '{') {
            e++;
        }
        if (e >= b.length || b[e] != '{') {
            return false;
        }
        int j = e - 1;
        while (j > open && isSpace(b[j])) {
            j--;
        }
        return j > open && b[j] == ')';
    }

    private static boolean isLetter(byte c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
    }

    private static boolean isWord(byte c) {
        return isLetter(c) || c >= '0' && c <= '9';
    }

    /** Java's {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** What ends a line for {@code (?m)^} in ISO-8859-1 text: {@code \n}, {@code \r}, NEL (0x85). */
    private static boolean isLineTerminator(byte c) {
        return c == '\n' || c == '\r' || (c & 0xff) == 0x85;
    }
}
