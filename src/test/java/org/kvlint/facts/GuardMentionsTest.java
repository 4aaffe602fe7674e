package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link Guard#mentions}: whole names only; an empty name (a place with no text, as half-written
 * code gives) is mentioned nowhere and must not loop (issue 15, found by the fuzzer:
 * testdata/fuzz/empty-name-in-guard.c).
 */
class GuardMentionsTest {
    @Test
    void anEmptyNameIsMentionedNowhereAndDoesNotLoop() {
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Guard.mentions("ab", "")));
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Guard.mentions("", "")));
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Guard.mentions("x->len", "")));
    }

    @Test
    void wholeNamesOnly() {
        assertTrue(Guard.mentions("n > PAGE_SIZE", "n"));
        assertTrue(Guard.mentions("s->n > 4", "s->n"));
        assertFalse(Guard.mentions("nr > 4", "n"));
        assertFalse(Guard.mentions("s->n > 4", "n"));
    }
}
