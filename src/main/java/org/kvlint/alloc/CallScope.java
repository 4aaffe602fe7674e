package org.kvlint.alloc;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.facts.ApiFunction;

/** Collects the events and diagnostics of one top-level call while it runs. */
final class CallScope {
    final String function;
    final String site;
    /** Family of the top-level function: the provenance of any memory this call hands out. */
    final ApiFunction.Family provenance;
    final List<Event> events = new ArrayList<>();
    final List<Diagnostic> diagnostics = new ArrayList<>();

    CallScope(String function, String site, ApiFunction.Family provenance) {
        this.function = function;
        this.site = site;
        this.provenance = provenance;
    }

    void event(Event e) {
        events.add(e);
    }

    void diag(Bug bug, Severity severity, boolean printed, String message, long allocationId) {
        diagnostics.add(new Diagnostic(bug, severity, printed, message, site, allocationId));
    }

    void diag(Bug bug, Severity severity, boolean printed, String message) {
        diag(bug, severity, printed, message, 0);
    }

    boolean reported(Bug bug) {
        return diagnostics.stream().anyMatch(d -> d.bug() == bug);
    }
}
