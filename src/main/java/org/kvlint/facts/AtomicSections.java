package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Where a function cannot sleep: after {@code spin_lock*}, {@code raw_spin_lock*},
 * {@code read_lock*}/{@code write_lock*}, {@code xa_lock*}, {@code local_irq_disable/save},
 * {@code preempt_disable}, {@code get_cpu}, {@code local_bh_disable}, {@code rcu_read_lock*}, or
 * a {@code guard()}/{@code scoped_guard()} of one of those, and before the matching release.
 *
 * <p>Only straight-line sections within one function are recognised: the lock statement sits
 * directly in a block that also contains the node, before it, and no matching release lies
 * between them (a release in a nested block that always leaves, such as an early
 * {@code spin_unlock(); return;} error path, does not end the section). These are the kernel's
 * locking primitives, not allocators, so they live here rather than in the allocator table.
 */
public final class AtomicSections {
    private AtomicSections() {}

    /** What kind of atomic context a primitive enters. */
    public enum Kind {
        SPINLOCK("while a spinlock is held"),
        IRQ_OFF("with interrupts disabled"),
        PREEMPT_OFF("with preemption disabled"),
        BH_OFF("with bottom halves disabled"),
        RCU("inside an RCU read-side critical section");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** e.g. "while a spinlock is held". */
        public String words() {
            return words;
        }
    }

    /**
     * An atomic section that is open at some node.
     *
     * @param enter the call that entered it, e.g. {@code spin_lock(&priv->lock)}
     * @param kind what it disables
     * @param key identity used to pair it with its release
     */
    public record Section(SyntaxNode enter, Kind kind, String key) {
        /** The entering call as written, whitespace collapsed: {@code spin_lock(&priv->lock)}. */
        public String text() {
            if (enter.is("type_identifier")) { // scoped_guard(rcu) { ... }: the macro name of a block
                return enter.text() + enter.parent().flatMap(d -> d.child("declarator")).map(SyntaxNode::text).orElse("");
            }
            return enter.text().replaceAll("\\s+", " ");
        }
    }

    private static final Pattern LOCK = Pattern.compile("(raw_spin|spin|read|write|xa)_lock(_irq|_irqsave|_bh|_nested|_irqsave_nested|_bh_nested)?");
    private static final Pattern UNLOCK = Pattern.compile("(raw_spin|spin|read|write|xa)_unlock(_irq|_irqrestore|_bh)?");
    private static final Set<String> GUARDS = Set.of("spinlock", "spinlock_irq", "spinlock_irqsave", "spinlock_bh",
            "raw_spinlock", "raw_spinlock_irq", "raw_spinlock_irqsave", "raw_spinlock_bh", "read_lock", "read_lock_irq",
            "read_lock_irqsave", "read_lock_bh", "write_lock", "write_lock_irq", "write_lock_irqsave", "write_lock_bh",
            "irq", "irqsave", "preempt", "preempt_notrace", "rcu", "rcu_bh", "rcu_sched");

    /** A primitive that enters (open=true) or leaves a section, with its pairing key. */
    private record Primitive(boolean open, Kind kind, String key) {}

