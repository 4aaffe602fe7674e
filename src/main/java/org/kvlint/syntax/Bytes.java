package org.kvlint.syntax;

/**
 * Searches in source bytes without decoding them: the checks that run on every function or
 * every candidate file of a whole-tree scan, where a decoded copy and a regex cost more than the
 * rest of the check.
 */
public final class Bytes {
    private Bytes() {}

    /** Does {@code b[at, end)} start with {@code word}? */
    public static boolean startsWith(byte[] b, int at, int end, byte[] word) {
        return at >= 0 && at + word.length <= Math.min(end, b.length)
                && java.util.Arrays.equals(b, at, at + word.length, word, 0, word.length);
    }

    /** The first offset in {@code [from, to)} where {@code word} starts and ends, or -1. */
    public static int indexOf(byte[] b, byte[] word, int from, int to) {
        int end = Math.min(to, b.length);
        if (word.length == 0) {
            return from <= end ? Math.max(from, 0) : -1;
        }
        for (int i = Math.max(from, 0); i + word.length <= end; i++) {
            if (b[i] == word[0] && startsWith(b, i, end, word)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The offsets, ascending, where {@code word} stands in {@code b} as a whole identifier: no
     * letter, digit or underscore right before or after it.
     */
    public static int[] wordOffsets(byte[] b, byte[] word) {
        int[] out = new int[8];
        int n = 0;
        for (int i = indexOf(b, word, 0, b.length); i >= 0; i = indexOf(b, word, i + 1, b.length)) {
            if ((i == 0 || !identifierByte(b[i - 1])) && (i + word.length == b.length || !identifierByte(b[i + word.length]))) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, 2 * n);
                }
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean identifierByte(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /**
     * Does {@code b[from, to)} contain {@code lowerWord} in any ASCII case? ({@code lowerWord} in
     * lower case.) What a case-insensitive regex needs of decoded text: UTF-8 keeps ASCII bytes
     * as they are, so a necessary condition read from the bytes.
     */
    public static boolean containsIgnoreCase(byte[] b, byte[] lowerWord, int from, int to) {
        int end = Math.min(to, b.length);
        outer:
        for (int i = Math.max(from, 0); i + lowerWord.length <= end; i++) {
            for (int j = 0; j < lowerWord.length; j++) {
                int c = b[i + j];
                if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerWord[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
