package org.kvlint.facts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The names a function declares (parameters and locals) and the struct tags of those declared
 * as {@code struct X *name} / {@code struct X name}: enough to tell a local from a file-scope
 * name and to type the base of {@code priv->buf}.
 */
public final class Scope {
    private final int functionStart;
    private final Set<String> locals;
    private final Map<String, String> structTypes;

    private Scope(int functionStart, Set<String> locals, Map<String, String> structTypes) {
        this.functionStart = functionStart;
        this.locals = locals;
        this.structTypes = structTypes;
    }

    /** The scope of the function (or top-level item) that contains {@code n}. */
    public static Scope around(SyntaxNode n) {
        Optional<SyntaxNode> fn = n.is("function_definition") ? Optional.of(n)
                : CSyntax.enclosingFunction(n);
        if (fn.isPresent()) {
            return of(fn.get());
        }
        SyntaxNode top = n;
        while (top.parent().isPresent() && !top.parent().get().is("translation_unit")) {
            top = top.parent().get();
        }
        return of(top);
    }

    /** The scope of a top-level item (function definition, or an ERROR region standing for one). */
    public static Scope of(SyntaxNode item) {
        Set<String> locals = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        // a macro body analysed as code: the macro's parameters are its locals
        org.kvlint.syntax.MacroBodies.parameters(item).ifPresent(ps -> ps.stream().filter(p -> !p.isEmpty())
                .forEach(locals::add));
        item.walk(n -> {
            if (n.is("parameter_declaration") || n.is("declaration") && !n.parent().map(p -> p.is("translation_unit")).orElse(true)) {
                String tag = n.child("type").filter(t -> t.is("struct_specifier") || t.is("union_specifier"))
                        .flatMap(t -> t.child("name")).map(SyntaxNode::text).orElse(null);
                for (SyntaxNode d : n.children()) {
                    if ("declarator".equals(d.field()) && !isMacroGluedStore(n, d)) {
                        CSyntax.declaredName(d).ifPresent(id -> {
                            locals.add(id.text());
                            if (tag != null) {
                                types.put(id.text(), tag);
                            }
                        });
                    }
                }
            }
        });
        return new Scope(item.startByte(), Set.copyOf(locals), Map.copyOf(types));
    }

    /**
     * {@code FOO(x)} newline {@code priv->buf = v;}: a statement macro without a semicolon glued to
     * the next statement, parsed as a declaration of {@code priv}; it declares nothing.
     */
    static boolean isMacroGluedStore(SyntaxNode declaration, SyntaxNode declarator) {
        return declaration.child("type").filter(t -> t.is("macro_type_specifier")).isPresent()
                && declarator.is("init_declarator") && declarator.children().stream().anyMatch(SyntaxNode::isError);
    }

    public int functionStart() {
        return functionStart;
    }

    public boolean declaresLocally(String name) {
        return locals.contains(name);
    }

    public Optional<String> structTypeOf(String name) {
        return Optional.ofNullable(structTypes.get(name));
    }
}
