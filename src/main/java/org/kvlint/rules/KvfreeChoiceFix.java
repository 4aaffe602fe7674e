package org.kvlint.rules;

import java.util.List;
import java.util.Optional;
import org.kvlint.facts.FreeChoice;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FreeChoices;
import org.kvlint.facts.Loc;
import org.kvlint.fix.text.SourceLines;
import org.kvlint.facts.Statements;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The rewrite of an open-coded kvfree(): the free becomes one {@code kvfree()}, the logic that
 * only chose the free goes, and the rest stays.
 * <ul>
 *   <li>{@code c ? vfree(p) : kfree(p);} and an if/else of only the two frees: {@code kvfree(p);}</li>
 *   <li>an if/else whose arms do more: the frees leave the arms, one {@code kvfree(p);} follows the
 *       if (or precedes it when both frees come first in their arms); an arm left empty goes, and
 *       the test is negated when the then-arm is the empty one;</li>
 *   <li>two ifs in a row on exclusive tests: one if on both tests ({@code f & (A | B)},
 *       {@code x == A || x == B}), or none when they were a test and its negation.</li>
 * </ul>
 * Comments and preprocessor lines that would be dropped make the fix unsafe.
 */
final class KvfreeChoiceFix {
    private KvfreeChoiceFix() {}

    /**
     * The rewrite of a choice, from the file's syntax: the nodes are found by the choice's
     * positions (so the fix stage may call this on a fresh parse of the file).
     */
    static Optional<Fix> of(FreeChoice c, FileFacts facts) {
        Optional<SyntaxNode> kcall = facts.pointers().callNode(c.kfree());
        Optional<SyntaxNode> vcall = facts.pointers().callNode(c.vfree());
        if (kcall.isEmpty() || vcall.isEmpty()) {
            return Optional.empty();
        }
        if (c.shape() == FreeChoice.Shape.APART) {
            return earlyExit(c, kcall.get(), vcall.get(), new SourceLines(facts.source()));
        }
        Optional<SyntaxNode> statement = around(kcall.get(), c.statement()).or(() -> around(vcall.get(), c.statement()));
        if (statement.isEmpty()) {
            return Optional.empty();
        }
        Nodes n = new Nodes(kcall.get(), vcall.get(), statement.get(), c.second() == null ? null
                : around(kcall.get(), c.second()).or(() -> around(vcall.get(), c.second())).orElse(null));
        SourceLines src = new SourceLines(facts.source());
        String kv = "kvfree(" + c.pointer() + ")";
        return switch (c.shape()) {
            case TERNARY -> Optional.of(fix(n.statement(),
                    new Fix.TextEdit(n.statement().startByte(), n.statement().endByte(), kv)));
            case IF_ELSE -> ifElse(c, n, src, kv);
            case TWO_IFS -> n.second() == null ? Optional.empty() : twoIfs(c, n, src, kv);
            case SPLIT_IF -> n.second() == null ? Optional.empty() : splitIf(n, src, kv);
            case APART -> Optional.empty();
        };
    }

