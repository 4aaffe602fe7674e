package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GFP masks as values and their C-text parser (§3.2, §5.2). */
class GfpMaskTest {

    @Test
    void compositesMatchTheSixOneDefinitions() {
        assertEquals(GfpMask.of(GfpFlag.DIRECT_RECLAIM, GfpFlag.KSWAPD_RECLAIM, GfpFlag.IO, GfpFlag.FS), GfpMask.GFP_KERNEL);
        assertEquals(GfpMask.of(GfpFlag.DIRECT_RECLAIM, GfpFlag.KSWAPD_RECLAIM, GfpFlag.IO), GfpMask.GFP_NOFS);
        assertEquals(GfpMask.of(GfpFlag.DIRECT_RECLAIM, GfpFlag.KSWAPD_RECLAIM), GfpMask.GFP_NOIO);
        assertEquals(GfpMask.of(GfpFlag.KSWAPD_RECLAIM), GfpMask.GFP_NOWAIT);
        assertEquals(GfpMask.GFP_KERNEL.plus(GfpFlag.ACCOUNT), GfpMask.GFP_KERNEL_ACCOUNT);
        assertEquals(GfpMask.GFP_KERNEL.plus(GfpFlag.HARDWALL), GfpMask.GFP_USER);
    }

    @Test
    void blockingIsDirectReclaim() {
        assertTrue(GfpMask.GFP_KERNEL.blocking());
        assertTrue(GfpMask.GFP_NOFS.blocking());
        assertTrue(GfpMask.GFP_NOIO.blocking());
        assertFalse(GfpMask.GFP_ATOMIC.blocking());
        assertFalse(GfpMask.GFP_NOWAIT.blocking());
        assertFalse(GfpMask.parse("GFP_KERNEL & ~__GFP_DIRECT_RECLAIM").blocking());
        assertFalse(GfpMask.NONE.blocking());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "GFP_KERNEL | __GFP_NOWARN; GFP_KERNEL | __GFP_NOWARN",
            "GFP_KERNEL & ~__GFP_FS; GFP_NOFS",
            "GFP_KERNEL & ~(__GFP_FS | __GFP_IO); GFP_NOIO",
            "(GFP_KERNEL|__GFP_ZERO)&~__GFP_ZERO; GFP_KERNEL",
            "__GFP_ZERO | GFP_KERNEL_ACCOUNT; GFP_KERNEL_ACCOUNT | __GFP_ZERO",
            "GFP_ATOMIC | __GFP_NOWARN; GFP_ATOMIC | __GFP_NOWARN",
            "GFP_NOWAIT; GFP_NOWAIT",
            "0; 0",
            "__GFP_RECLAIM | __GFP_IO; GFP_NOFS",
            "GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL; GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL",
    })
    void parsesCTextAndPrintsACanonicalForm(String text, String canonical) {
        GfpMask m = GfpMask.parse(text);
        assertEquals(canonical, m.toC());
        assertEquals(m, GfpMask.parse(m.toC()));
    }

    @Test
    void andBindsTighterThanOr() {
        // C precedence: a | b & ~c == a | (b & ~c)
        assertEquals(GfpMask.GFP_KERNEL, GfpMask.parse("__GFP_FS | GFP_KERNEL & ~__GFP_FS"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"GFP_KERNAL", "GFP_KERNEL |", "GFP_KERNEL & (__GFP_FS", "gfp", "GFP_KERNEL + 1", "''"})
    void rejectsWhatItCannotEvaluate(String text) {
        assertThrows(IllegalArgumentException.class, () -> GfpMask.parse(text));
    }

    @Test
    void maskIsAnImmutableValue() {
        GfpMask a = GfpMask.GFP_KERNEL;
        GfpMask b = a.plus(GfpFlag.ZERO);
        assertFalse(a.has(GfpFlag.ZERO));
        assertTrue(b.has(GfpFlag.ZERO));
        assertThrows(UnsupportedOperationException.class, () -> a.flags().add(GfpFlag.ZERO));
    }
}
