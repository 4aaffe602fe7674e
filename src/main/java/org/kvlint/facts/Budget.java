package org.kvlint.facts;

/**
 * The work one function's analysis may do, counted in steps (syntax nodes visited, places joined,
 * origins merged), never in wall-clock time: the same input always stops at the same point.
 * The limit grows linearly with the function's size, so only work that is not linear in it (a
 * pathological nesting the widening did not catch) can exhaust it.
 */
public final class Budget {
    /** Steps allowed per syntax node of the function. */
    static final long STEPS_PER_NODE = 400;
    /** Steps every function may take, however small. */
    static final long BASE_STEPS = 1_000_000;

    private final long limit;
    private long used;

    Budget(long limit) {
        this.limit = limit;
    }

    /** The budget of a function of {@code nodes} syntax nodes. */
    static Budget forNodes(long nodes) {
        return new Budget(BASE_STEPS + STEPS_PER_NODE * nodes);
    }

    /** Spends {@code n} steps. @throws Exhausted when the budget is spent */
    void spend(long n) {
        used += n;
        if (used > limit) {
            throw new Exhausted(limit);
        }
    }

    long used() {
        return used;
    }

    /** The budget ran out; carries no stack trace (it is expected, and cheap to throw). */
    public static final class Exhausted extends RuntimeException {
        Exhausted(long limit) {
            super("work budget of " + limit + " steps exhausted", null, false, false);
        }
    }
}
