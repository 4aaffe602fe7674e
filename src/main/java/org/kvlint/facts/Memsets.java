package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Open-coded zeroing of a fresh allocation: {@code memset(p, 0, size)} right after
 * {@code p = alloc(size)}, with only NULL checks and plain statements (no call, no mention of
 * {@code p}, no change of the size) in between. {@code memset} is the C library function, not an allocator, so it is named here.
 */
public final class Memsets {
    private Memsets() {}

    private static final Pattern ROOT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*");
    /** Statements looked at after an allocation. */
    private static final int MAX_LOOKAHEAD = 32;

    /**
     * A whole-allocation zeroing memset.
     *
     * @param call the memset call
     * @param statement its expression statement
     * @param guard the {@code if (p)} statement it sits in, or null when it stands alone
     */
    public record Zeroing(SyntaxNode call, SyntaxNode statement, SyntaxNode guard) {}

    /**
     * The memset that zeroes all of {@code alloc}'s memory, stored in {@code place}, in the
     * statements after {@code stmt} (same block or #ifdef branch).
     */
    public static Optional<Zeroing> after(SyntaxNode stmt, String place, CallSite alloc) {
        String size = normalizeSize(alloc.sizeText());
        List<String> sizeParts = sizeOperands(alloc);
        // "right after" is near: a bounded look ahead, so N allocations in one block cost O(N)
        for (SyntaxNode s : Statements.following(stmt, MAX_LOOKAHEAD)) {
            if (isZeroingMemset(s, place, size)) {
                return Optional.of(new Zeroing(memsetCall(s), s, null));
            }
            if (s.is("if_statement") && s.child("alternative").isEmpty()) {
                SyntaxNode cond = s.child("condition").map(Statements::stripCondition).orElse(s);
                Optional<NullTest> nt = s.child("condition").flatMap(NullTest::of);
                if (nt.isPresent() && nt.get().place().equals(place) && nt.get().embeddedStore() == null
                        && s.child("consequence").map(Statements::endsInJump).orElse(false)) {
                    continue; // if (!p) return -ENOMEM;
                }
                if (isNonNullTest(cond, place)) {
                    SyntaxNode body = s.child("consequence").orElse(null);
                    if (body != null) {
                        List<SyntaxNode> inner = CSyntax.statements(body);
                        if (!inner.isEmpty() && isZeroingMemset(inner.getFirst(), place, size)) {
                            return Optional.of(new Zeroing(memsetCall(inner.getFirst()), inner.getFirst(), s));
                        }
                    }
                    return Optional.empty();
                }
            }
            if (touches(s, place) || changesAny(s, sizeParts) || !s.descendants("call_expression").isEmpty()) {
                return Optional.empty(); // "right after": no call in between, which might see or reuse the memory
            }
        }
        return Optional.empty();
    }

    /** True when {@code expr} is the memset call's statement zeroing {@code place} for {@code size} bytes. */
    private static boolean isZeroingMemset(SyntaxNode s, String place, String size) {
        SyntaxNode call = memsetCall(s);
        if (call == null) {
            return false;
        }
        List<SyntaxNode> args = CSyntax.arguments(call);
        if (args.size() != 3) {
            return false;
        }
        String target = CSyntax.canonical(CSyntax.unwrap(args.get(0)));
        return target.equals(place) && isZero(args.get(1)) && normalizeSize(CSyntax.canonical(args.get(2))).equals(size);
    }

    private static SyntaxNode memsetCall(SyntaxNode s) {
        if (!s.is("expression_statement")) {
            return null;
        }
        List<SyntaxNode> kids = s.namedChildren();
        if (kids.size() != 1) {
            return null;
        }
        SyntaxNode e = CSyntax.unwrap(kids.getFirst());
        return e.is("call_expression") && CSyntax.calleeName(e).filter("memset"::equals).isPresent() ? e : null;
    }

    private static boolean isZero(SyntaxNode n) {
        SyntaxNode v = CSyntax.unwrap(n);
        String t = v.text().strip();
        return t.equals("0") || t.matches("0[xX]0+") || t.equals("'\\0'") || t.equals("0x0") || t.equals("00");
    }

