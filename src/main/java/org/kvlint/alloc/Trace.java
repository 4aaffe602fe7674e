package org.kvlint.alloc;

import java.util.List;

/** Every call of a run so far, in order. */
public record Trace(List<CallRecord> calls) {

    public Trace {
        calls = List.copyOf(calls);
    }

    public boolean oomKillerInvoked() {
        return calls.stream().anyMatch(CallRecord::oomKillerInvoked);
    }

    public boolean stalled() {
        return calls.stream().anyMatch(CallRecord::stalled);
    }

    public boolean warningPrinted() {
        return calls.stream().anyMatch(CallRecord::warningPrinted);
    }

    public List<Diagnostic> diagnostics() {
        return calls.stream().flatMap(c -> c.diagnostics().stream()).toList();
    }

    public List<Event> events() {
        return calls.stream().flatMap(c -> c.events().stream()).toList();
    }

    public CallRecord last() {
        if (calls.isEmpty()) {
            throw new IllegalStateException("no calls yet");
        }
        return calls.getLast();
    }
}
