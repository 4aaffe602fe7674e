package org.kvlint.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Makes the scenario's size the size the code allocates. Before running, it reads the first
 * allocation in the original function whose size depends on unknown inputs (parameters, fields,
 * opaque calls, {@code sizeof} of unknown types), writes that size as a polynomial over them
 * (following locals with one definition), and solves for one input, the <em>root</em>:
 * {@code kmalloc(size)} → size = S; {@code kcalloc(n, sizeof(*p))} → n = ⌈S / 8⌉;
 * {@code struct_size(p, e, n)} → n = ⌈(S − 8) / 8⌉. The other inputs take fixed values
 * ({@code sizeof} of an unknown type: {@link CTypes#UNKNOWN_SIZEOF}; anything else 1). The
 * bindings are used for both versions, so they see the same inputs. Rounding up keeps the rows
 * just above a threshold (4097, 32769) above it.
 */
final class SizeSolver {
    private static final int MAX_DEPTH = 8;

    /**
     * The solved shape: {@code a * root + b}, plus fixed inputs; empty root when no allocation
     * depends on an input.
     */
    record Plan(Optional<String> root, double a, double b, Map<String, Long> fixed) {
        static final Plan NONE = new Plan(Optional.empty(), 1, 0, Map.of());

        /** Input key → value for a scenario size. */
        Map<String, Long> bind(long size) {
            Map<String, Long> out = new HashMap<>(fixed);
            root.ifPresent(r -> {
                double v = Math.ceil((size - b) / a);
                out.put(r, v <= 0 ? 0L : (long) Math.min(v, (double) Long.MAX_VALUE));
            });
            return out;
        }

        /** "n = ⌈S / 8⌉, sizeof(*p) = 8" with S the scenario size; "no size input" when nothing depends on it. */
        String describe() {
            if (root.isEmpty()) {
                return "no allocation size depends on an input";
            }
            String num = b == 0 ? "S" : "(S " + (b > 0 ? "− " + fmt(b) : "+ " + fmt(-b)) + ")";
            String rhs = a == 1 ? (b == 0 ? "S" : num) : "⌈" + num + " / " + fmt(a) + "⌉";
            StringBuilder out = new StringBuilder(root.get()).append(" = ").append(rhs);
            fixed.forEach((k, v) -> out.append(", ").append(k).append(" = ").append(v));
            return out.toString();
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /** A polynomial over input keys; a term is a sorted list of keys (a monomial) with a coefficient. */
    record Poly(Map<List<String>, Double> terms, Set<String> inputs) {
        static Poly constant(double c) {
            Map<List<String>, Double> t = new LinkedHashMap<>();
            t.put(List.of(), c);
            return new Poly(t, new LinkedHashSet<>());
        }

        static Poly input(String key) {
            Map<List<String>, Double> t = new LinkedHashMap<>();
            t.put(List.of(key), 1.0);
            return new Poly(t, new LinkedHashSet<>(List.of(key)));
        }

        Poly plus(Poly o, double sign) {
            Map<List<String>, Double> t = new LinkedHashMap<>(terms);
            o.terms.forEach((k, v) -> t.merge(k, sign * v, Double::sum));
            Set<String> in = new LinkedHashSet<>(inputs);
            in.addAll(o.inputs);
            return new Poly(t, in);
        }

        Poly times(Poly o) {
            Map<List<String>, Double> t = new LinkedHashMap<>();
            terms.forEach((k1, v1) -> o.terms.forEach((k2, v2) -> {
                List<String> k = new ArrayList<>(k1);
                k.addAll(k2);
                k.sort(null);
                t.merge(List.copyOf(k), v1 * v2, Double::sum);
            }));
            Set<String> in = new LinkedHashSet<>(inputs);
            in.addAll(o.inputs);
            return new Poly(t, in);
        }

        Poly scale(double f) {
            Map<List<String>, Double> t = new LinkedHashMap<>();
            terms.forEach((k, v) -> t.put(k, v * f));
            return new Poly(t, inputs);
        }

        OptionalLong constantValue() {
            if (!inputs.isEmpty()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) (double) terms.getOrDefault(List.of(), 0.0));
        }
    }

    private final CFunction fn;
    private final AllocatorApi api;
    /** Canonical lvalue → its right-hand sides (null for a compound assignment or ++/--). */
    private final Map<String, List<SyntaxNode>> defs = new HashMap<>();

    private SizeSolver(CFunction fn, AllocatorApi api) {
        this.fn = fn;
        this.api = api;
        collectDefinitions(fn.body());
    }

    /** The plan for a function (the version before the rewrite). */
    static Plan plan(CFunction fn, AllocatorApi api) {
        return new SizeSolver(fn, api).solve();
    }

    private Plan solve() {
        List<SyntaxNode> calls = fn.calls();
        for (SyntaxNode call : calls) {
            Optional<ApiFunction> f = CSyntax.calleeName(call).flatMap(api::lookup);
            if (f.isEmpty() || !f.get().isAllocation() || f.get().sizeArgs().isEmpty()) {
                continue;
            }
            List<SyntaxNode> args = CSyntax.arguments(call);
            Poly size = Poly.constant(1);
            boolean ok = true;
            for (int i : f.get().sizeArgs()) {
                if (i >= args.size()) {
                    ok = false;
                    break;
                }
                Optional<Poly> p = eval(args.get(i), 0);
                if (p.isEmpty()) {
                    ok = false;
                    break;
                }
                size = size.times(p.get());
            }
            if (!ok || size.inputs().isEmpty()) {
                continue;
            }
            Optional<Plan> plan = solveFor(size);
            if (plan.isPresent()) {
                return plan.get();
            }
        }
        return Plan.NONE;
    }

    /** Picks the root (the first input that is not a sizeof, else the first), fixes the others, solves linearly. */
    private static Optional<Plan> solveFor(Poly size) {
        String root = size.inputs().stream().filter(k -> !k.startsWith("sizeof(")).findFirst()
                .orElse(size.inputs().iterator().next());
        Map<String, Long> fixed = new LinkedHashMap<>();
        for (String k : size.inputs()) {
            if (!k.equals(root)) {
                fixed.put(k, k.startsWith("sizeof(") ? CTypes.UNKNOWN_SIZEOF : 1L);
            }
        }
        double a = 0;
        double b = 0;
        for (Map.Entry<List<String>, Double> t : size.terms().entrySet()) {
            double coeff = t.getValue();
            int rootDegree = 0;
            for (String k : t.getKey()) {
                if (k.equals(root)) {
                    rootDegree++;
                } else {
                    coeff *= fixed.get(k);
                }
            }
            if (rootDegree == 0) {
                b += coeff;
            } else if (rootDegree == 1) {
                a += coeff;
            } else {
                return Optional.empty();
            }
        }
        if (!(a > 0)) {
            return Optional.empty();
        }
        return Optional.of(new Plan(Optional.of(root), a, b, fixed));
    }

    private Optional<Poly> eval(SyntaxNode n, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        switch (n.type()) {
            case "number_literal" -> {
                OptionalLong v = CText.number(n.text());
                return v.isPresent() ? Optional.of(Poly.constant(v.getAsLong())) : Optional.empty();
            }
            case "char_literal" -> {
                OptionalLong v = CText.character(n.text());
                return v.isPresent() ? Optional.of(Poly.constant(v.getAsLong())) : Optional.empty();
            }
            case "parenthesized_expression" -> {
                return n.namedChildren().size() == 1 ? eval(n.namedChildren().getFirst(), depth) : Optional.empty();
            }
            case "cast_expression" -> {
                return n.child("value").flatMap(v -> eval(v, depth));
            }
            case "identifier" -> {
                OptionalLong c = CConstants.value(n.text());
                if (c.isPresent()) {
                    return Optional.of(Poly.constant(c.getAsLong()));
                }
                return place(n, depth);
            }
            case "field_expression", "subscript_expression", "pointer_expression" -> {
                if (n.is("pointer_expression") && n.child("operator").map(o -> o.text().equals("&")).orElse(false)) {
                    return Optional.empty();
                }
                return place(n, depth);
            }
            case "sizeof_expression" -> {
                String operand = CText.sizeofOperand(n);
                OptionalLong known = CText.knownSizeof(fn, operand);
                return Optional.of(known.isPresent() ? Poly.constant(known.getAsLong())
                        : Poly.input(CText.sizeofKey(operand)));
            }
            case "binary_expression" -> {
                String op = n.child("operator").map(SyntaxNode::text).orElse("");
                Optional<Poly> l = n.child("left").flatMap(x -> eval(x, depth + 1));
                Optional<Poly> r = n.child("right").flatMap(x -> eval(x, depth + 1));
                if (l.isEmpty() || r.isEmpty()) {
                    return Optional.empty();
                }
                return switch (op) {
                    case "+" -> Optional.of(l.get().plus(r.get(), 1));
                    case "-" -> Optional.of(l.get().plus(r.get(), -1));
                    case "*" -> Optional.of(l.get().times(r.get()));
                    case "/" -> constantDivisor(r.get()).map(d -> l.get().scale(1.0 / d));
                    case "<<" -> shift(r.get()).map(s -> l.get().scale(Math.pow(2, s)));
                    case ">>" -> shift(r.get()).map(s -> l.get().scale(Math.pow(2, -s)));
                    default -> Optional.empty();
                };
            }
            case "call_expression" -> {
                return call(n, depth);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static Optional<Long> constantDivisor(Poly p) {
        OptionalLong c = p.constantValue();
        return c.isPresent() && c.getAsLong() > 0 ? Optional.of(c.getAsLong()) : Optional.empty();
    }

    private static Optional<Long> shift(Poly p) {
        OptionalLong c = p.constantValue();
        return c.isPresent() && c.getAsLong() >= 0 && c.getAsLong() < 62 ? Optional.of(c.getAsLong()) : Optional.empty();
    }

    /** A variable or field: its single definition in the function, else an input named by its text. */
    private Optional<Poly> place(SyntaxNode n, int depth) {
        String key = CText.canonical(n);
        List<SyntaxNode> d = defs.get(key);
        if (d != null && d.size() == 1 && d.getFirst() != null) {
            Optional<Poly> p = eval(d.getFirst(), depth + 1);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.of(Poly.input(key));
    }

    private Optional<Poly> call(SyntaxNode call, int depth) {
        String name = CSyntax.calleeName(call).orElse("");
        List<SyntaxNode> a = CSyntax.arguments(call);
        switch (name) {
            case "array_size", "size_mul", "array3_size" -> {
                Poly p = Poly.constant(1);
                for (SyntaxNode x : a) {
                    Optional<Poly> v = eval(x, depth + 1);
                    if (v.isEmpty()) {
                        return Optional.empty();
                    }
                    p = p.times(v.get());
                }
                return Optional.of(p);
            }
            case "size_add" -> {
                if (a.size() != 2) {
                    return Optional.empty();
                }
                Optional<Poly> l = eval(a.get(0), depth + 1);
                Optional<Poly> r = eval(a.get(1), depth + 1);
                return l.isPresent() && r.isPresent() ? Optional.of(l.get().plus(r.get(), 1)) : Optional.empty();
            }
            case "struct_size", "flex_array_size" -> {
                if (a.size() != 3) {
                    return Optional.empty();
                }
                String p = CText.canonical(a.get(0));
                String member = a.get(1).text().strip();
                Optional<Poly> count = eval(a.get(2), depth + 1);
                if (count.isEmpty()) {
                    return Optional.empty();
                }
                Poly elems = count.get().times(sizeofText(p + "->" + member));
                return Optional.of(name.equals("struct_size") ? elems.plus(sizeofText("*" + p), 1) : elems);
            }
            case "PAGE_ALIGN", "likely", "unlikely" -> {
                // PAGE_ALIGN rounds up; solving as if it did not is close enough: the run computes the real value.
                return a.size() == 1 ? eval(a.getFirst(), depth + 1) : Optional.empty();
            }
            default -> {
                if (api.lookup(name).isPresent() || Builtins.isKnown(name)) {
                    return Optional.empty();
                }
                return Optional.of(Poly.input(CText.canonical(call)));
            }
        }
    }

    private Poly sizeofText(String operand) {
        OptionalLong known = CText.knownSizeof(fn, operand);
        return known.isPresent() ? Poly.constant(known.getAsLong()) : Poly.input(CText.sizeofKey(operand));
    }

    private void collectDefinitions(SyntaxNode body) {
        body.walk(n -> {
            if (n.is("assignment_expression")) {
                n.child("left").ifPresent(l -> {
                    boolean plain = n.child("operator").map(o -> o.text().equals("=")).orElse(false);
                    defs.computeIfAbsent(CText.canonical(l), k -> new ArrayList<>())
                            .add(plain ? n.child("right").orElse(null) : null);
                });
            } else if (n.is("update_expression")) {
                n.child("argument").ifPresent(a -> defs.computeIfAbsent(CText.canonical(a), k -> new ArrayList<>()).add(null));
            } else if (n.is("init_declarator")) {
                n.child("declarator").flatMap(CSyntax::declaredName).ifPresent(id ->
                        defs.computeIfAbsent(id.text(), k -> new ArrayList<>()).add(n.child("value").orElse(null)));
            }
        });
    }
}
