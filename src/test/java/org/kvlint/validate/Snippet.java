package org.kvlint.validate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kvlint.alloc.AllocatorModel;
import org.kvlint.alloc.GfpMask;
import org.kvlint.alloc.KernelProfile;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.KernelVersion;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;

/** Test helper: one C function run once on the interpreter, or a before/after pair validated. */
final class Snippet {
    static final AllocatorApi API = AllocatorApi.standard();
    static final KernelVersion K61 = new KernelVersion(6, 1, 0);

    private Snippet() {}

    static CFunction function(String code, String name) {
        try (CParser p = new CParser()) {
            SourceText src = new SourceText(code.getBytes(StandardCharsets.UTF_8));
            return CFunction.all(p.parseFully(src)).get(name).getFirst();
        }
    }

    /** What one run looks like, plus the questions it asked that were not answered in advance. */
    record Ran(RunOutcome outcome, List<Decisions.Question> fresh) {}

    static Ran run(String code, String name, long size, Scenario.Memory memory, Map<String, Integer> answers) {
        return run(code, name, new Scenario(size, memory, java.util.Optional.empty(), 0), answers, Set.of());
    }

    static Ran run(String code, String name, Scenario s, Map<String, Integer> answers, Set<String> interesting) {
        CFunction f = function(code, name);
        Map<String, Long> bindings = SizeSolver.plan(f, API).bind(s.size());
        Decisions d = new Decisions(answers);
        AllocatorModel model = new AllocatorModel(s.config(KernelProfile.V6_1), API);
        RunOutcome o = new Interpreter(f, s, bindings, interesting, Map.of(), d, Matrix.standard(), API, model).run();
        return new Ran(o, d.fresh());
    }

    static RunOutcome run(String code, String name, long size) {
        return run(code, name, size, Scenario.Memory.PLENTY, Map.of()).outcome();
    }

    static Scenario scenario(long size, Scenario.Memory memory, GfpMask gfp) {
        return new Scenario(size, memory, java.util.Optional.ofNullable(gfp), 0);
    }

    static ValidationResult validate(String before, String after, String... functions) {
        return new Validator(Matrix.quick()).validate(source(before), source(after), Set.of(functions), K61);
    }

    static SourceText source(String code) {
        return new SourceText(code.getBytes(StandardCharsets.UTF_8));
    }
}
