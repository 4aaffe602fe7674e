package org.kvlint.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.AllocatorApi;

class PrefilterTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tokensComeFromTheApiTableAndAreMinimal() {
        var tokens = AllocatorApi.standard().prefilterTokens();
        assertTrue(tokens.contains("vmalloc") && tokens.contains("vfree"), tokens.toString());
        assertFalse(tokens.contains("kvmalloc"), "covered by vmalloc");
        for (String t : tokens) {
            for (String u : tokens) {
                assertTrue(t.equals(u) || !t.contains(u), t + " contains " + u);
            }
        }
    }

    @Test
    void anchoredAndPlainSearchesAgree() {
        byte[] text = b("int x; p = kvmalloc(n); vfree(q); /* vzalloc */ kvmemdup_user; v");
        Prefilter anchored = new Prefilter(List.of("vmalloc", "vfree", "vzalloc", "kvmemdup"));
        Prefilter plain = new Prefilter(List.of("vmalloc", "vfree", "vzalloc", "kvmemdup", "xyz"));
        assertArrayEquals(new int[] {12, 24, 37, 48}, anchored.hits(text));
        assertArrayEquals(anchored.hits(text), plain.hits(text));
        assertEquals(0, anchored.hits(b("kmalloc(); kfree(p); void v;")).length);
    }

    @Test
    void aTokenWithoutTheCommonAnchorGetsItsOwn() {
        // kfree_rcu_mightsleep has no 'v': it is searched by its 'k', the others stay on 'v'
        List<String> tokens = List.copyOf(AllocatorApi.standard().prefilterTokens());
        char[] anchors = Prefilter.chooseAnchors(tokens);
        for (int t = 0; t < tokens.size(); t++) {
            assertTrue(tokens.get(t).indexOf(anchors[t]) >= 0, tokens.get(t));
            assertTrue(anchors[t] == 'k' || anchors[t] == 'v', tokens.get(t) + " anchored on " + anchors[t]);
        }
        assertEquals('k', anchors[tokens.indexOf("kfree_rcu_mightsleep")]);
        byte[] text = b("kfree_rcu_mightsleep(p); vfree(q); kfree_rcu(x); kvmemdup(s) k v kfree_rcu_mightsleep");
        assertArrayEquals(naive(tokens, text), new Prefilter(tokens).hits(text));
        assertArrayEquals(new int[] {0, 25, 49, 65}, new Prefilter(tokens).hits(text));
    }

    /** Every occurrence of every token, by brute force. */
    private static int[] naive(List<String> tokens, byte[] content) {
        String s = new String(content, StandardCharsets.ISO_8859_1);
        return java.util.stream.IntStream.range(0, s.length())
                .filter(i -> tokens.stream().anyMatch(t -> s.startsWith(t, i))).toArray();
    }

    @Test
    void coversIsHalfOpen() {
        int[] hits = {10, 50};
        assertTrue(Prefilter.covers(hits, 10, 11));
        assertFalse(Prefilter.covers(hits, 0, 10));
        assertFalse(Prefilter.covers(hits, 11, 50));
        assertTrue(Prefilter.covers(hits, 11, 51));
        assertFalse(Prefilter.covers(new int[0], 0, 100));
    }
}
