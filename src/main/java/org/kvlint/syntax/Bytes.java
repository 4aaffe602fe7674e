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
