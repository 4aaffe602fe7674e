package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Guard;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * KV003: a choice between {@code vfree(p)} and {@code kfree(p)} of the same pointer, and nothing
 * else: {@code if (is_vmalloc_addr(p)) vfree(p); else kfree(p);}, the {@code ?:} form, negated
 * and swapped forms; also the same choice made by a size or a flag. {@code kvfree(p)} does
 * exactly that. See {@code rules/KV003.md}.
 */
public final class OpenCodedKvfreeRule implements Rule {
    public static final String ID = "KV003";

    @Override
    public String id() {
        return ID;
    }

    /** The two frees of one choice. */
    private record Choice(SyntaxNode replaced, SyntaxNode condition, CallSite whenTrue, CallSite whenFalse) {}

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (!facts.kernel().atLeast(MismatchedFrees.KVFREE_SINCE)) {
            return out; // no kvfree(): the open-coded form is the way to write it
        }
        if (inMm(facts)) {
            return out; // mm/ implements kvfree() itself
        }
        for (CallSite c : facts.calls()) {
            if (!c.api().name().equals("vfree")) {
                continue;
            }
            choice(facts, c).map(ch -> describe(facts, ctx, ch)).filter(java.util.Objects::nonNull).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Choice> choice(FileFacts facts, CallSite vfree) {
        SyntaxNode call = vfree.call();
        SyntaxNode up = call.parent().orElse(null);
        while (up != null && up.is("parenthesized_expression")) {
            up = up.parent().orElse(null);
        }
        if (up != null && up.is("conditional_expression")) {
            SyntaxNode stmt = up.parent().orElse(null);
            if (stmt == null || !stmt.is("expression_statement")) {
                return Optional.empty();
            }
            Optional<CallSite> a = freeCall(facts, up.child("consequence").orElse(null));
            Optional<CallSite> b = freeCall(facts, up.child("alternative").orElse(null));
            if (a.isEmpty() || b.isEmpty() || up.child("condition").isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Choice(up, up.child("condition").get(), a.get(), b.get()));
        }
        // if / else: the vfree is the only statement of one branch
        SyntaxNode stmt = up;
        if (stmt == null || !stmt.is("expression_statement")) {
            return Optional.empty();
        }
        SyntaxNode branch = stmt;
        SyntaxNode p = stmt.parent().orElse(null);
        if (p != null && p.is("compound_statement") && CSyntax.statements(p).size() == 1) {
            branch = p;
            p = p.parent().orElse(null);
        }
        SyntaxNode ifStmt;
        if (p != null && p.is("if_statement") && "consequence".equals(branch.field())) {
            ifStmt = p;
        } else if (p != null && p.is("else_clause")) {
            ifStmt = p.parent().filter(x -> x.is("if_statement")).orElse(null);
        } else {
            return Optional.empty();
        }
        if (ifStmt == null || ifStmt.child("condition").isEmpty()) {
            return Optional.empty();
        }
        Optional<CallSite> a = ifStmt.child("consequence").flatMap(x -> onlyStatement(facts, x));
        Optional<CallSite> b = ifStmt.child("alternative").flatMap(e -> {
            List<SyntaxNode> kids = e.namedChildren().stream().filter(k -> !k.is("comment")).toList();
            return kids.size() == 1 ? onlyStatement(facts, kids.getFirst()) : Optional.empty();
        });
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Choice(ifStmt, ifStmt.child("condition").get(), a.get(), b.get()));
    }

    /** The free call that is the whole branch: {@code kfree(p);} or {@code { kfree(p); }}. */
    private static Optional<CallSite> onlyStatement(FileFacts facts, SyntaxNode branch) {
        SyntaxNode s = branch;
        if (s.is("compound_statement")) {
            List<SyntaxNode> body = CSyntax.statements(s);
            if (body.size() != 1) {
                return Optional.empty();
            }
            s = body.getFirst();
        }
        if (!s.is("expression_statement") || s.namedChildren().size() != 1) {
            return Optional.empty();
        }
        return freeCall(facts, s.namedChildren().getFirst());
    }

    private static Optional<CallSite> freeCall(FileFacts facts, SyntaxNode expr) {
        if (expr == null) {
            return Optional.empty();
        }
        SyntaxNode e = expr;
        while (e.is("parenthesized_expression") && e.namedChildren().size() == 1) {
            e = e.namedChildren().getFirst();
        }
        Optional<CallSite> c = facts.pointers().tableCall(e);
        return c.filter(x -> (x.api().name().equals("vfree") || x.api().name().equals("kfree")) && x.args().size() == 1);
    }