    /**
     * The early exit, {@code if (c) { vfree(p); return; } kfree(p);} (either free first), when
     * the second free ends the function or is followed only by the same return as the arm's:
     * the if goes and the second free becomes {@code kvfree(p);}. Anything else in the arm, or
     * after the second free, ran on one side only: no rewrite.
     */
    private static Optional<Fix> earlyExit(FreeChoice c, SyntaxNode kcall, SyntaxNode vcall, SourceLines src) {
        boolean kFirst = kcall.startByte() < vcall.startByte();
        SyntaxNode first = kFirst ? kcall : vcall;
        // 'return kfree(p);' in a void function: the free and the return in one statement
        SyntaxNode returned = first.parent().filter(r -> r.is("return_statement")).orElse(null);
        SyntaxNode firstStmt = returned != null ? returned : statement(first);
        SyntaxNode secondStmt = statement(kFirst ? vcall : kcall);
        SyntaxNode ifs = firstStmt == null ? null : firstStmt.ancestor("if_statement").orElse(null);
        if (secondStmt == null || ifs == null || ifs.child("alternative").isPresent()
                || Statements.nextStatement(ifs).orElse(null) != secondStmt) {
            return Optional.empty();
        }
        List<SyntaxNode> arm = ifs.child("consequence").map(CSyntax::statements).orElse(List.of());
        boolean freeAndReturn = arm.size() == 2 && arm.get(0) == firstStmt && arm.get(1).is("return_statement");
        boolean returnOfFree = returned != null && arm.size() == 1 && arm.get(0) == returned;
        if (!freeAndReturn && !returnOfFree) {
            return Optional.empty();
        }
        SyntaxNode ret = freeAndReturn ? arm.get(1) : null;
        Optional<SyntaxNode> after = Statements.nextStatement(secondStmt);
        boolean endsFunction = after.isEmpty() && (ret == null || ret.namedChildren().isEmpty())
                && secondStmt.parent().flatMap(SyntaxNode::parent).filter(f -> f.is("function_definition")).isPresent();
        boolean sameReturn = ret != null && after.isPresent() && after.get().is("return_statement")
                && CSyntax.canonical(after.get()).equals(CSyntax.canonical(ret)) && Statements.nextStatement(after.get()).isEmpty();
        if (!endsFunction && !sameReturn || !src.startsLine(ifs.startByte())
                || !src.startsLine(secondStmt.startByte()) || !src.restOfLine(secondStmt.endByte()).isEmpty()) {
            return Optional.empty();
        }
        String kv = "kvfree(" + c.pointer() + ");";
        // from the if's line to the end of the second free: one kvfree(), the if line's comments kept
        return Optional.of(fix(ifs.parent().orElse(ifs), new Fix.TextEdit(ifs.startByte(), secondStmt.endByte(),
                withIfLineComments(src, ifs, kv, List.of()))));
    }

    /**
     * {@code #ifndef X / if (c) vfree(p); else / #endif / kfree(p);}, the block holding just the
     * if and its else, each half just its free: all of it becomes {@code kvfree(p);}. The
     * directive goes; where it left the if out, the free was kfree() alone, and kvfree() frees
     * kmalloc memory the same way.
     */
    private static Optional<Fix> splitIf(Nodes n, SourceLines src, String kv) {
        SyntaxNode ifs = n.statement();
        SyntaxNode block = ifs.parentOrNull();
        SyntaxNode after = n.second();
        if (block == null || CSyntax.statements(ifs.child("consequence").orElseThrow()).size() != 1
                || !after.is("expression_statement") || !src.startsLine(block.startByte())
                || !src.startsLine(after.startByte()) || !FixEdits.nothingOrOneComment(src.restOfLine(after.endByte()))
                || Statements.blockBody(block).size() != 2) {
            return Optional.empty();
        }
        int start = src.lineStart(block.startByte());
        String directive = src.text(block.startByte(), block.endByte()).lines().findFirst().orElse("").strip();
        // the directive goes on purpose; the comments of the if are checked as in any choice
        return Optional.of(fix(ifs, new Fix.TextEdit(start, after.endByte(),
                src.indentAt(ifs.startByte()) + withIfLineComments(src, ifs, kv + ";", List.of())))
                .concern(Fix.Applicability.UNSAFE, "'" + directive + "' goes with the choice: where it left the if"
                        + " out, the free was " + (after.contains(n.kfree()) ? "kfree" : "vfree")
                        + "() alone and becomes kvfree(), which frees that memory the same way"));
    }

    /** The syntax of a choice: the two calls, its statement, the second if of two. */
    private record Nodes(SyntaxNode kfree, SyntaxNode vfree, SyntaxNode statement, SyntaxNode second) {}

