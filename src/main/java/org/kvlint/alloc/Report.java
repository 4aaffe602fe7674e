package org.kvlint.alloc;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The result of a finished run: its configuration (for reproduction), its trace, what leaked, and
 * every diagnostic (those of the calls, then one LEAK per leaked allocation).
 */
public record Report(ModelConfig config, Trace trace, List<Allocation> leaks, List<Diagnostic> diagnostics) {

    public Report {
        leaks = List.copyOf(leaks);
        diagnostics = List.copyOf(diagnostics);
    }

    public Set<Bug> bugs() {
        EnumSet<Bug> s = EnumSet.noneOf(Bug.class);
        diagnostics.forEach(d -> s.add(d.bug()));
        return s;
    }

    public boolean has(Bug bug) {
        return diagnostics.stream().anyMatch(d -> d.bug() == bug);
    }

    public List<Diagnostic> of(Bug bug) {
        return diagnostics.stream().filter(d -> d.bug() == bug).toList();
    }

    public boolean hasFatal() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.FATAL);
    }

    public boolean oomKillerInvoked() {
        return trace.oomKillerInvoked();
    }

    public boolean warningPrinted() {
        return diagnostics.stream().anyMatch(Diagnostic::printed);
    }

    public boolean everyReleaseLegal() {
        return diagnostics.stream().noneMatch(d -> d.bug().isIllegalRelease());
    }

    public boolean leakFree() {
        return leaks.isEmpty();
    }

    public Observation observation() {
        return new Observation(oomKillerInvoked(), warningPrinted(), everyReleaseLegal(), leakFree(), bugs());
    }
}
