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
    private static final char ANCHOR = 'v';
    private final List<String> tokens;
    /** For each token, where its first anchor character is; null when some token lacks one. */
    private final int[] anchorOffsets;

    public Prefilter(Collection<String> tokens) {
        this.tokens = List.copyOf(tokens);
        int[] offsets = new int[this.tokens.size()];
        boolean all = true;
        for (int t = 0; t < offsets.length; t++) {
            offsets[t] = this.tokens.get(t).indexOf(ANCHOR);
            all &= offsets[t] >= 0;
        }
        this.anchorOffsets = all ? offsets : null;
    }

    /** Offsets of every token occurrence, sorted; empty = the file cannot match. */
    public int[] hits(byte[] content) {
        // ISO-8859-1 maps bytes to chars one to one, so String.indexOf (a vectorised intrinsic)
        // searches bytes and char offsets are byte offsets. One pass over the rarest anchor
        // character when every token has it (the table's tokens all contain 'v'), else one
        // pass per token.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        IntList found = new IntList();
        if (anchorOffsets != null) {
            for (int i = text.indexOf(ANCHOR); i >= 0; i = text.indexOf(ANCHOR, i + 1)) {
                for (int t = 0; t < tokens.size(); t++) {
                    int begin = i - anchorOffsets[t];
                    if (begin >= 0 && text.startsWith(tokens.get(t), begin)) {
                        found.add(begin);
                    }
                }
            }
        } else {
            for (String t : tokens) {
                for (int i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + t.length())) {
                    found.add(i);
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
