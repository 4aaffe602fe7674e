package org.kvlint.facts;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kvlint.syntax.SyntaxNode;

/**
 * The value flows of one file's functions, kept between the extractions of that file's facts
 * in one analysis: when more items are parsed (a function found in the first extraction turns out
 * to be a wrapper, and its callers are parsed next), the facts are extracted again over all
 * items, and a function whose flow cannot have changed keeps it instead of being walked again.
 *
 * <p>A flow ({@link FunctionFlow#analyse}) is a function of its unit's subtree and of four
 * things outside it: the table calls and allocation sites in the subtree (built from the subtree
 * alone), which other functions' calls it records ({@code callees}: only membership of names it
 * calls matters), and whether the item before it is the bogus {@code static} declaration
 * tree-sitter splits off (see {@link FunctionFlow#declaredStatic}). So a kept flow is used again
 * when its unit is the same node, still a top-level function definition, no name that joined or
 * left {@code callees} is one the unit calls ({@link FunctionFlow#calleeNames}), and the
 * {@code static} answer is the same. The table calls found in a top-level function definition
 * are kept too: a function of its subtree alone. Not shared between threads; one per analysis.
 */
public final class FlowMemo {
    /** What one unit's analysis gave: its flow, the problem when it did not finish, the callees it was run with. */
    record Kept(FunctionFlow flow, PointerFacts.Problem problem, Set<String> callees) {}

    private final Map<SyntaxNode, Kept> kept = new IdentityHashMap<>();
    /** Per top-level function definition, the table calls in it (a function of its subtree and the fixed table). */
    private final Map<SyntaxNode, List<CallSite>> tableCalls = new IdentityHashMap<>();
    private int reused;
    /** The names that joined or left between the last two callee sets compared (every unit of an extraction asks the same). */
    private Set<String> changedFrom;
    private Set<String> changedTo;
    private List<String> changed;

    /** The kept analysis of {@code unit} when it still holds under {@code callees}, else null. */
    Kept reusable(SyntaxNode unit, Set<String> callees) {
        Kept k = kept.get(unit);
        if (k == null || !unit.is("function_definition")
                || unit.parent().filter(p -> p.is("translation_unit")).isEmpty()
                || (k.callees() == null) != (callees == null)
                || FunctionFlow.declaredStatic(unit) != k.flow().isStatic()) {
            return null;
        }
        if (callees != null) {
            List<String> changed = changed(k.callees(), callees);
            // a unit whose analysis did not finish (budget, internal error) is rare: kept only while nothing changed
            if (k.problem() != null ? !changed.isEmpty() : callsAny(k.flow(), changed)) {
                return null;
            }
        }
        reused++;
        return k;
    }

    /** The scope computed for {@code unit} before (a function of its subtree alone), or null. */
    Scope scope(SyntaxNode unit) {
        Kept k = kept.get(unit);
        return k == null ? null : k.flow().scope();
    }

    /** @param callees the set the flow was run with, not changed afterwards (one per extraction) */
    void keep(SyntaxNode unit, FunctionFlow flow, PointerFacts.Problem problem, Set<String> callees) {
        kept.put(unit, new Kept(flow, problem, callees));
    }

    /** The table calls under {@code function} as found before, else as {@code find} finds them now. */
    List<CallSite> tableCalls(SyntaxNode function, java.util.function.Function<SyntaxNode, List<CallSite>> find) {
        return tableCalls.computeIfAbsent(function, find);
    }

    /** How many flows were used again (for tests and timing). */
    public int reused() {
        return reused;
    }

    /** The names in one set and not the other. */
    private List<String> changed(Set<String> from, Set<String> to) {
        if (from != changedFrom || to != changedTo) {
            Set<String> names = new HashSet<>(from);
            names.addAll(to);
            Set<String> both = new HashSet<>(from);
            both.retainAll(to);
            names.removeAll(both);
            changed = List.copyOf(names);
            changedFrom = from;
            changedTo = to;
        }
        return changed;
    }

    private static boolean callsAny(FunctionFlow flow, List<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        Set<String> called = flow.calleeNames();
        for (String name : names) {
            if (called.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
