package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Test helper: one model run with terse calls and assertions on the last call. */
final class Run {
    final AllocatorModel model;

    Run(ModelConfig config) {
        this.model = new AllocatorModel(config);
    }

    static Run of(ModelConfig config) {
        return new Run(config);
    }

    static Run defaults() {
        return new Run(ModelConfig.defaults());
    }

    Outcome call(String site, String function, Arg... args) {
        return model.call(function, List.of(args), site);
    }

    /** {@code fn(size, gfp)}, e.g. kmalloc/kvzalloc/__vmalloc. */
    Outcome alloc(String function, long size, GfpMask gfp) {
        return call(function + "-site", function, Arg.size(size), Arg.gfp(gfp));
    }

    Outcome alloc(String function, long size, String gfp) {
        return alloc(function, size, GfpMask.parse(gfp));
    }

    /** {@code fn(size)}: vmalloc/vzalloc. */
    Outcome alloc(String function, long size) {
        return call(function + "-site", function, Arg.size(size));
    }

    Outcome free(String function, Pointer p) {
        return model.free(function, p, function + "-free-site");
    }

    Outcome free(String function, Outcome o) {
        return free(function, o.pointer());
    }

    CallRecord last() {
        return model.trace().last();
    }

    /** The diagnostic kinds of the last call. */
    Set<Bug> lastBugs() {
        EnumSet<Bug> s = EnumSet.noneOf(Bug.class);
        last().diagnostics().forEach(d -> s.add(d.bug()));
        return s;
    }

    Diagnostic lastDiagnostic(Bug bug) {
        return last().diagnostics().stream().filter(d -> d.bug() == bug).findFirst()
                .orElseThrow(() -> new AssertionError("no " + bug + " in " + last().diagnostics()));
    }

    void expectLastBugs(Bug... bugs) {
        EnumSet<Bug> want = EnumSet.noneOf(Bug.class);
        want.addAll(List.of(bugs));
        assertEquals(want, lastBugs(), () -> "diagnostics: " + last().diagnostics());
    }

    static Outcome.Allocated allocated(Outcome o) {
        return assertInstanceOf(Outcome.Allocated.class, o, () -> "expected memory, got " + o);
    }

    static Outcome.Failed failed(Outcome o) {
        return assertInstanceOf(Outcome.Failed.class, o, () -> "expected NULL, got " + o);
    }

    Report finish() {
        return model.finish();
    }
}
