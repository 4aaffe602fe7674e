package org.kvlint.fix;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.engine.FileAnalysis;
import org.kvlint.rules.Fix.TextEdit;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * Applies one file's fixes: plan (applicability, overlaps), refuse edits over bytes that were
 * not read exactly, apply to the raw bytes, and keep only fixes after which the file parses
 * with no more ERROR/MISSING nodes than before.
 */
public final class FileFixer {
    private FileFixer() {}

    public static FileOutcome fix(FileAnalysis.Result analysis, FixOptions options, CParser parser) {
        byte[] raw = analysis.read().raw();
        if (analysis.read().content().isEmpty() || analysis.facts().isEmpty()) {
            return new FileOutcome(analysis.file(), raw, raw, List.of(), analysis.diagnostics());
        }
        byte[] content = analysis.read().content().get();
        LineEnding eol = LineEnding.of(raw);
        List<Decision> planned = Planner.plan(analysis.findings(), options, raw.length);
        List<Decision> decisions = new ArrayList<>(planned.size());
        List<Decision.Applied> candidates = new ArrayList<>();
        for (Decision d : planned) {
            if (d instanceof Decision.Applied a && !Edits.touchesOnlyExactBytes(raw, content, a.fix().edits())) {
                decisions.add(new Decision.Skipped(a.finding(), a.fix(), Decision.Why.INVALID_UTF8, a.fix().description()));
            } else {
                decisions.add(d);
                if (d instanceof Decision.Applied a) {
                    candidates.add(a);
                }
            }
        }
        List<Decision.Applied> kept = reparseCheck(candidates, content, eol, parser, decisions);
        List<TextEdit> edits = kept.stream().flatMap(a -> a.fix().edits().stream()).toList();
        byte[] after = edits.isEmpty() ? raw : Edits.apply(raw, edits, eol);
        return new FileOutcome(analysis.file(), raw, after, decisions, analysis.diagnostics());
    }

    /**
     * The candidates whose combined result parses with no new ERROR/MISSING nodes: all of them
     * when that holds (one parse), else greedily in plan order, each kept only if the file still
     * parses as cleanly with it. Dropped ones are marked in {@code decisions}.
     */
    private static List<Decision.Applied> reparseCheck(List<Decision.Applied> candidates, byte[] content, LineEnding eol,
                                                       CParser parser, List<Decision> decisions) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        int baseline = problems(parser, content);
        if (problems(parser, apply(content, candidates, eol)) <= baseline) {
            return candidates;
        }
        List<Decision.Applied> kept = new ArrayList<>();
        for (Decision.Applied a : candidates) {
            List<Decision.Applied> trial = new ArrayList<>(kept);
            trial.add(a);
            int n = problems(parser, apply(content, trial, eol));
            if (n <= baseline) {
                kept.add(a);
            } else {
                int at = decisions.indexOf(a);
                decisions.set(at, new Decision.Skipped(a.finding(), a.fix(), Decision.Why.PARSE_ERRORS,
                        (n - baseline) + " new ERROR/MISSING node" + (n - baseline == 1 ? "" : "s")));
            }
        }
        return kept;
    }

    private static byte[] apply(byte[] content, List<Decision.Applied> fixes, LineEnding eol) {
        return Edits.apply(content, fixes.stream().flatMap(a -> a.fix().edits().stream()).toList(), eol);
    }

    /**
     * ERROR and MISSING nodes in the parse of {@code bytes}: its functions, declarations and
     * statement-like macros, where every fix edits (a generated header's constants are left out).
     */
    public static int problems(CParser parser, byte[] bytes) {
        SyntaxNode root = parser.parseForFix(new SourceText(bytes), new int[0]);
        int[] n = {0};
        root.walk(x -> {
            if (x.isError() || x.isMissing()) {
                n[0]++;
            }
        });
        return n[0];
    }
}
