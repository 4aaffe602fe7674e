package org.kvlint.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * One function definition with what the interpreter needs up front: parameters and locals with
 * their declared types, static locals, and labels.
 *
 * @param params parameter name → declared type text ({@code "struct foo *"}), in order
 * @param locals automatic local name → declared type text
 * @param statics static locals (they outlive the call: stores into them escape)
 * @param labels label → its labeled_statement
 * @param calls every call expression of the body, in source order (read once per run by the interpreter)
 * @param stayingPlans start byte of each loop of the body → what its staying part holds
 *     ({@link StayingPlan}): syntax only, computed once rather than on every run of the loop
 */
record CFunction(String name, SyntaxNode definition, Map<String, String> params, Map<String, String> locals,
                 Set<String> statics, Map<String, SyntaxNode> labels, List<SyntaxNode> calls,
                 Map<Integer, StayingPlan> stayingPlans) {

    /** The {@link StayingPlan} of a loop of this function. */
    StayingPlan stayingPlan(SyntaxNode loop) {
        StayingPlan known = stayingPlans.get(loop.startByte());
        return known != null ? known : StayingPlan.of(loop);
    }

    /** Declared {@code void} (not {@code void *}): what a {@code return f();} yields means nothing. */
    boolean returnsVoid() {
        return definition.child("type").map(SyntaxNode::text).filter("void"::equals).isPresent()
                && definition.child("declarator").filter(d -> d.is("function_declarator")).isPresent();
    }

    SyntaxNode body() {
        return definition.child("body").orElseThrow();
    }

    /** 1-based line of the definition's start. */
    int line() {
        return definition.startRow() + 1;
    }

    /** The declared type of a parameter or local, if any. */
    Optional<String> typeOf(String identifier) {
        String t = locals.get(identifier);
        if (t == null) {
            t = params.get(identifier);
        }
        return Optional.ofNullable(t);
    }

    /** Every function definition of a file, by name, in file order (a name repeats under #ifdef). */
    static Map<String, List<CFunction>> all(SyntaxNode root) {
        Map<String, List<CFunction>> out = new LinkedHashMap<>();
        root.walk(n -> {
            if (n.is("function_definition") && n.child("body").isPresent()) {
                CSyntax.functionName(n).ifPresent(name ->
                        out.computeIfAbsent(name, k -> new ArrayList<>()).add(of(name, n)));
            }
        });
        return out;
    }

    static CFunction of(String name, SyntaxNode def) {
        Map<String, String> params = new LinkedHashMap<>();
        def.child("declarator").ifPresent(d -> {
            SyntaxNode fd = d;
            while (fd != null && !fd.is("function_declarator")) {
                fd = fd.child("declarator").orElse(null);
            }
            if (fd != null) {
                fd.child("parameters").ifPresent(ps -> {
                    for (SyntaxNode p : ps.namedChildren()) {
                        if (p.is("parameter_declaration") && p.child("declarator").isPresent()) {
                            SyntaxNode decl = p.child("declarator").get();
                            CSyntax.declaredName(decl).ifPresent(id ->
                                    params.put(id.text(), declaredType(typeText(p), decl)));
                        }
                    }
                });
            }
        });
        Map<String, String> locals = new HashMap<>();
        Set<String> statics = new HashSet<>();
        Map<String, SyntaxNode> labels = new HashMap<>();
        SyntaxNode body = def.child("body").orElseThrow();
        body.walk(n -> {
            if (n.is("declaration")) {
                boolean isStatic = n.children().stream().anyMatch(c -> c.is("storage_class_specifier")
                        && (c.text().equals("static") || c.text().equals("extern")));
                String base = typeText(n);
                for (SyntaxNode d : n.children()) {
                    if (!"declarator".equals(d.field())) {
                        continue;
                    }
                    SyntaxNode decl = d.is("init_declarator") ? d.child("declarator").orElse(d) : d;
                    CSyntax.declaredName(decl).ifPresent(id -> {
                        if (isStatic) {
                            statics.add(id.text());
                        } else {
                            locals.put(id.text(), declaredType(base, decl));
                        }
                    });
                }
            } else if (n.is("labeled_statement")) {
                n.child("label").ifPresent(l -> labels.putIfAbsent(l.text(), n));
            }
        });
        Map<Integer, StayingPlan> staying = new HashMap<>();
        body.walk(n -> {
            if (LoopExits.isLoop(n)) {
                staying.put(n.startByte(), StayingPlan.of(n));
            }
        });
        return new CFunction(name, def, params, locals, statics, labels, List.copyOf(body.descendants("call_expression")),
                Map.copyOf(staying));
    }

    /** The declaration's base type text ({@code "const struct foo"}), qualifiers included. */
    private static String typeText(SyntaxNode declaration) {
        StringBuilder b = new StringBuilder();
        for (SyntaxNode c : declaration.children()) {
            if ("type".equals(c.field()) || c.is("type_qualifier")) {
                b.append(c.text()).append(' ');
            }
        }
        return b.toString().strip();
    }

    /** Base type plus the declarator's pointer and array suffixes: {@code u32 *tbl[4]} → {@code "u32 * []"}. */
    static String declaredType(String base, SyntaxNode declarator) {
        StringBuilder suffix = new StringBuilder();
        SyntaxNode n = declarator;
        List<String> parts = new ArrayList<>();
        while (n != null && !n.is("identifier")) {
            if (n.is("pointer_declarator")) {
                parts.add("*");
            } else if (n.is("array_declarator")) {
                parts.add("[]");
            }
            n = n.child("declarator").orElse(null);
        }
        // The outermost declarator binds closest to the base type: *tbl[4] is an array of u32 *.
        for (String p : parts) {
            suffix.append(' ').append(p);
        }
        return (base + suffix).strip();
    }
}
