package org.kvlint.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import org.kvlint.source.CallScan;
import org.kvlint.syntax.NativeScan;

/**
 * Finds whole C identifiers from a fixed set in a file's bytes, in one pass whatever the size of
 * the set (hundreds of wrapper names after pass 1): the pass is in kvlint's natives
 * ({@link NativeScan#wordHits}: every identifier hashed while it is scanned and looked up in an
 * open-addressing table of the set's hashes); each hit is compared byte by byte here.
 * {@link #hitsInJava} is the same search written plainly, the reference the tests compare with.
 */
final class WordMatcher {
    /** Hits per call of the native pass (a file with more is searched in several calls). */
    private static final int HITS_PER_CALL = 256;

    private final byte[][] words;
    /** The words' hashes (0 stored as 1) by open addressing; 0 is an empty slot. */
    private final int[] table;
    private final int mask;
    private final int minLength;
    private final int maxLength;

    WordMatcher(Collection<String> names) {
        words = names.stream().distinct().map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
        int size = Integer.highestOneBit(Math.max(4, words.length * 4) - 1) << 1;
        table = new int[size];
        mask = size - 1;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (byte[] w : words) {
            int h = slotHash(CallScan.hash(w, 0, w.length));
            int s = h & mask;
            while (table[s] != 0 && table[s] != h) {
                s = (s + 1) & mask;
            }
            table[s] = h;
            min = Math.min(min, w.length);
            max = Math.max(max, w.length);
        }
        minLength = min;
        maxLength = max;
    }

    private static int slotHash(int h) {
        return h == 0 ? 1 : h;
    }

    boolean isEmpty() {
        return words.length == 0;
    }

    /** Offsets of every identifier of the set in {@code content}, ascending. */
    int[] hits(byte[] content) {
        if (words.length == 0) {
            return new int[0];
        }
        int[] found = new int[1 + 2 * HITS_PER_CALL];
        int[] out = new int[16];
        int n = 0;
        for (int from = 0; from < content.length; ) {
            from = NativeScan.wordHits(content, from, table, mask, minLength, maxLength, found);
            for (int k = 0; k < found[0]; k++) {
                int start = found[1 + 2 * k];
                if (isWord(content, start, found[2 + 2 * k])) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = start;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Is {@code content[start, start + length)} one of the words (its hash is in the table)? */
    private boolean isWord(byte[] content, int start, int length) {
        for (byte[] w : words) {
            if (w.length == length && Arrays.equals(w, 0, length, content, start, start + length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same as {@link #hits}, in plain Java: every maximal run of {@code [A-Za-z0-9_]} not
     * starting with a digit that is one of the words.
     */
    int[] hitsInJava(byte[] content) {
        java.util.Set<String> set = new java.util.HashSet<>();
        for (byte[] w : words) {
            set.add(new String(w, StandardCharsets.ISO_8859_1));
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < content.length) {
            if (!CallScan.isIdentifier(content[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < content.length && CallScan.isIdentifier(content[i])) {
                i++;
            }
            if (!(content[start] >= '0' && content[start] <= '9')
                    && set.contains(new String(content, start, i - start, StandardCharsets.ISO_8859_1))) {
                out.add(start);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
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
