package org.kvlint.facts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.facts.FreeChoice.Kind;
import org.kvlint.facts.FreeChoice.Shape;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Open-coded kvfree() as a query over the value flow: in one function, a {@code kfree(p)} and a
 * {@code vfree(p)} of the same place whose branch conditions differ by exclusive tests, and by
 * nothing else, so exactly one of them runs for any object:
 * <ul>
 *   <li>one condition and its negation: {@code if/else}, {@code ?:}, an early exit, or two ifs
 *       on {@code c} and {@code !c} ({@code is_vmalloc_addr(p)}, a size, a flag, a predicate);</li>
 *   <li>two tests that cannot both hold for one object: {@code f & A} and {@code f & B} (two bits
 *       of one flags word), {@code x == A} and {@code x == B} (two values of one field), as two ifs
 *       or an else-if.</li>
 * </ul>
 * A third way out ({@code else if (hashdist) vfree(n); else free_pages(...)}) leaves a condition
 * on one side only, so it is no choice between the two. Each free takes part in one choice at
 * most (the first in source order).
 */
public final class FreeChoices {
    private FreeChoices() {}

    private static final Set<String> FREES = Set.of("kfree", "vfree");
    /** How many frees of one place in one function are paired (the cost is their square). */
    private static final int MAX_FREES_PER_PLACE = 32;
    /** {@code f&A}: a flags word and one constant bit. */
    private static final Pattern BIT = Pattern.compile("^(.+[^&])&((?:[A-Z_][A-Z0-9_]*|BIT\\(\\w+\\)|0x[0-9a-fA-F]+|\\d+))$");
    /** {@code x==A}: a field and one constant value. */
    private static final Pattern VALUE = Pattern.compile("^(.+)==((?:[A-Z_][A-Z0-9_]*|\\d+))$");

