package org.kvlint.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The cheap byte-level test that decides which files, and which top-level items in them, are
 * worth parsing: a file is kept when it contains one of the tokens (derived from the allocator
 * table), an item when its byte range does.
 */
public final class Prefilter {
    /**
     * Lower-case letters from rarest to most common in a kernel tree's C sources (measured on
     * 6.1: j 0.03 % of bytes, ..., v 0.60 %, ..., e 4.2 %); any other character ranks after them.
     * Only the speed depends on this order, never the result.
     */
    private static final String RARITY = "jzqywkbvghxmpulfocdaisnrte";

    private final List<String> tokens;
    /** Each token's anchor: a character of it whose every occurrence in the text is a candidate. */
    private final char[] anchors;
    /** Where each token's anchor is in it. */
    private final int[] anchorOffsets;
    /** The distinct anchors: one vectorised search of the text each. */
    private final char[] searched;

    public Prefilter(Collection<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.anchors = chooseAnchors(this.tokens);
        this.anchorOffsets = new int[anchors.length];
        for (int t = 0; t < anchors.length; t++) {
            anchorOffsets[t] = this.tokens.get(t).indexOf(anchors[t]);
        }
        char[] distinct = anchors.clone();
        Arrays.sort(distinct);
        int n = 0;
        for (int i = 0; i < distinct.length; i++) {
            if (i == 0 || distinct[i] != distinct[i - 1]) {
                distinct[n++] = distinct[i];
            }
        }
        this.searched = Arrays.copyOf(distinct, n);
    }

    /**
     * Per token, the rarest of its characters that an earlier token already anchors on, else its
     * rarest character: few distinct anchors (each costs a pass over the text) that are all rare
     * (each occurrence costs a comparison per token anchored there). The allocator table's tokens
     * get two: 'k' (kfree_rcu_mightsleep, kvmemdup, kvrealloc) and 'v' (the rest).
     */
    static char[] chooseAnchors(List<String> tokens) {
        char[] out = new char[tokens.size()];
        StringBuilder used = new StringBuilder();
        for (int t = 0; t < out.length; t++) {
            String token = tokens.get(t);
            if (token.isEmpty()) {
                throw new IllegalArgumentException("empty prefilter token");
            }
            char best = 0;
            char bestUsed = 0;
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (best == 0 || rank(c) < rank(best)) {
                    best = c;
                }
                if (used.indexOf(String.valueOf(c)) >= 0 && (bestUsed == 0 || rank(c) < rank(bestUsed))) {
                    bestUsed = c;
                }
            }
            out[t] = bestUsed != 0 ? bestUsed : best;
            if (bestUsed == 0) {
                used.append(best);
            }
        }
        return out;
    }

    private static int rank(char c) {
        int r = RARITY.indexOf(c);
        return r >= 0 ? r : RARITY.length();
    }

    /** Offsets of every token occurrence, sorted; empty = the file cannot match. */
    public int[] hits(byte[] content) {
        // ISO-8859-1 maps bytes to chars one to one, so String.indexOf (a vectorised intrinsic)
        // searches bytes and char offsets are byte offsets. One pass per distinct anchor
        // character (two for the table's tokens) rather than one per token: a token without
        // the table's usual 'v' (kfree_rcu_mightsleep) just gets another anchor.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        IntList found = new IntList();
        for (char anchor : searched) {
            for (int i = text.indexOf(anchor); i >= 0; i = text.indexOf(anchor, i + 1)) {
                for (int t = 0; t < tokens.size(); t++) {
                    int begin = i - anchorOffsets[t];
                    if (anchors[t] == anchor && begin >= 0 && text.startsWith(tokens.get(t), begin)) {
                        found.add(begin);
                    }
                }
            }
        }
        int[] out = found.toArray();
        Arrays.sort(out);
        return out;
    }

    /** A growable int array: hits are many in big files, boxing them would dominate. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** Does [start, end) contain a hit? */
    public static boolean covers(int[] sortedHits, int start, int end) {
        int i = Arrays.binarySearch(sortedHits, start);
        if (i < 0) {
            i = -i - 1;
        }
        return i < sortedHits.length && sortedHits[i] < end;
    }
}