    private static Optional<Primitive> primitive(SyntaxNode call) {
        Optional<String> name = CSyntax.calleeName(call);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String n = name.get();
        List<SyntaxNode> args = CSyntax.arguments(call);
        Matcher lock = LOCK.matcher(n);
        if (lock.matches()) {
            return Optional.of(new Primitive(true, Kind.SPINLOCK, family(lock.group(1)) + ":" + firstArg(args)));
        }
        Matcher unlock = UNLOCK.matcher(n);
        if (unlock.matches()) {
            return Optional.of(new Primitive(false, Kind.SPINLOCK, family(unlock.group(1)) + ":" + firstArg(args)));
        }
        return switch (n) {
            case "local_irq_disable", "local_irq_save" -> Optional.of(new Primitive(true, Kind.IRQ_OFF, "irq"));
            case "local_irq_enable", "local_irq_restore" -> Optional.of(new Primitive(false, Kind.IRQ_OFF, "irq"));
            case "preempt_disable", "preempt_disable_notrace", "get_cpu" ->
                    Optional.of(new Primitive(true, Kind.PREEMPT_OFF, "preempt"));
            case "preempt_enable", "preempt_enable_no_resched", "preempt_enable_notrace", "put_cpu" ->
                    Optional.of(new Primitive(false, Kind.PREEMPT_OFF, "preempt"));
            case "local_bh_disable" -> Optional.of(new Primitive(true, Kind.BH_OFF, "bh"));
            case "local_bh_enable" -> Optional.of(new Primitive(false, Kind.BH_OFF, "bh"));
            case "rcu_read_lock", "rcu_read_lock_bh", "rcu_read_lock_sched" ->
                    Optional.of(new Primitive(true, Kind.RCU, n));
            case "rcu_read_unlock", "rcu_read_unlock_bh", "rcu_read_unlock_sched" ->
                    Optional.of(new Primitive(false, Kind.RCU, n.replace("unlock", "lock")));
            default -> Optional.empty();
        };
    }

    private static String family(String prefix) {
        return prefix.equals("raw_spin") ? "spin" : prefix; // raw_spin_unlock pairs with raw_spin_lock; the arg tells them apart
    }

    private static String firstArg(List<SyntaxNode> args) {
        return args.isEmpty() ? "" : CSyntax.canonical(args.getFirst());
    }