    /** The choices in {@code flows}, in source order of their first free. */
    static List<FreeChoice> of(List<FunctionFlow> flows, List<FreeSite> frees) {
        Map<SyntaxNode, FreeSite> siteOf = new IdentityHashMap<>();
        frees.forEach(f -> siteOf.put(f.call().call(), f));
        List<FreeChoice> out = new ArrayList<>();
        for (FunctionFlow flow : flows) {
            Map<String, List<FunctionFlow.Use>> byPlace = new LinkedHashMap<>();
            for (FunctionFlow.Use u : flow.uses().values()) {
                FreeSite site = siteOf.get(u.call());
                if (u.table() != null && FREES.contains(u.table().api().name()) && u.table().args().size() == 1
                        && site != null && site.place().isPresent()) {
                    byPlace.computeIfAbsent(FunctionFlow.key(site.place().get()), k -> new ArrayList<>()).add(u);
                }
            }
            Set<SyntaxNode> used = new HashSet<>();
            aliasChoices(byPlace, siteOf, used, out);
            for (List<FunctionFlow.Use> all : byPlace.values()) {
                all.sort(java.util.Comparator.comparingInt(u -> u.call().startByte()));
                // pairs are quadratic in the frees of one place: a choice is two of the first few
                List<FunctionFlow.Use> uses = all.size() > MAX_FREES_PER_PLACE ? all.subList(0, MAX_FREES_PER_PLACE) : all;
                for (FunctionFlow.Use a : uses) {
                    for (FunctionFlow.Use b : uses) {
                        if (used.contains(a.call()) || used.contains(b.call()) || !isKfree(a) || isKfree(b)) {
                            continue;
                        }
                        choice(siteOf.get(a.call()), a, siteOf.get(b.call()), b).ifPresent(c -> {
                            out.add(c);
                            used.add(a.call());
                            used.add(b.call());
                        });
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(c -> Math.min(c.kfree(), c.vfree())));
        return List.copyOf(out);
    }

    /** Only NULL reaches the free's argument. */
    private static boolean onlyNull(FunctionFlow.Use u) {
        return !u.arg(0).isEmpty() && u.arg(0).stream().allMatch(o -> o instanceof Origin.Null);
    }

    /**
     * {@code #ifdef X vfree(p); #else kfree(p); #endif}: a choice the compiler makes, each side
     * matching its own allocation; not something kvfree() would simplify at run time.
     */
    private static boolean acrossPreprocessorBranches(SyntaxNode a, SyntaxNode b) {
        for (SyntaxNode p = a.parentOrNull(); p != null; p = p.parentOrNull()) {
            if (CSyntax.isPreprocBlock(p) && p.contains(b)) {
                Optional<SyntaxNode> alt = p.child("alternative");
                boolean aElse = alt.isPresent() && alt.get().contains(a);
                boolean bElse = alt.isPresent() && alt.get().contains(b);
                if (aElse != bElse) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isKfree(FunctionFlow.Use u) {
        return u.table().api().name().equals("kfree");
    }

    /** The choice between {@code kfree} (use {@code k}) and {@code vfree} (use {@code v}), if they are one. */
    private static Optional<FreeChoice> choice(FreeSite kfree, FunctionFlow.Use k, FreeSite vfree, FunctionFlow.Use v) {
        if (onlyNull(k) || onlyNull(v) || acrossPreprocessorBranches(kfree.call().call(), vfree.call().call())) {
            return Optional.empty(); // vfree(NULL) on the failure path; or two configurations, each right
        }
        Optional<FreeChoice> split = splitChoice(kfree, k, vfree, v);
        if (split.isPresent()) {
            return split;
        }
        List<Guard> onK = minus(k.guards(), v.guards());
        List<Guard> onV = minus(v.guards(), k.guards());
        if (onK.stream().anyMatch(g -> g.kind() == Guard.Kind.PREPROCESSOR)
                || onV.stream().anyMatch(g -> g.kind() == Guard.Kind.PREPROCESSOR)) {
            return Optional.empty(); // #if sides: chosen by the configuration, each matching its allocation
        }
        String pointer = CSyntax.canonical(CSyntax.unwrap(vfree.argument()));
        if (onK.stream().anyMatch(g -> g.text().equals(pointer)) || onV.stream().anyMatch(g -> g.text().equals(pointer))) {
            return Optional.empty(); // chosen by whether the pointer is NULL: one side frees nothing
        }
        Kind kind;
        Guard test;
        Guard other = null;
        if (onK.size() == 1 && onV.size() == 1 && negates(onK.getFirst(), onV.getFirst())) {
            test = onV.getFirst();
            if (test.vmallocTest() != null) {
                if (!test.vmallocTest().equals(pointer)) {
                    return Optional.empty(); // tests another pointer than it frees
                }
                kind = test.positive() ? Kind.VMALLOC_TEST : Kind.INVERTED_VMALLOC_TEST;
            } else {
                kind = test.kind() == Guard.Kind.COMPARISON || isComparison(test.text()) ? Kind.SIZE : Kind.FLAG;
            }
        } else {
            // two tests that cannot both hold; in an else-if chain the later arm also carries
            // "not the earlier test", which its own test implies
            Guard a = null;
            Guard b = null;
            for (Guard x : onK) {
                for (Guard y : onV) {
                    if (a == null && cannotBothHold(x, y)) {
                        a = x;
                        b = y;
                    }
                }
            }
            if (a == null) {
                return Optional.empty();
            }
            Guard ka = a;
            Guard vb = b;
            if (onK.stream().anyMatch(g -> g != ka && !negates(g, vb)) || onV.stream().anyMatch(g -> g != vb && !negates(g, ka))) {
                return Optional.empty();
            }
            kind = Kind.FLAG_PAIR;
            test = b;
            other = a;
        }
        SyntaxNode ks = statementOf(kfree.call().call());
        SyntaxNode vs = statementOf(vfree.call().call());
        Optional<FreeChoice> shaped = shaped(kfree, vfree, kind, test, other, ks, vs);
        if (shaped.isPresent()) {
            return shaped;
        }
        // laid out apart: the tests must mean the same at both frees (or nothing runs between them)
        if (!adjacentExit(kc(kfree), kc(vfree)) && (!test.stable() || other != null && !other.stable()
                || onK.stream().anyMatch(g -> !g.stable()) || onV.stream().anyMatch(g -> !g.stable()))) {
            return Optional.empty();
        }
        SyntaxNode firstCall = kfree.call().call().startByte() < vfree.call().call().startByte() ? kc(kfree) : kc(vfree);
        SyntaxNode at = firstCall.ancestor("if_statement").orElse(firstCall);
        return Optional.of(choiceOf(kfree, vfree, kind, test, other, Shape.APART, at, null));
    }

    /**
     * {@code if (vvalue) vfree(vvalue); else kfree(kvalue);} after {@code vvalue = vmalloc(n);
     * kvalue = vvalue;} (old fs/xattr.c getxattr()): two pointers, the one the vmalloc memory was
     * first stored in saying which free to call. The kfree()'s pointer holds the memory on both
     * sides, so {@code kvfree(kvalue)} frees either: an if/else whose test is the NULL test of
     * the vfree()'s pointer, and whose kfree() is reached by the vmalloc memory that vfree() frees.
     */
    private static void aliasChoices(Map<String, List<FunctionFlow.Use>> byPlace, Map<SyntaxNode, FreeSite> siteOf,
                                     Set<SyntaxNode> used, List<FreeChoice> out) {
        List<FunctionFlow.Use> all = new ArrayList<>();
        byPlace.values().forEach(all::addAll);
        if (all.size() > MAX_FREES_PER_PLACE) {
            return; // the pairs are quadratic: a function with this many frees is not this shape
        }
        for (FunctionFlow.Use v : all) {
            for (FunctionFlow.Use k : all) {
                if (!isKfree(k) || isKfree(v) || used.contains(k.call()) || used.contains(v.call())) {
                    continue;
                }
                FreeSite ks = siteOf.get(k.call());
                FreeSite vs = siteOf.get(v.call());
                String holder = CSyntax.canonical(CSyntax.unwrap(vs.argument()));
                if (holder.equals(CSyntax.canonical(CSyntax.unwrap(ks.argument())))) {
                    continue; // one place: the ordinary choice
                }
                boolean shared = v.arg(0).stream().anyMatch(o -> o instanceof Origin.Alloc a
                        && a.family() == ApiFunction.Family.VMALLOC && k.arg(0).contains(o));
                Guard test = v.guards().stream().filter(g -> g.kind() == Guard.Kind.VALUE && g.positive()
                        && g.text().equals(holder)).findFirst().orElse(null);
                if (!shared || test == null || k.guards().stream().noneMatch(g -> negates(g, test))) {
                    continue;
                }
                Optional<FreeChoice> c = shaped(ks, vs, Kind.HOLDER, test, null, statementOf(k.call()),
                        statementOf(v.call())).filter(x -> x.shape() == Shape.IF_ELSE);
                if (c.isPresent()) {
                    out.add(c.get());
                    used.add(k.call());
                    used.add(v.call());
                }
            }
        }
    }

    private static FreeChoice choiceOf(FreeSite kfree, FreeSite vfree, Kind kind, Guard test, Guard other, Shape shape,
                                       SyntaxNode statement, SyntaxNode second) {
        return choiceOf(kfree, vfree, kind, test, other, shape, statement, second, "");
    }

    private static FreeChoice choiceOf(FreeSite kfree, FreeSite vfree, Kind kind, Guard test, Guard other, Shape shape,
                                       SyntaxNode statement, SyntaxNode second, String configuration) {
        return new FreeChoice(kc(kfree).startByte(), Loc.of(kc(kfree)), kc(vfree).startByte(), Loc.of(kc(vfree)),
                kfree.argument().text(), CSyntax.canonical(CSyntax.unwrap(kfree.argument())), kind, test, other, shape,
                Loc.of(statement), second == null ? null : Loc.of(second), configuration);
    }

    /**
     * {@code #ifndef X / if (c) vfree(p); else / #endif / kfree(p);} (either free in the if): in
     * the configuration the block is compiled in, an if/else on {@code c}; in the other, the
     * statement after {@code #endif} alone. The value flow runs that statement in both, so its
     * path carries neither side's test: the choice is read from the syntax, its test from the
     * guards of the free inside the if.
     */
    private static Optional<FreeChoice> splitChoice(FreeSite kfree, FunctionFlow.Use k, FreeSite vfree,
                                                    FunctionFlow.Use v) {
        SyntaxNode ks = statementOf(kc(kfree));
        SyntaxNode vs = statementOf(kc(vfree));
        for (boolean vInside : new boolean[] {true, false}) {
            SyntaxNode inside = vInside ? vs : ks;
            SyntaxNode after = vInside ? ks : vs;
            FunctionFlow.Use use = vInside ? v : k;
            SyntaxNode ifs = inside == null ? null : inside.parent().flatMap(b -> b.is("if_statement")
                    ? Optional.of(b) : b.parent().filter(x -> x.is("if_statement"))).orElse(null);
            if (ifs == null || after == null || ifs.child("consequence").filter(c -> c == inside
                    || c.is("compound_statement") && CSyntax.statements(c).size() == 1
                    && CSyntax.statements(c).getFirst() == inside).isEmpty()) {
                continue;
            }
            SyntaxNode block = ifs.parentOrNull();
            if (block == null || Statements.splitElse(block).orElse(null) != ifs
                    || Statements.nextStatement(block).orElse(null) != after) {
                continue;
            }
            Loc cond = ifs.child("condition").map(Statements::stripCondition).map(Loc::of).orElse(null);
            Guard g = use.guards().stream().filter(x -> x.loc() != null && x.loc().equals(cond)).findFirst()
                    .orElse(null);
            Guard config = use.guards().stream().filter(x -> x.kind() == Guard.Kind.PREPROCESSOR
                    && x.loc() != null && x.loc().equals(Loc.of(block))).findFirst().orElse(null);
            if (g == null || config == null) {
                return Optional.empty();
            }
            Guard test = vInside ? g : g.negate(); // the condition under which vfree() runs
            Kind kind;
            if (test.vmallocTest() != null) {
                if (!test.vmallocTest().equals(CSyntax.canonical(CSyntax.unwrap(vfree.argument())))) {
                    return Optional.empty();
                }
                kind = test.positive() ? Kind.VMALLOC_TEST : Kind.INVERTED_VMALLOC_TEST;
            } else {
                kind = test.kind() == Guard.Kind.COMPARISON || isComparison(test.text()) ? Kind.SIZE : Kind.FLAG;
            }
            return Optional.of(choiceOf(kfree, vfree, kind, test, null, Shape.SPLIT_IF, ifs, after,
                    config.configurationWords()));
        }
        return Optional.empty();
    }

    /**
     * {@code if (!is_vmalloc_addr(p)) return kfree(p); vfree(p);}: the first free is the whole
     * body of an if that leaves, and the second free is the statement right after that if, so
     * the test is read right before either free runs.
     */
    private static boolean adjacentExit(SyntaxNode kcall, SyntaxNode vcall) {
        SyntaxNode ks = statementOrReturn(kcall);
        SyntaxNode vs = statementOrReturn(vcall);
        if (ks == null || vs == null) {
            return false;
        }
        SyntaxNode first = ks.startByte() < vs.startByte() ? ks : vs;
        SyntaxNode second = first == ks ? vs : ks;
        SyntaxNode body = first.parent().filter(b -> b.is("compound_statement")).orElse(first);
        SyntaxNode ifs = body.parent().filter(b -> b.is("if_statement")).orElse(null);
        return ifs != null && "consequence".equals(body.field()) && ifs.child("alternative").isEmpty()
                && CSyntax.statements(body).getFirst() == first && Statements.endsInJump(body)
                && Statements.nextStatement(ifs).orElse(null) == second;
    }

    private static SyntaxNode kc(FreeSite f) {
        return f.call().call();
    }

    /** The shapes a fix can rewrite: one if/else, one ?:, two ifs in a row. */
    private static Optional<FreeChoice> shaped(FreeSite kfree, FreeSite vfree, Kind kind, Guard test, Guard other,
                                               SyntaxNode ks, SyntaxNode vs) {
        SyntaxNode kc = kfree.call().call();
        SyntaxNode vc = vfree.call().call();
        Optional<SyntaxNode> ternary = ternaryArm(kc).filter(t -> ternaryArm(vc).filter(u -> u == t).isPresent());
        if (ternary.isPresent()) {
            return Optional.of(choiceOf(kfree, vfree, kind, test, other, Shape.TERNARY, ternary.get(), null));
        }
        if (ks == null || vs == null) {
            return Optional.empty();
        }
        Optional<Arm> ka = arm(ks);
        Optional<Arm> va = arm(vs);
        if (ka.isEmpty() || va.isEmpty()) {
            return Optional.empty();
        }
        SyntaxNode ki = ka.get().ifStatement();
        SyntaxNode vi = va.get().ifStatement();
        if (ki == vi && ka.get().consequence() != va.get().consequence() && other == null) {
            return Optional.of(choiceOf(kfree, vfree, kind, test, other, Shape.IF_ELSE, ki, null));
        }
        if (ki != vi && ka.get().alone() && va.get().alone() && ki.child("alternative").isEmpty()
                && vi.child("alternative").isEmpty() && ki.parent().equals(vi.parent()) && adjacent(ki, vi)) {
            SyntaxNode first = ki.startByte() < vi.startByte() ? ki : vi;
            return Optional.of(choiceOf(kfree, vfree, kind, test, other, Shape.TWO_IFS, first, first == ki ? vi : ki));
        }
        return Optional.empty();
    }

    /**
     * Where a free statement sits: directly in the then- or else-arm of an if statement (the arm
     * a block or the statement itself); {@code alone} when it is the arm's only statement.
     */
    private record Arm(SyntaxNode ifStatement, boolean consequence, boolean alone) {}

    private static Optional<Arm> arm(SyntaxNode stmt) {
        SyntaxNode p = stmt.parentOrNull();
        boolean alone = true;
        SyntaxNode armNode = stmt;
        if (p != null && p.is("compound_statement")) {
            alone = CSyntax.statements(p).size() == 1;
            armNode = p;
            p = p.parentOrNull();
        }
        if (p == null) {
            return Optional.empty();
        }
        if (p.is("if_statement") && "consequence".equals(armNode.field())) {
            return Optional.of(new Arm(p, true, alone));
        }
        if (p.is("else_clause") && p.parent().filter(x -> x.is("if_statement")).isPresent()) {
            return Optional.of(new Arm(p.parent().get(), false, alone));
        }
        return Optional.empty();
    }

    /** The ?: whose arm (through parentheses) is {@code call}, when the ?: is a whole statement. */
    private static Optional<SyntaxNode> ternaryArm(SyntaxNode call) {
        SyntaxNode cur = call;
        SyntaxNode p = call.parentOrNull();
        while (p != null && p.is("parenthesized_expression")) {
            cur = p;
            p = p.parentOrNull();
        }
        if (p == null || !p.is("conditional_expression") || "condition".equals(cur.field())) {
            return Optional.empty();
        }
        SyntaxNode t = p;
        SyntaxNode up = t.parentOrNull();
        while (up != null && up.is("parenthesized_expression")) {
            up = up.parentOrNull();
        }
        return up != null && up.is("expression_statement") ? Optional.of(t) : Optional.empty();
    }

    /** The expression statement that is only this call ({@code kfree(p);}), else null. */
    static SyntaxNode statementOf(SyntaxNode call) {
        SyntaxNode p = call.parentOrNull();
        return p != null && p.is("expression_statement")
                && p.namedChildren().stream().filter(c -> !c.is("comment")).count() == 1 ? p : null;
    }

    /** The statement that is only this call, or {@code return call;}. */
    private static SyntaxNode statementOrReturn(SyntaxNode call) {
        SyntaxNode s = statementOf(call);
        return s != null ? s : call.parent().filter(p -> p.is("return_statement")).orElse(null);
    }

    /** Nothing but comments between two sibling statements. */
    private static boolean adjacent(SyntaxNode a, SyntaxNode b) {
        SyntaxNode first = a.startByte() < b.startByte() ? a : b;
        SyntaxNode second = first == a ? b : a;
        for (Optional<SyntaxNode> n = first.nextNamedSibling(); n.isPresent(); n = n.get().nextNamedSibling()) {
            if (n.get() == second) {
                return true;
            }
            if (!n.get().is("comment")) {
                return false;
            }
        }
        return false;
    }

    /** Guards of {@code a} that {@code b} does not have (same condition and side). */
    private static List<Guard> minus(List<Guard> a, List<Guard> b) {
        List<Guard> out = new ArrayList<>();
        for (Guard g : a) {
            if (b.stream().noneMatch(h -> h.text().equals(g.text()) && h.positive() == g.positive())
                    && out.stream().noneMatch(h -> h.text().equals(g.text()) && h.positive() == g.positive())) {
                out.add(g);
            }
        }
        return out;
    }

    private static boolean negates(Guard a, Guard b) {
        return a.text().equals(b.text()) && a.positive() != b.positive();
    }

    /**
     * {@code f&A} and {@code f&B}, or {@code x==A} and {@code x==B}, both holding, with the same
     * {@code f} / {@code x} and different constants.
     */
    static boolean cannotBothHold(Guard a, Guard b) {
        if (!a.positive() || !b.positive()) {
            return false;
        }
        for (Pattern p : List.of(BIT, VALUE)) {
            Matcher ma = p.matcher(a.text());
            Matcher mb = p.matcher(b.text());
            if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && !ma.group(2).equals(mb.group(2))) {
                return true;
            }
        }
        return false;
    }

    /** The word and the constant of a {@code f&A} / {@code x==A} test, for rewriting a pair. */
    public static Optional<String[]> split(Guard g) {
        for (Pattern p : List.of(BIT, VALUE)) {
            Matcher m = p.matcher(g.text());
            if (m.matches()) {
                return Optional.of(new String[] {m.group(1), m.group(2), p == BIT ? "&" : "=="});
            }
        }
        return Optional.empty();
    }

    /** A size comparison: normalised comparisons are {@code >} and {@code >=} (see {@link Guard}); not {@code ->}. */
    private static boolean isComparison(String text) {
        return text.matches("(?s).*[^-]>.*");
    }
}
