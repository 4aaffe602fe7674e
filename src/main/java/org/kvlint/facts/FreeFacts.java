package org.kvlint.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Builds the {@link FreeFact}s of a file from its flows, while the syntax is at hand: the
 * arguments' texts and places, the call's atomic section, the calls the code chooses between
 * and this one. The search for rivals is bounded per call (statements looked back, rivals
 * kept), so the cost stays linear in the function's size.
 */
final class FreeFacts {
    private FreeFacts() {}

    /** How many earlier statements of a block are looked at for an early exit. */
    private static final int LOOK_BACK = 32;
    /** How many rivals one call keeps. */
    private static final int MAX_RIVALS = 32;
    /** How many nodes one arm is searched for calls. */
    private static final int MAX_NODES = 2000;
    private static final Set<String> SIZED_FREES = Set.of("kfree_sensitive", "kzfree");

    static List<FreeFact> of(List<FunctionFlow> flows) {
        List<FreeFact> out = new ArrayList<>();
        for (FunctionFlow f : flows) {
            Set<String> written = null;
            // only a table free is ever replaced by one that may sleep: look for sections there,
            // and in a function without any words that open one, not at all (asked once per function)
            java.util.function.BooleanSupplier locks = memo(() -> mayHaveAtomicSections(f.unit()));
            for (FunctionFlow.Use u : f.uses().values()) {
                SyntaxNode call = u.call();
                List<FreeFact.Arg> args = new ArrayList<>();
                for (SyntaxNode a : CSyntax.arguments(call)) {
                    SyntaxNode bare = CSyntax.unwrap(a);
                    args.add(new FreeFact.Arg(a.text(), CSyntax.canonical(bare), Place.of(bare, f.scope()).orElse(null)));
                }
                boolean table = u.table() != null;
                Set<String> sized = Set.of();
                if (table && SIZED_FREES.contains(u.table().api().name())) {
                    written = written != null ? written : written(f.unit());
                    sized = written;
                }
                SyntaxNode unit = f.unit();
                FreeFact.Context context = new FreeFact.Context(() -> {
                    KvAllocFact.Atomic section = table && locks.getAsBoolean() ? KvAllocFact.atomicAt(call) : null;
                    return section == null ? "" : section.describe();
                }, () -> rivals(call, unit));
                out.add(new FreeFact(call.startByte(), Loc.of(call), Loc.of(call.child("function").orElse(call)),
                        u.callee(), table, args, f.name().orElse(""), unit.startByte(), sized, context));
            }
        }
        out.sort(Comparator.comparingInt(FreeFact::id));
        return List.copyOf(out);
    }

    /** {@code test}, asked at most once (a race, were there one, would ask it twice and get one answer). */
    private static java.util.function.BooleanSupplier memo(java.util.function.BooleanSupplier test) {
        Boolean[] answer = new Boolean[1];
        return () -> {
            if (answer[0] == null) {
                answer[0] = test.getAsBoolean();
            }
            return answer[0];
        };
    }

    /** Words of every call that opens an atomic section ({@link AtomicSections#openAt}); a function without any has none. */
    private static final byte[][] ATOMIC_WORDS = {
        "lock".getBytes(), "guard".getBytes(), "irq".getBytes(), "preempt".getBytes(),
        "rcu_read".getBytes(), "local_bh".getBytes(), "get_cpu".getBytes()};