    /** The innermost atomic section open at {@code node}, if any. */
    public static Optional<Section> openAt(SyntaxNode node) {
        SyntaxNode scope = Statements.functionScope(node);
        // "scoped_guard(rcu) { ... }" (one argument) parses as a nested function definition
        for (SyntaxNode p = node.parentOrNull(); p != null && p != scope; p = p.parentOrNull()) {
            if (p.is("function_definition") && p.child("type").filter(t -> t.text().equals("scoped_guard")).isPresent()) {
                Optional<SyntaxNode> kind = p.child("declarator").map(d -> d.namedChildren().isEmpty() ? d
                        : d.namedChildren().getFirst());
                if (kind.isPresent() && GUARDS.contains(kind.get().text())) {
                    SyntaxNode head = p.child("type").get();
                    return Optional.of(new Section(head, guardKind(kind.get().text()), "guard"));
                }
            }
        }
        List<SyntaxNode> calls = new ArrayList<>();
        scope.walk(n -> {
            if (n.is("call_expression") && n.endByte() <= node.startByte()) {
                calls.add(n);
            }
        });
        Section best = null;
        for (SyntaxNode call : calls) {
            Optional<Section> s = enters(call, node);
            if (s.isEmpty()) {
                continue;
            }
            if (released(s.get(), calls, node)) {
                continue;
            }
            if (best == null || s.get().enter().startByte() > best.enter().startByte()) {
                best = s.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The section {@code call} enters if it is a lock statement whose block reaches {@code node}. */
    private static Optional<Section> enters(SyntaxNode call, SyntaxNode node) {
        // guard(spinlock)(&l); : held to the end of the enclosing block
        if (call.child("function").filter(f -> f.is("call_expression")).isPresent()) {
            SyntaxNode inner = call.child("function").get();
            if (CSyntax.calleeName(inner).filter("guard"::equals).isPresent()) {
                List<SyntaxNode> kinds = CSyntax.arguments(inner);
                if (kinds.size() == 1 && GUARDS.contains(kinds.getFirst().text())) {
                    SyntaxNode stmt = call.parent().orElse(call);
                    Optional<SyntaxNode> block = Statements.block(stmt);
                    if (stmt.is("expression_statement") && block.isPresent() && isBlock(block.get())
                            && block.get().contains(node)) {
                        return Optional.of(new Section(call, guardKind(kinds.getFirst().text()), "guard"));
                    }
                }
            }
            return Optional.empty();
        }
        Optional<String> name = CSyntax.calleeName(call);
        if (name.isPresent() && name.get().equals("scoped_guard")) {
            // scoped_guard(spinlock, &l) { ... } parses as a call statement followed by a block
            List<SyntaxNode> args = CSyntax.arguments(call);
            SyntaxNode stmt = call.parent().orElse(call);
            if (!args.isEmpty() && GUARDS.contains(args.getFirst().text()) && stmt.is("expression_statement")) {
                Optional<SyntaxNode> body = stmt.nextNamedSibling();
                if (body.isPresent() && body.get().is("compound_statement") && body.get().contains(node)) {
                    return Optional.of(new Section(call, guardKind(args.getFirst().text()), "guard"));
                }
            }
            return Optional.empty();
        }
        Optional<Primitive> p = primitive(call);
        if (p.isEmpty() || !p.get().open()) {
            return Optional.empty();
        }
        SyntaxNode stmt = Statements.statementOf(call);
        if (!(stmt.is("expression_statement") || stmt.is("declaration"))) {
            return Optional.empty();
        }
        Optional<SyntaxNode> block = Statements.block(stmt);
        if (block.isEmpty() || !isBlock(block.get()) || !block.get().contains(node)) {
            return Optional.empty();
        }
        return Optional.of(new Section(call, p.get().kind(), p.get().key()));
    }

    private static boolean isBlock(SyntaxNode n) {
        return n.is("compound_statement") || n.is("ERROR");
    }

    private static Kind guardKind(String g) {
        if (g.startsWith("rcu")) {
            return Kind.RCU;
        }
        if (g.startsWith("preempt")) {
            return Kind.PREEMPT_OFF;
        }
        if (g.startsWith("irq")) {
            return Kind.IRQ_OFF;
        }
        return Kind.SPINLOCK;
    }

    /** Is the section closed, on the straight-line path, before {@code node}? */
    private static boolean released(Section s, List<SyntaxNode> calls, SyntaxNode node) {
        if (s.key().equals("guard")) {
            return false;
        }
        SyntaxNode block = Statements.block(Statements.statementOf(s.enter())).orElseThrow();
        for (SyntaxNode c : calls) {
            if (c.startByte() < s.enter().endByte()) {
                continue;
            }
            Optional<Primitive> p = primitive(c);
            if (p.isEmpty() || p.get().open() || !p.get().key().equals(s.key())) {
                continue;
            }
            if (!onLeavingPath(c, block, node)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the release {@code c} sits in a nested block that does not contain {@code node}
     * and always leaves (an early-exit path), so it does not end the section for {@code node}.
     */
    private static boolean onLeavingPath(SyntaxNode c, SyntaxNode block, SyntaxNode node) {
        for (SyntaxNode a = c.parentOrNull(); a != null && a != block; a = a.parentOrNull()) {
            if (a.contains(node)) {
                return false;
            }
            if (a.is("compound_statement") && Statements.endsInJump(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a GFP mask can never sleep: it names GFP_ATOMIC/GFP_NOWAIT or clears direct
     * reclaim, or it is written out in full and none of its parts allows direct reclaim.
     */
    public static boolean neverSleeps(Gfp gfp) {
        if (!gfp.blocking()) {
            return true;
        }
        if (gfp.names().isEmpty() || !gfp.known()) {
            return false;
        }
        return gfp.names().stream().allMatch(NO_RECLAIM_MODIFIERS::contains);
    }

    /** Modifiers that add no direct reclaim: a mask made only of these cannot sleep. */
    private static final Set<String> NO_RECLAIM_MODIFIERS = Set.of("__GFP_HIGH", "__GFP_NOWARN", "__GFP_ZERO",
            "__GFP_ACCOUNT", "__GFP_NORETRY", "__GFP_NOMEMALLOC", "__GFP_MEMALLOC", "__GFP_KSWAPD_RECLAIM",
            "__GFP_COMP", "__GFP_THISNODE", "__GFP_HARDWALL", "__GFP_ATOMIC", "__GFP_RETRY_MAYFAIL");
}
