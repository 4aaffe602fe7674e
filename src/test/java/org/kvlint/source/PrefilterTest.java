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
    void coversIsHalfOpen() {
        int[] hits = {10, 50};
        assertTrue(Prefilter.covers(hits, 10, 11));
        assertFalse(Prefilter.covers(hits, 0, 10));
        assertFalse(Prefilter.covers(hits, 11, 50));
        assertTrue(Prefilter.covers(hits, 11, 51));
        assertFalse(Prefilter.covers(new int[0], 0, 100));
    }
}