    /** {@code place} or {@code place != NULL} (either side), by canonical text. */
    public static boolean isNonNullTest(SyntaxNode cond, String place) {
        if (CSyntax.canonical(cond).equals(place)) {
            return true;
        }
        if (cond.is("binary_expression") && cond.child("operator").map(SyntaxNode::text).filter("!="::equals).isPresent()) {
            String l = cond.child("left").map(CSyntax::canonical).orElse("");
            String r = cond.child("right").map(CSyntax::canonical).orElse("");
            return l.equals(place) && (r.equals("NULL") || r.equals("0"))
                    || r.equals(place) && (l.equals("NULL") || l.equals("0"));
        }
        return false;
    }

    /**
     * Could {@code s} read or pass on the memory in {@code place}? Any mention of the place (or
     * of something reached through it) counts, and so does a bare mention of its base, which
     * may hand the whole object to a callee.
     */
    public static boolean touches(SyntaxNode s, String place) {
        Matcher m = ROOT.matcher(place);
        if (!m.find()) {
            return true;
        }
        String root = m.group();
        boolean[] hit = {false};
        s.walk(n -> {
            if (hit[0] || !n.is("identifier") || !n.text().equals(root)) {
                return;
            }
            SyntaxNode path = n;
            while (path.parent().isPresent()) {
                SyntaxNode p = path.parent().get();
                boolean viaBase = (p.is("field_expression") || p.is("subscript_expression"))
                        && p.child("argument").orElse(null) == path;
                if (viaBase || p.is("parenthesized_expression")) {
                    path = p;
                } else {
                    break;
                }
            }
            String text = CSyntax.canonical(path);
            if (root.equals(place) || text.equals(place) || text.startsWith(place + "->")
                    || text.startsWith(place + ".") || text.startsWith(place + "[") || text.equals(root)) {
                hit[0] = true;
            }
        });
        return hit[0];
    }

    private static boolean changesAny(SyntaxNode s, List<String> places) {
        for (String p : places) {
            if (!Stores.storesTo(s, p).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Identifiers and field paths the size is computed from. */
    private static List<String> sizeOperands(CallSite alloc) {
        List<String> out = new ArrayList<>();
        for (int i : alloc.api().sizeArgs()) {
            alloc.arg(i).ifPresent(a -> a.walk(n -> {
                if (n.is("identifier") && !n.parent().map(p -> p.is("call_expression")
                        && p.child("function").filter(f -> f == n).isPresent()).orElse(false)) {
                    out.add(n.text());
                } else if (n.is("field_expression")) {
                    out.add(CSyntax.canonical(n));
                }
            }));
        }
        return out;
    }

    /**
     * A size expression in a comparable spelling: no whitespace, no outer parentheses, and
     * {@code array_size(a, b)} spelt {@code a*b}.
     */
    public static String normalizeSize(String text) {
        String t = text.replaceAll("\\s+", "");
        while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
            t = t.substring(1, t.length() - 1);
        }
        Matcher m = ARRAY_SIZE.matcher(t);
        if (m.matches()) {
            String inner = m.group(1);
            int comma = topLevelComma(inner);
            if (comma > 0) {
                t = inner.substring(0, comma) + "*" + inner.substring(comma + 1);
            }
        }
        return sortedProduct(t);
    }

    private static final Pattern ARRAY_SIZE = Pattern.compile("^array_size\\((.*)\\)$");

    /**
     * A product's factors in a fixed order, so that {@code nmemb*size} and {@code size*nmemb}
     * read the same; only when every top-level operator is a binary {@code *} (a dereference is
     * a unary {@code *}, after an operator or at the start).
     */
    private static String sortedProduct(String t) {
        List<String> factors = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && c == '*' && i > from) {
                char before = t.charAt(i - 1);
                if (!Character.isLetterOrDigit(before) && before != '_' && before != ')' && before != ']') {
                    return t;
                }
                factors.add(t.substring(from, i));
                from = i + 1;
            } else if (depth == 0 && "+-/%<>&|^?:,".indexOf(c) >= 0) {
                boolean arrow = c == '-' && i + 1 < t.length() && t.charAt(i + 1) == '>'
                        || c == '>' && i > 0 && t.charAt(i - 1) == '-';
                if (!arrow) {
                    return t;
                }
            }
        }
        if (factors.isEmpty() || from >= t.length()) {
            return t;
        }
        factors.add(t.substring(from));
        factors.sort(null);
        return String.join("*", factors);
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static int topLevelComma(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
