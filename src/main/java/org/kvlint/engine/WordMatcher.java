package org.kvlint.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Finds whole C identifiers from a fixed set in a file's bytes, in one pass whatever the size of
 * the set (hundreds of wrapper names after pass 1): every identifier is hashed while it is
 * scanned and looked up in an open-addressing table; hits are verified byte by byte.
 */
final class WordMatcher {
    private final byte[][] words;
    private final long[] hashes;
    private final int[] slots;
    private final int mask;
    private final int minLength;
    private final int maxLength;
    /** Which first two bytes any word starts with: most identifiers are skipped without hashing. */
    private final boolean[] starts = new boolean[1 << 16];

    WordMatcher(Collection<String> names) {
        words = names.stream().distinct().map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
        int size = Integer.highestOneBit(Math.max(4, words.length * 4) - 1) << 1;
        slots = new int[size];
        Arrays.fill(slots, -1);
        hashes = new long[words.length];
        mask = size - 1;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < words.length; i++) {
            byte[] w = words[i];
            long h = hash(w, 0, w.length);
            hashes[i] = h;
            int s = (int) (h ^ (h >>> 32)) & mask;
            while (slots[s] >= 0) {
                s = (s + 1) & mask;
            }
            slots[s] = i;
            min = Math.min(min, w.length);
            max = Math.max(max, w.length);
            starts[pair(w, 0, w.length)] = true;
        }
        minLength = min;
        maxLength = max;
    }

    boolean isEmpty() {
        return words.length == 0;
    }

    /** Offsets of every identifier of the set in {@code content}, ascending. */
    int[] hits(byte[] content) {
        if (words.length == 0) {
            return new int[0];
        }
        int[] out = new int[16];
        int n = 0;
        int i = 0;
        int len = content.length;
        while (i < len) {
            byte b = content[i];
            if (!isIdent(b)) {
                i++;
                continue;
            }
            int start = i;
            if (!starts[pair(content, start, len)]) {
                while (i < len && isIdent(content[i])) {
                    i++;
                }
                continue;
            }
            long h = 0xcbf29ce484222325L;
            while (i < len && isIdent(content[i])) {
                h = (h ^ (content[i] & 0xff)) * 0x100000001b3L;
                i++;
            }
            int l = i - start;
            if (l < minLength || l > maxLength || (content[start] >= '0' && content[start] <= '9')) {
                continue;
            }
            int s = (int) (h ^ (h >>> 32)) & mask;
            while (slots[s] >= 0) {
                int w = slots[s];
                if (hashes[w] == h && equal(words[w], content, start, l)) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = start;
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The first two bytes of the identifier at {@code start} (the second is 0 for a one-byte identifier). */
    private static int pair(byte[] b, int start, int end) {
        int first = b[start] & 0xff;
        int second = start + 1 < end && isIdent(b[start + 1]) ? b[start + 1] & 0xff : 0;
        return first << 8 | second;
    }

    private static boolean equal(byte[] w, byte[] content, int start, int l) {
        if (w.length != l) {
            return false;
        }
        for (int k = 0; k < l; k++) {
            if (w[k] != content[start + k]) {
                return false;
            }
        }
        return true;
    }

    private static long hash(byte[] b, int start, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < end; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private static boolean isIdent(byte b) {
        return IDENT[b & 0xff];
    }

    /** Identifier bytes, by value: one load per byte in {@link #hits}, which scans whole files. */
    private static final boolean[] IDENT = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            IDENT[b] = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_';
        }
    }

    /** The sorted union of two hit arrays. */
    static int[] union(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        int[] u = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, u, a.length, b.length);
        Arrays.sort(u);
        return u;
    }
}
