package org.kvlint.alloc;

import java.util.HashMap;
import java.util.Map;

/**
 * Deterministic random draws: the n-th draw for (purpose, call site) depends only on the seed,
 * the purpose, the site label and n. Decisions at one site therefore do not shift when calls are
 * added elsewhere, which keeps a run before and after a rewrite comparable under the same seed.
 */
final class Dice {
    private final long seed;
    private final Map<String, Integer> draws = new HashMap<>();

    Dice(long seed) {
        this.seed = seed;
    }

    /** A uniform double in [0, 1). */
    double roll(String purpose, String site) {
        int n = draws.merge(purpose + '\u0000' + site, 1, Integer::sum);
        long h = mix(seed);
        h = mix(h ^ purpose.hashCode());
        h = mix(h ^ site.hashCode());
        h = mix(h ^ n);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