    /** The ancestor of {@code n} (or {@code n}) spanning exactly {@code loc}. */
    private static Optional<SyntaxNode> around(SyntaxNode n, Loc loc) {
        for (SyntaxNode p = n; p != null; p = p.parentOrNull()) {
            if (p.startByte() == loc.startByte() && p.endByte() == loc.endByte()) {
                return Optional.of(p);
            }
            if (p.startByte() < loc.startByte()) {
                break;
            }
        }
        return Optional.empty();
    }

    private static Optional<Fix> ifElse(FreeChoice c, Nodes nodes, SourceLines src, String kv) {
        SyntaxNode ifs = nodes.statement();
        SyntaxNode then = ifs.child("consequence").orElse(null);
        SyntaxNode alt = ifs.child("alternative").flatMap(e -> e.namedChildren().stream()
                .filter(x -> !x.is("comment")).findFirst()).orElse(null);
        SyntaxNode ks = statement(nodes.kfree());
        SyntaxNode vs = statement(nodes.vfree());
        if (then == null || alt == null || ks == null || vs == null) {
            return Optional.empty();
        }
        List<SyntaxNode> thenRest = rest(then, ks, vs);
        List<SyntaxNode> altRest = rest(alt, ks, vs);
        if (thenRest.isEmpty() && altRest.isEmpty()) {
            return Optional.of(fix(ifs, new Fix.TextEdit(ifs.startByte(), ifs.endByte(),
                    withIfLineComments(src, ifs, kv + ";", List.of()))));
        }
        boolean last = isLast(then, ks, vs) && isLast(alt, ks, vs);
        boolean first = isFirst(then, ks, vs) && isFirst(alt, ks, vs);
        if (!last && !first || !src.startsLine(ifs.startByte()) || !src.restOfLine(ifs.endByte()).isEmpty()
                || mentions(thenRest, c) || mentions(altRest, c)) {
            return Optional.empty(); // the free in the middle of an arm, or code that reuses the pointer
        }
        if (!last && org.kvlint.facts.Guard.mentions(CSyntax.canonical(ifs.child("condition").orElseThrow()), c.place())) {
            return Optional.empty(); // kvfree() first would leave the test reading a freed pointer
        }
        String indent = src.indentAt(ifs.startByte());
        String cond = inner(ifs.child("condition").orElseThrow());
        String rewritten;
        if (altRest.isEmpty() || thenRest.isEmpty()) {
            List<SyntaxNode> kept = altRest.isEmpty() ? thenRest : altRest;
            String test = altRest.isEmpty() ? cond : negate(ifs.child("condition").orElseThrow());
            rewritten = withIfLineComments(src, ifs, "if (" + test + ")", kept) + body(src, kept, indent);
        } else if (oneLiner(thenRest) && oneLiner(altRest)) {
            // both arms keep one statement: no braces (coding style)
            rewritten = withIfLineComments(src, ifs, "if (" + cond + ")", List.of()) + "\n" + indent + "\t"
                    + thenRest.getFirst().text() + "\n" + indent + "else\n" + indent + "\t" + altRest.getFirst().text();
        } else {
            StringBuilder t = new StringBuilder(src.text(ifs.startByte(), ifs.endByte()));
            List<SyntaxNode> gone = List.of(ks, vs).stream()
                    .sorted(java.util.Comparator.comparingInt(SyntaxNode::startByte).reversed()).toList();
            for (SyntaxNode s : gone) {
                int from = src.lineStart(s.startByte());
                int to = src.nextLineStart(s.endByte());
                if (!src.startsLine(s.startByte()) || !src.restOfLine(s.endByte()).isEmpty()) {
                    return Optional.empty();
                }
                t.delete(from - ifs.startByte(), to - ifs.startByte());
            }
            rewritten = t.toString();
        }
        String text = last ? rewritten + "\n" + indent + kv + ";" : kv + ";\n" + indent + rewritten;
        return Optional.of(fix(ifs, new Fix.TextEdit(ifs.startByte(), ifs.endByte(), text)));
    }

