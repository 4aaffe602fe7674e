package org.kvlint.alloc;

import java.util.List;

/**
 * One call as it ran: what was called, where, with what, and everything it caused.
 *
 * @param index 0-based position in the run
 * @param context the execution context at the time of the call
 */
public record CallRecord(int index, String function, List<Arg> args, String site, ExecutionContext context,
                         Outcome outcome, List<Event> events, List<Diagnostic> diagnostics) {

    public CallRecord {
        args = List.copyOf(args);
        events = List.copyOf(events);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean oomKillerInvoked() {
        return events.stream().anyMatch(e -> e instanceof Event.PageRequest r
                && r.resolution() == PageAllocator.Resolution.OOM_KILLER_INVOKED);
    }

    /** Some request could neither fail nor kill (GFP_NOFS/GFP_NOIO): the caller stalled until memory was freed. */
    public boolean stalled() {
        return events.stream().anyMatch(e -> e instanceof Event.PageRequest r
                && r.resolution() == PageAllocator.Resolution.LOOPED_WITHOUT_KILLING);
    }

    /** The kernel printed something: an allocation-failure report, a WARN, a BUG splat. */
    public boolean warningPrinted() {
        return diagnostics.stream().anyMatch(Diagnostic::printed);
    }

    /** The call reached vmalloc as kvmalloc's fallback. */
    public boolean fellBackToVmalloc() {
        return events.stream().anyMatch(e -> e instanceof Event.VmallocFallback);
    }

    public boolean faultInjected() {
        return events.stream().anyMatch(e -> e instanceof Event.FaultInjected);
    }
}
