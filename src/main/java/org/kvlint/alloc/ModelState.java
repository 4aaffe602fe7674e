package org.kvlint.alloc;

import org.kvlint.facts.AllocatorApi;

/** The mutable state of one model instance, shared by the allocation, release and realloc paths. */
final class ModelState {
    final ModelConfig config;
    final KernelProfile profile;
    final Limits limits;
    final Heap heap;
    final Dice dice;
    final AllocatorApi api;
    ExecutionContext context = ExecutionContext.PROCESS;
    int nofsDepth;
    int noioDepth;

    ModelState(ModelConfig config, AllocatorApi api) {
        this.config = config;
        this.profile = config.profile();
        this.limits = config.limits();
        this.heap = new Heap(config.pageSize());
        this.dice = new Dice(config.seed());
        this.api = api;
    }

    /** {@code current_gfp_context()}: scopes strip __GFP_FS / __GFP_IO (§3.2). */
    GfpMask effective(GfpMask g) {
        if (noioDepth > 0) {
            return g.minus(GfpFlag.IO, GfpFlag.FS);
        }
        return nofsDepth > 0 ? g.minus(GfpFlag.FS) : g;
    }

    boolean oomVictim() {
        return config.faults().has(Fault.OomVictim.class);
    }

    /**
     * might_sleep(): report a sleeping call outside process context once per call. In NMI the
     * allocation itself is already reported.
     */
    void mightSleep(CallScope c, String what) {
        if (!context.maySleep() && context != ExecutionContext.NMI && !c.reported(Bug.SLEEP_IN_ATOMIC)) {
            c.diag(Bug.SLEEP_IN_ATOMIC, Severity.FATAL, true,
                    what + " may sleep but " + c.function + "() is called in " + context.name().toLowerCase() + " context");
        }
    }
}
