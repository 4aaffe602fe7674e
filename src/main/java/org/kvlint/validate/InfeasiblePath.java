package org.kvlint.validate;

/**
 * This path assumed that the next iteration of a loop leaves it (see
 * {@code Interpreter#loopToItsExit}), and the iteration stayed in the loop instead. No real
 * execution takes this path: the one whose summary of the staying iterations takes this iteration
 * in covers it. So the path is dropped (no row, no verdict); its other answers are still explored.
 * {@link Validator} decides what a drop in one version means for the other.
 */
final class InfeasiblePath extends RuntimeException {
    private final int from;

    /** @param from the {@link Decisions#mark()} where the run entered the loop's summary */
    InfeasiblePath(int from) {
        super("path covered by another: the last iteration of a summarised loop stayed in it", null, false, false);
        this.from = from;
    }

    int from() {
        return from;
    }
}
