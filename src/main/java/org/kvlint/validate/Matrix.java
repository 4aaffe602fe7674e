package org.kvlint.validate;

import java.util.List;

/**
 * The scenario matrix and the interpreter's bounds. Every bound that is hit makes a result
 * NOT_VALIDATED, never SAFE.
 *
 * @param sizes what an unknown size takes: around PAGE_SIZE (4096) and 8 pages (32 KiB, the
 *     largest "too small to fail" request), a large one, and one above INT_MAX
 * @param memories memory conditions
 * @param seeds 0 = no fault injection; others seed {@code Fault.KvRandomBackend}
 * @param maxMasks how many distinct masks an unknown GFP value tries (masks written elsewhere
 *     in the function, else in the file, else GFP_KERNEL)
 * @param maxPaths execution paths per scenario (forks on unknown conditions), counting the paths
 *     dropped as covered by another (a summarised loop's last iteration that stays in it)
 * @param loopBound iterations of one loop execution
 * @param stepBudget statements and expressions per run
 */
public record Matrix(List<Long> sizes, List<Scenario.Memory> memories, List<Long> seeds, int maxMasks, int maxPaths,
                     int loopBound, int stepBudget) {

    /** 3 GiB: above INT_MAX, below the model's RAM (16 GiB), so vmalloc alone would serve it. */
    public static final long ABOVE_INT_MAX = 3L << 30;

    public Matrix {
        sizes = List.copyOf(sizes);
        memories = List.copyOf(memories);
        seeds = List.copyOf(seeds);
        if (sizes.isEmpty() || memories.isEmpty() || seeds.isEmpty() || maxMasks < 1 || maxPaths < 1
                || loopBound < 1 || stepBudget < 100) {
            throw new IllegalArgumentException("empty or out-of-range matrix");
        }
    }

    /** 7 sizes x 3 memory conditions x (no fault + 3 random-backend seeds) = 84 scenarios per mask. */
    public static Matrix standard() {
        return new Matrix(List.of(64L, 4096L, 4097L, 32768L, 32769L, 1L << 20, ABOVE_INT_MAX),
                List.of(Scenario.Memory.values()), List.of(0L, 1L, 2L, 3L), 4, 64, 64, 200_000);
    }

    /** A smaller matrix for quick checks: the same sizes and conditions, one random-backend seed. */
    public static Matrix quick() {
        return new Matrix(standard().sizes(), standard().memories(), List.of(0L, 1L), 2, 32, 16, 50_000);
    }
}
