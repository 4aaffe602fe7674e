package org.kvlint.validate;

import java.util.Locale;
import java.util.Optional;
import org.kvlint.alloc.Fault;
import org.kvlint.alloc.FaultPlan;
import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.KernelProfile;
import org.kvlint.alloc.MemoryCondition;
import org.kvlint.alloc.ModelConfig;

/**
 * One row of the scenario matrix: the conditions both versions of the code run under.
 *
 * @param size the size in bytes an unknown size in the code takes (see {@link SizeSolver})
 * @param memory the memory condition
 * @param gfp the mask an unknown GFP value (a {@code gfp_t} parameter) takes; empty when the
 *     code writes all its masks
 * @param seed 0 = no fault injection; otherwise the seed of {@code Fault.KvRandomBackend(0.5)}:
 *     kvmalloc skips its kmalloc try for large requests on some calls, as under pressure
 */
public record Scenario(long size, Memory memory, Optional<GfpMask> gfp, long seed) {

    /** The memory conditions of the matrix, with their model counterparts. */
    public enum Memory {
        PLENTY(MemoryCondition.PLENTY),
        FRAGMENTED(MemoryCondition.FRAGMENTED),
        EXHAUSTED(MemoryCondition.EXHAUSTED);

        private final MemoryCondition condition;

        Memory(MemoryCondition condition) {
            this.condition = condition;
        }

        public MemoryCondition condition() {
            return condition;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT) + " memory";
        }
    }

    /** Probability with which the random-backend fault skips kvmalloc's kmalloc try. */
    static final double RANDOM_BACKEND_P = 0.5;

    public boolean randomBackend() {
        return seed != 0;
    }

    /** The model configuration of this row. */
    public ModelConfig config(KernelProfile profile) {
        ModelConfig c = ModelConfig.defaults().withProfile(profile).withMemory(memory.condition());
        if (seed != 0) {
            c = c.withFaults(FaultPlan.of(new Fault.KvRandomBackend(RANDOM_BACKEND_P, false))).withSeed(seed);
        }
        return c;
    }

    /** "16 KiB, fragmented memory, gfp GFP_NOFS, random kvmalloc backend (seed 2)". */
    public String label() {
        StringBuilder b = new StringBuilder(Sizes.human(size)).append(", ").append(memory.label());
        gfp.ifPresent(g -> b.append(", gfp ").append(g.toC()));
        if (seed != 0) {
            b.append(", random kvmalloc backend (seed ").append(seed).append(')');
        }
        return b.toString();
    }
}
