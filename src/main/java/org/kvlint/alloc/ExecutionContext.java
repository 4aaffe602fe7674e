package org.kvlint.alloc;

/** Where the calling code runs (§5.2 Ctx). Set by the caller with {@link AllocatorModel#setContext}. */
public enum ExecutionContext {
    /** Preemptible task context: may sleep. */
    PROCESS,
    /** Task context that must not sleep: under a spinlock, preempt/IRQs disabled, rcu_read_lock. */
    ATOMIC,
    SOFTIRQ,
    HARDIRQ,
    NMI;

    public boolean maySleep() {
        return this == PROCESS;
    }

    /** in_interrupt(): vfree() defers the work instead of sleeping (§2.2). */
    public boolean inInterrupt() {
        return this == SOFTIRQ || this == HARDIRQ;
    }
}