    private static Optional<Fix> twoIfs(FreeChoice c, Nodes nodes, SourceLines src, String kv) {
        SyntaxNode a = nodes.statement();
        SyntaxNode b = nodes.second();
        if (!src.startsLine(b.startByte()) || !src.restOfLine(b.endByte()).isEmpty()) {
            return Optional.empty();
        }
        String indent = src.indentAt(a.startByte());
        String text;
        if (c.other() == null) {
            text = withIfLineComments(src, a, kv + ";", List.of()); // a test and its negation: one of the two always runs
        } else {
            Optional<String[]> x = FreeChoices.split(c.test());
            Optional<String[]> y = FreeChoices.split(c.other());
            if (x.isEmpty() || y.isEmpty()) {
                return Optional.empty();
            }
            String word = wordAsWritten(a, x.get()[0]);
            String first = c.kfree() < c.vfree() ? y.get()[1] : x.get()[1];
            String second = first.equals(y.get()[1]) ? x.get()[1] : y.get()[1];
            String test = x.get()[2].equals("&") ? word + " & (" + first + " | " + second + ")"
                    : word + " == " + first + " || " + word + " == " + second;
            text = withIfLineComments(src, a, "if (" + test + ")", List.of()) + "\n" + indent + "\t" + kv + ";";
        }
        int end = src.nextLineStart(b.endByte());
        // the second if goes with its line; what stands between the two (comments, blank lines) stays
        return Optional.of(fix(a.parent().orElse(a), new Fix.TextEdit(a.startByte(), a.endByte(), text),
                new Fix.TextEdit(src.lineStart(b.startByte()), end, "")));
    }

    /**
     * The new if line with the comments that stood on the old if's first line after its test
     * ({@code if (x) {  /* why *\/}), so they are not lost; comments inside {@code kept} statements
     * travel with them.
     */
    private static String withIfLineComments(SourceLines src, SyntaxNode ifs, String line, List<SyntaxNode> kept) {
        StringBuilder out = new StringBuilder(line);
        int lineEnd = src.lineEnd(ifs.startByte());
        ifs.walk(n -> {
            if (n.is("comment") && n.startByte() < lineEnd && n.startRow() == n.endRow()
                    && kept.stream().noneMatch(k -> k.contains(n))) {
                out.append(' ').append(n.text());
            }
        });
        return out.toString();
    }

    /** The flags word of a test as the source writes it ({@code io->flags}), from the if's condition. */
    private static String wordAsWritten(SyntaxNode ifs, String canonical) {
        SyntaxNode cond = CSyntax.unwrap(ifs.child("condition").orElseThrow());
        if (cond.is("binary_expression")) {
            for (String f : List.of("left", "right")) {
                Optional<SyntaxNode> side = cond.child(f);
                if (side.isPresent() && CSyntax.canonical(side.get()).equals(canonical)) {
                    return side.get().text();
                }
            }
        }
        return canonical;
    }

    /** The fix; unsafe when a comment or preprocessor line inside the replaced code is not carried over. */
    private static Fix fix(SyntaxNode scope, Fix.TextEdit... edits) {
        boolean[] dropped = {false, false};
        scope.walk(n -> {
            if (!n.is("comment") && !n.type().startsWith("preproc_")) {
                return;
            }
            for (Fix.TextEdit e : edits) {
                if (e.startByte() <= n.startByte() && n.endByte() <= e.endByte() && !e.replacement().contains(n.text())) {
                    dropped[n.is("comment") ? 0 : 1] = true;
                }
            }
        });
        Fix.Applicability a = dropped[0] || dropped[1] ? Fix.Applicability.UNSAFE : Fix.Applicability.SAFE;
        String reason = dropped[0] ? "the comments inside the choice are dropped"
                : dropped[1] ? "the preprocessor lines inside the choice are dropped" : "";
        return new Fix("use kvfree()", List.of(edits), a, reason);
    }

