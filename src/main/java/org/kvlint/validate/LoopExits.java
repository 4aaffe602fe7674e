package org.kvlint.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The syntax of a loop whose only effect on allocation outcomes is how it is left.
 *
 * <p>A <em>leaving branch</em> is the body of an {@code if} or {@code else} that always leaves the
 * loop: its last statement is a {@code return}, a {@code goto}, or a {@code break} of this loop,
 * and no {@code continue} in it resumes this loop ({@code if (!page) { kvfree(p); return NULL; }}).
 * An iteration that enters one does not come back: whatever it does (frees included) happens at
 * most once, in the last iteration. The rest of the loop (condition, update, and the body outside
 * its leaving branches) is what every iteration that stays in the loop can run: its
 * <em>staying part</em>.
 *
 * <p>A loop is <em>inert but for its exits</em> when its staying part calls no allocator-table
 * function, no memset()/memzero_explicit() (zeroing is an observable) and no memalloc_*() scope,
 * and takes locks only in pairs that every staying path passes whole (lock and unlock as
 * statements of the same block, with nothing between them that jumps). Such an iteration changes
 * no allocation, no backend, no zeroing, no GFP scope and not the atomic context: only plain
 * values, and which tracked pointers opaque calls see. The interpreter can therefore summarise
 * any number of such iterations and run only the last one (see {@code Interpreter#loopToItsExit}).
 */
final class LoopExits {
    private LoopExits() {}

    static boolean isLoop(SyntaxNode n) {
        return n.is("for_statement") || n.is("while_statement") || n.is("do_statement");
    }

    /**
     * Is the staying part of this loop free of everything that can change allocation outcomes: no
     * allocator call, no memset, and ({@code locksPaired}) no atomic section left open?
     *
     * @param staying the loop's {@link #stayingPart}
     * @param locksPaired {@link #locksPaired} of the loop
     */
    static boolean inertButForExits(List<SyntaxNode> staying, AllocatorApi api, boolean locksPaired) {
        if (!locksPaired) {
            return false;
        }
        for (SyntaxNode n : staying) {
            if (!n.is("call_expression")) {
                continue;
            }
            String name = CSyntax.calleeName(n).orElse("");
            if (api.lookup(name).isPresent() || name.equals("memset") || name.equals("memzero_explicit")
                    || name.startsWith("memalloc_")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Does every atomic section the staying part of this loop enters or leaves close in its own
     * block? Syntax only: {@link CFunction} asks once per loop, not on every run of it.
     *
     * @param staying the loop's {@link #stayingPart}
     */
    static boolean locksPaired(SyntaxNode loop, List<SyntaxNode> staying) {
        for (SyntaxNode n : staying) {
            if (n.is("call_expression")) {
                String name = CSyntax.calleeName(n).orElse("");
                if ((Builtins.ATOMIC_ENTER.contains(name) || Builtins.ATOMIC_EXIT.contains(name))
                        && !pairedInItsBlock(n, loop)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The nodes of the staying part of a loop, in pre-order. */
    static List<SyntaxNode> stayingPart(SyntaxNode loop) {
        List<SyntaxNode> out = new ArrayList<>();
        walkStaying(loop, out::add);
        return List.copyOf(out);
    }

    /**
     * Pre-order walk over the staying part of a loop: the loop node and everything in it except
     * its leaving branches.
     */
    static void walkStaying(SyntaxNode loop, Consumer<SyntaxNode> visit) {
        List<SyntaxNode> stack = new ArrayList<>();
        stack.add(loop);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.removeLast();
            visit.accept(n);
            List<SyntaxNode> children = n.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                SyntaxNode c = children.get(i);
                if (!isLeavingBranch(c, loop)) {
                    stack.add(c);
                }
            }
        }
    }

    /** The body of an if or else that always leaves {@code loop}. */
    static boolean isLeavingBranch(SyntaxNode n, SyntaxNode loop) {
        Optional<SyntaxNode> parent = n.parent();
        if (parent.isEmpty() || n.is("comment")) {
            return false;
        }
        boolean branch = parent.get().is("if_statement") && "consequence".equals(n.field())
                || parent.get().is("else_clause") && n.isNamed();
        return branch && leaves(n, loop);
    }

    /** Does every run of this statement leave {@code loop} (its last statement returns, jumps out or breaks it)? */
    static boolean leaves(SyntaxNode statement, SyntaxNode loop) {
        List<SyntaxNode> body = statement.is("compound_statement") ? CSyntax.statements(statement) : List.of(statement);
        List<SyntaxNode> stmts = body.stream().filter(s -> !s.is("comment")).toList();
        if (stmts.isEmpty()) {
            return false;
        }
        SyntaxNode last = stmts.getLast();
        boolean exits = last.is("return_statement") || last.is("goto_statement") && labelOutside(last, loop)
                || last.is("break_statement") && target(last).filter(t -> t == loop).isPresent();
        if (!exits) {
            return false;
        }
        boolean[] resumes = {false};
        statement.walk(x -> {
            if (x.is("continue_statement") && target(x).filter(t -> t == loop).isPresent()
                    || x.is("labeled_statement")) {
                resumes[0] = true; // continues this loop, or a label a goto could enter by
            }
        });
        return !resumes[0];
    }

    /** A goto to a label of the function that is not inside {@code loop} (a goto back into the loop stays in it). */
    private static boolean labelOutside(SyntaxNode gotoStatement, SyntaxNode loop) {
        Optional<String> label = gotoStatement.child("label").map(SyntaxNode::text);
        SyntaxNode function = null;
        for (SyntaxNode p = gotoStatement.parentOrNull(); p != null; p = p.parentOrNull()) {
            if (p.is("function_definition")) {
                function = p; // the outermost: iteration macros can read as nested definitions
            }
        }
        if (label.isEmpty() || function == null) {
            return false;
        }
        List<SyntaxNode> targets = function.descendants("labeled_statement").stream()
                .filter(l -> l.child("label").map(SyntaxNode::text).equals(label)).toList();
        return targets.size() == 1 && !loop.contains(targets.getFirst());
    }

    /** The loop (or, for break, switch) a break or continue applies to. */
    static Optional<SyntaxNode> target(SyntaxNode jump) {
        boolean isBreak = jump.is("break_statement");
        for (SyntaxNode p = jump.parentOrNull(); p != null; p = p.parentOrNull()) {
            if (isLoop(p) || isBreak && p.is("switch_statement")) {
                return Optional.of(p);
            }
            if (p.is("function_definition")) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * A lock or unlock call that is a statement of a block in which the calls pair up in order
     * (depth never below 0, back to 0 at the end), and between each lock and its unlock no
     * statement of the staying part jumps (return, goto, break, continue): a staying path that runs
     * the lock runs the unlock too.
     */
    private static boolean pairedInItsBlock(SyntaxNode call, SyntaxNode loop) {
        Optional<SyntaxNode> stmt = call.parent().filter(p -> p.is("expression_statement") && lockDelta(p) != 0);
        Optional<SyntaxNode> block = stmt.flatMap(SyntaxNode::parent).filter(p -> p.is("compound_statement"));
        if (block.isEmpty()) {
            return false;
        }
        int depth = 0;
        for (SyntaxNode s : CSyntax.statements(block.get())) {
            int delta = lockDelta(s);
            if (depth > 0 && delta == 0 && jumpsWhileStaying(s, loop)) {
                return false;
            }
            depth += delta;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** +1 for a statement that is a lock call, -1 for an unlock call, 0 otherwise. */
    private static int lockDelta(SyntaxNode statement) {
        List<SyntaxNode> inner = statement.namedChildren().stream().filter(c -> !c.is("comment")).toList();
        if (!statement.is("expression_statement") || inner.size() != 1) {
            return 0;
        }
        String name = CSyntax.calleeName(inner.getFirst()).orElse("");
        return Builtins.ATOMIC_ENTER.contains(name) ? 1 : Builtins.ATOMIC_EXIT.contains(name) ? -1 : 0;
    }

    private static boolean jumpsWhileStaying(SyntaxNode statement, SyntaxNode loop) {
        boolean[] jumps = {false};
        List<SyntaxNode> stack = new ArrayList<>(List.of(statement));
        while (!stack.isEmpty() && !jumps[0]) {
            SyntaxNode n = stack.removeLast();
            jumps[0] = n.is("return_statement") || n.is("goto_statement") || n.is("break_statement")
                    || n.is("continue_statement") || n.is("labeled_statement");
            n.children().stream().filter(c -> !isLeavingBranch(c, loop)).forEach(stack::add);
        }
        return jumps[0];
    }
}
