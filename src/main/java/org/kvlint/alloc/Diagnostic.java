package org.kvlint.alloc;

/**
 * One finding of the model.
 *
 * @param bug the kind
 * @param severity run-time consequence
 * @param printed the kernel prints something (a WARN, warn_alloc, "BUG: sleeping function
 *     called from invalid context"): one of the observables compared between runs
 * @param message specific, lowercase, no trailing period; names the other end of the pair
 * @param site the call-site label of the call that raised it (for LEAK: the allocation site)
 * @param allocationId the allocation concerned, or 0
 */
public record Diagnostic(Bug bug, Severity severity, boolean printed, String message, String site, long allocationId) {

    @Override
    public String toString() {
        return severity + " " + bug + (printed ? " (printed)" : "") + " at '" + site + "': " + message;
    }
}
