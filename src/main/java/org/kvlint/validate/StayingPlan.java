package org.kvlint.validate;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * What the proof asks about a loop's staying part ({@link LoopExits#stayingPart}) that the syntax
 * alone answers, made once per loop of a function ({@link CFunction}) rather than on every run of
 * the loop: a proof runs its function in every scenario and on every path, and a loop's summary
 * ({@link Interpreter}'s staying summary) asks on each run which places the part reads, assigns
 * and passes on.
 *
 * @param nodes the staying part, in pre-order
 * @param locksPaired {@link LoopExits#locksPaired} of the loop
 * @param reads the nodes that read a place's value (where a tracked pointer's value may be read)
 * @param readKeys their canonical keys, in the same order
 * @param places the forget keys of the places the part assigns, in order
 * @param at the assigned places' nodes, in the same order
 * @param passedKeys the canonical keys of the arguments of its calls that may keep a pointer, in order
 */
record StayingPlan(List<SyntaxNode> nodes, boolean locksPaired, List<SyntaxNode> reads, List<String> readKeys,
                   List<String> places, List<SyntaxNode> at, List<String> passedKeys) {

    static StayingPlan of(SyntaxNode loop) {
        List<SyntaxNode> nodes = LoopExits.stayingPart(loop);
        List<SyntaxNode> reads = new ArrayList<>();
        List<String> readKeys = new ArrayList<>();
        List<String> places = new ArrayList<>();
        List<SyntaxNode> at = new ArrayList<>();
        List<String> passedKeys = new ArrayList<>();
        for (SyntaxNode n : nodes) {
            if (Interpreter.readsAPlace(n)) {
                reads.add(n);
                readKeys.add(CText.canonical(n));
            }
            Interpreter.assignedPlace(n).ifPresent(t -> {
                places.add(Interpreter.havocKey(t));
                at.add(t);
            });
            if (n.is("call_expression") && !Builtins.nonCapturing(CSyntax.calleeName(n).orElse(""))) {
                for (SyntaxNode a : CSyntax.arguments(n)) {
                    passedKeys.add(CText.canonical(CSyntax.unwrap(a)));
                }
            }
        }
        return new StayingPlan(nodes, LoopExits.locksPaired(loop, nodes), List.copyOf(reads), List.copyOf(readKeys),
                List.copyOf(places), List.copyOf(at), List.copyOf(passedKeys));
    }
}