    /** The statements of an arm other than the two frees (comments aside). */
    private static List<SyntaxNode> rest(SyntaxNode arm, SyntaxNode ks, SyntaxNode vs) {
        return CSyntax.statements(arm).stream().filter(s -> s != ks && s != vs).toList();
    }

    private static boolean isLast(SyntaxNode arm, SyntaxNode ks, SyntaxNode vs) {
        List<SyntaxNode> st = CSyntax.statements(arm);
        return !st.isEmpty() && (st.getLast() == ks || st.getLast() == vs);
    }

    private static boolean isFirst(SyntaxNode arm, SyntaxNode ks, SyntaxNode vs) {
        List<SyntaxNode> st = CSyntax.statements(arm);
        return !st.isEmpty() && (st.getFirst() == ks || st.getFirst() == vs);
    }

    /** Does the code that stays write the freed pointer? Then moving the free past it changes what is freed. */
    private static boolean mentions(List<SyntaxNode> stmts, FreeChoice c) {
        String ptr = c.place();
        for (SyntaxNode s : stmts) {
            boolean[] writes = {false};
            s.walk(n -> {
                if (n.is("assignment_expression") && n.child("left").map(CSyntax::canonical).filter(ptr::equals).isPresent()
                        || n.is("return_statement") || n.is("goto_statement") || n.is("break_statement")
                        || n.is("continue_statement")) {
                    writes[0] = true;
                }
            });
            if (writes[0]) {
                return true;
            }
        }
        return false;
    }

    /** One statement on one line, which needs no braces. */
    private static boolean oneLiner(List<SyntaxNode> kept) {
        return kept.size() == 1 && kept.getFirst().startRow() == kept.getFirst().endRow()
                && !kept.getFirst().is("if_statement") && !kept.getFirst().is("declaration");
    }

    /** The arm's kept statements as the new if's body: a lone one-line statement without braces. */
    private static String body(SourceLines src, List<SyntaxNode> kept, String indent) {
        if (oneLiner(kept)) {
            return "\n" + indent + "\t" + kept.getFirst().text();
        }
        int from = src.lineStart(kept.getFirst().startByte());
        int to = src.lineEnd(kept.getLast().endByte());
        return " {\n" + src.text(from, to) + "\n" + indent + "}";
    }

    /** The condition without its parentheses, as written. */
    private static String inner(SyntaxNode condition) {
        SyntaxNode c = condition;
        if (c.is("parenthesized_expression") && c.namedChildren().size() == 1) {
            return c.namedChildren().getFirst().text();
        }
        return c.text();
    }

    /** The negated condition: {@code !x}, {@code x} for {@code !x}, {@code a != b} for {@code a == b}. */
    static String negate(SyntaxNode condition) {
        SyntaxNode c = condition;
        while (c.is("parenthesized_expression") && c.namedChildren().size() == 1) {
            c = c.namedChildren().getFirst();
        }
        if (c.is("unary_expression") && c.child("operator").map(SyntaxNode::text).orElse("").equals("!")) {
            SyntaxNode arg = c.child("argument").orElseThrow();
            return arg.is("parenthesized_expression") ? inner(arg) : arg.text();
        }
        if (c.is("binary_expression")) {
            String op = c.child("operator").map(SyntaxNode::text).orElse("");
            String flipped = switch (op) {
                case "==" -> "!=";
                case "!=" -> "==";
                default -> null;
            };
            if (flipped != null) {
                return c.child("left").orElseThrow().text() + " " + flipped + " " + c.child("right").orElseThrow().text();
            }
            return "!(" + c.text() + ")";
        }
        return "!" + c.text();
    }

    /** The expression statement that is only this call. */
    private static SyntaxNode statement(SyntaxNode call) {
        SyntaxNode p = call.parentOrNull();
        return p != null && p.is("expression_statement") ? p : null;
    }
}