    /** A file of the kernel's memory management ({@code mm/}, {@code arch/x/mm/}): where kvfree() is written. */
    private static boolean inMm(FileFacts facts) {
        for (java.nio.file.Path part : facts.file().path().toAbsolutePath().normalize()) {
            if (part.toString().equals("mm")) {
                return true;
            }
        }
        return false;
    }

    /** {@code size > PAGE_SIZE}, {@code !(n <= LIMIT)}, {@code get_order(size) >= 2}... */
    private static boolean isComparison(SyntaxNode cond) {
        SyntaxNode c = cond;
        while (true) {
            if (c.is("parenthesized_expression") && c.namedChildren().size() == 1) {
                c = c.namedChildren().getFirst();
            } else if (c.is("unary_expression") && c.child("argument").isPresent()
                    && c.child("operator").map(SyntaxNode::text).orElse("").equals("!")) {
                c = c.child("argument").get();
            } else if (c.is("call_expression") && CSyntax.calleeName(c).filter(n -> n.equals("likely") || n.equals("unlikely")).isPresent()
                    && CSyntax.arguments(c).size() == 1) {
                c = CSyntax.arguments(c).getFirst();
            } else {
                break;
            }
        }
        String op = c.is("binary_expression") ? c.child("operator").map(SyntaxNode::text).orElse("") : "";
        return op.equals(">") || op.equals(">=") || op.equals("<") || op.equals("<=");
    }

    private static Finding describe(FileFacts facts, RuleContext ctx, Choice ch) {
        CallSite v = ch.whenTrue().api().name().equals("vfree") ? ch.whenTrue() : ch.whenFalse();
        CallSite k = v == ch.whenTrue() ? ch.whenFalse() : ch.whenTrue();
        return build(facts, ctx, ch, v, k);
    }

    private static Finding build(FileFacts facts, RuleContext ctx, Choice ch, CallSite v, CallSite k) {
        String file = facts.file().displayPath();
        Span span = Span.of(ch.replaced());
        if (!v.api().name().equals("vfree") || !k.api().name().equals("kfree")) {
            return null;
        }
        String pv = CSyntax.canonical(CSyntax.unwrap(v.args().getFirst()));
        String pk = CSyntax.canonical(CSyntax.unwrap(k.args().getFirst()));
        if (!pv.equals(pk)) {
            return null;
        }
        String ptrText = k.args().getFirst().text();
        Guard g = Guard.of(ch.condition());
        boolean vfreeWhenTrue = v == ch.whenTrue();
        Level level = ctx.catalog().require(ID).level();
        String message;
        if (g.vmallocTest() != null && g.vmallocTest().equals(pv)) {
            boolean vfreeOnVmallocSide = g.positive() == vfreeWhenTrue;
            if (!vfreeOnVmallocSide) {
                level = Level.ERROR;
                message = "inverted is_vmalloc_addr() test: vmalloc memory in '" + pv + "' goes to kfree() and kmalloc memory"
                        + " to vfree(); kvfree(" + ptrText + ") frees both correctly";
            } else {
                message = "open-coded kvfree(): is_vmalloc_addr(" + pv + ") ? vfree() : kfree() is what kvfree() does;"
                        + " use kvfree(" + ptrText + ")";
            }
        } else if (g.vmallocTest() != null) {
            return null; // tests another pointer than it frees: not ours to simplify
        } else if (isComparison(ch.condition())) {
            message = "size-selected free of '" + pv + "': kvfree() frees kmalloc and vmalloc memory alike,"
                    + " and this choice turns wrong once the allocation becomes kvmalloc(), which may serve large"
                    + " sizes from kmalloc; use kvfree(" + ptrText + ")";
        } else {
            message = "flag-selected free of '" + pv + "': kvfree() tells kmalloc from vmalloc memory itself;"
                    + " use kvfree(" + ptrText + ")";
        }
        boolean comments = !ch.replaced().descendants("comment").isEmpty();
        boolean preprocessor = ch.replaced().descendants("preproc_call").size() + ch.replaced().descendants("preproc_ifdef").size()
                + ch.replaced().descendants("preproc_if").size() > 0;
        Fix.Applicability a = comments || preprocessor ? Fix.Applicability.UNSAFE : Fix.Applicability.SAFE;
        String reason = comments ? "the comments inside the choice are dropped" : preprocessor
                ? "the preprocessor lines inside the choice are dropped" : "";
        String replacement = ch.replaced().is("conditional_expression") ? "kvfree(" + ptrText + ")" : "kvfree(" + ptrText + ");";
        Fix fix = new Fix("use kvfree()", List.of(new Fix.TextEdit(ch.replaced().startByte(), ch.replaced().endByte(),
                replacement)), a, reason);
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(v.call()), "vfree() arm"),
                new Finding.Related(Span.of(k.call()), "kfree() arm"));
        return new Finding(ID, level, file, span, message, related, List.of(fix));
    }
}