    /**
     * Can the unit hold an atomic section at all (a cheap test before the costly search per call)?
     * A byte scan of its text, not a regex over a decoded copy: it runs on every function of every
     * file analysed, and the regex was a sixth of a cold whole-tree scan's CPU time.
     */
    static boolean mayHaveAtomicSections(SyntaxNode unit) {
        byte[] b = unit.source().bytes();
        int end = Math.min(unit.endByte(), b.length);
        for (int i = unit.startByte(); i < end; i++) {
            byte c = b[i];
            if (c == 'l' || c == 'g' || c == 'i' || c == 'p' || c == 'r') {
                for (byte[] w : ATOMIC_WORDS) {
                    if (w[0] == c && org.kvlint.syntax.Bytes.startsWith(b, i, end, w)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The lvalues a function writes (assignments, ++/--). */
    private static Set<String> written(SyntaxNode unit) {
        Set<String> out = new HashSet<>();
        unit.walk(n -> {
            if (n.is("assignment_expression")) {
                n.child("left").ifPresent(l -> out.add(CSyntax.canonical(l)));
            } else if (n.is("update_expression")) {
                n.child("argument").ifPresent(l -> out.add(CSyntax.canonical(l)));
            }
        });
        return out;
    }

    /**
     * The calls the code chooses between and {@code call}: in the other arm of each if/else or
     * ?: around it, in the other cases of a switch, and in an earlier {@code if (...) { ...; return; }}
     * of each block around it (inside the unit).
     */
    static List<FreeFact.Rival> rivals(SyntaxNode call, SyntaxNode unit) {
        List<FreeFact.Rival> out = new ArrayList<>();
        SyntaxNode child = call;
        for (SyntaxNode p = call.parentOrNull(); p != null && out.size() < MAX_RIVALS;
                child = p, p = p.parentOrNull()) {
            if (child == unit) {
                break;
            }
            if (p.is("if_statement") || p.is("conditional_expression")) {
                String f = child.field();
                SyntaxNode sibling = null;
                if ("consequence".equals(f)) {
                    sibling = p.child("alternative").orElse(null);
                } else if ("alternative".equals(f) || child.is("else_clause")) {
                    sibling = p.child("consequence").orElse(null);
                }
                if (sibling != null) {
                    collect(sibling, true, out);
                }
            }
            if (p.is("compound_statement") && child.is("case_statement")) {
                for (SyntaxNode c : p.namedChildren()) {
                    if (c != child && c.is("case_statement")) {
                        collect(c, false, out);
                    }
                }
            }
            // #ifndef X / if (c) vfree(p); else / #endif / kfree(p);  -- the two halves are rivals
            if ("consequence".equals(child.field()) && p.is("if_statement")) {
                SyntaxNode ifs = p;
                Optional<SyntaxNode> block = p.parent().filter(b -> Statements.splitElse(b).orElse(null) == ifs);
                Optional<SyntaxNode> completion = block.flatMap(Statements::nextStatement);
                completion.ifPresent(c -> collect(c, true, out));
            }
            if (p.is("compound_statement") || CSyntax.isPreprocBlock(p)) {
                Optional<SyntaxNode> before = Statements.prevStatement(child);
                Optional<SyntaxNode> cut = before.flatMap(Statements::splitElse);
                if (cut.isPresent()) {
                    cut.get().child("consequence").ifPresent(c -> collect(c, true, out));
                }
                int looked = 0;
                for (Optional<SyntaxNode> prev = child.prevNamedSibling(); prev.isPresent() && looked < LOOK_BACK;
                        prev = prev.get().prevNamedSibling(), looked++) {
                    SyntaxNode s = prev.get();
                    if (s.is("if_statement") && s.child("alternative").isEmpty()
                            && s.child("consequence").map(Statements::endsInJump).orElse(false)) {
                        collect(s.child("consequence").get(), false, out);
                    }
                }
            }
        }
        return out;
    }

    /** The calls under {@code n}, looking at no more than {@link #MAX_NODES} nodes. */
    private static void collect(SyntaxNode n, boolean twoArmed, List<FreeFact.Rival> out) {
        java.util.ArrayDeque<SyntaxNode> stack = new java.util.ArrayDeque<>();
        stack.push(n);
        for (int seen = 0; !stack.isEmpty() && seen < MAX_NODES && out.size() < MAX_RIVALS; seen++) {
            SyntaxNode c = stack.pop();
            if (c.is("call_expression")) {
                CSyntax.calleeName(c).ifPresent(name -> out.add(new FreeFact.Rival(name,
                        CSyntax.arguments(c).stream().map(a -> CSyntax.canonical(CSyntax.unwrap(a))).toList(), twoArmed)));
            }
            List<SyntaxNode> kids = c.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
    }
}
