package org.kvlint.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The cheap byte-level test that decides which files, and which top-level items in them, are
 * worth parsing: a file is kept when it contains one of the tokens (derived from the allocator
 * table), an item when its byte range does.
 */
public final class Prefilter {
    private final List<String> tokens;

    public Prefilter(Collection<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** Offsets of every token occurrence, sorted; empty = the file cannot match. */
    public int[] hits(byte[] content) {
        // ISO-8859-1 maps bytes to chars one to one, so String.indexOf (a vectorised intrinsic)
        // searches bytes and char offsets are byte offsets.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<Integer> found = new ArrayList<>();
        for (String t : tokens) {
            for (int i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + t.length())) {
                found.add(i);
            }
        }
        int[] out = found.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
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
