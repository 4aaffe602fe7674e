package org.kvlint.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FreeSite;
import org.kvlint.facts.Place;
import org.kvlint.facts.Scope;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * What the fixes of one file look up again and again, computed once per file (per rule run):
 * the expressions that denote each place, the frees by place, the file's function definitions,
 * identifiers by name, struct definitions, statics, opaque regions, locks. Without it every fix
 * walked the whole function or file, so N fallbacks in one function cost O(N²).
 * Lazily built, confined to one rule run; never shared between files or threads.
 */
final class FixIndex {
    private final FileFacts facts;
    private final Map<SyntaxNode, Scope> scopes = new IdentityHashMap<>();
    private Map<String, List<Use>> usesByKey;
    private final Map<Place, List<SyntaxNode>> usesOf = new HashMap<>();
    private final Map<Place, List<FreeSite>> freesOf = new HashMap<>();
    private Map<String, List<FreeSite>> freesByKey;
    private Map<String, List<FreeSite>> freesByMember;
    private Map<String, List<CallSite>> freesByArgument;
    private Map<Integer, List<FreeSite>> freesByOrigin;
    private Map<String, SyntaxNode> functions;
    private Map<String, List<SyntaxNode>> identifiers;
    private Set<String> structs;
    private final Map<SyntaxNode, List<SyntaxNode>> opaque = new IdentityHashMap<>();
    private final Map<SyntaxNode, List<SyntaxNode>> locks = new IdentityHashMap<>();
    private final Map<SyntaxNode, Set<String>> returned = new IdentityHashMap<>();
    private final Map<String, Boolean> statics = new HashMap<>();

    /** An expression that denotes a place. */
    record Use(SyntaxNode node, Place place) {}

    private org.kvlint.fix.text.SourceLines lines;

    FixIndex(FileFacts facts) {
        this.facts = facts;
    }

    /** The file's lines, one index for all its fixes. */
    org.kvlint.fix.text.SourceLines lines() {
        if (lines == null) {
            lines = new org.kvlint.fix.text.SourceLines(facts.source());
        }
        return lines;
    }

    /** The scope of the function (or top-level item) holding {@code n}, as PointerFacts computes it. */
    Scope scopeOf(SyntaxNode n) {
        return scopes.computeIfAbsent(topLevel(n), Scope::of);
    }

    Optional<Place> placeOf(SyntaxNode lvalue) {
        return Place.of(lvalue, scopeOf(lvalue));
    }

    static SyntaxNode topLevel(SyntaxNode n) {
        SyntaxNode top = n;
        while (top.parent().isPresent() && !top.parent().get().is("translation_unit")) {
            top = top.parent().get();
        }
        return top;
    }

    /** A key that every place {@link Place#same} as {@code p} shares (fields: their chain). */
    private static String key(Place p) {
        return switch (p) {
            case Place.Local l -> "L" + l.functionStart() + ":" + l.text();
            case Place.Global g -> "G" + g.text();
            case Place.Field f -> "F" + f.chain();
        };
    }

    /** Every expression that denotes {@code place} (identifier, field or element), where it is visible. */
    List<SyntaxNode> uses(Place place) {
        if (usesByKey == null) {
            usesByKey = new HashMap<>();
            indexUses();
        }
        return usesOf.computeIfAbsent(place, p -> {
            List<SyntaxNode> out = new ArrayList<>();
            for (Use u : usesByKey.getOrDefault(key(p), List.of())) {
                if (Place.same(u.place(), p)) {
                    out.add(u.node());
                }
            }
            return out;
        });
    }

    /** Where the walk of {@link #indexUses} stands: the node, its top-level item, what it lies in. */
    private record Visit(SyntaxNode node, SyntaxNode top, boolean inTopLevelDeclaration, boolean inStructOrParameter) {}

    /**
     * Every use of a place, by key, in source order: one pre-order walk that carries the top-level
     * item and the enclosing declarations down, rather than climbing from each node to the root
     * (a 10,000-deep ternary chain made that quadratic).
     */
    private void indexUses() {
        ArrayList<Visit> stack = new ArrayList<>();
        stack.add(new Visit(facts.root(), facts.root(), false, false));
        while (!stack.isEmpty()) {
            Visit v = stack.removeLast();
            SyntaxNode n = v.node();
            boolean candidate = n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")
                    || n.is("pointer_expression");
            if (candidate && !v.inTopLevelDeclaration() && !v.inStructOrParameter()
                    && n.parent().filter(p -> p.is("field_expression") && "field".equals(n.field())).isEmpty()) {
                Scope scope = scopes.computeIfAbsent(v.top(), Scope::of);
                Place.of(n, scope).ifPresent(p -> usesByKey.computeIfAbsent(key(p), k -> new ArrayList<>()).add(new Use(n, p)));
            }
            boolean topDecl = n.is("declaration")
                    ? n.parent().filter(p -> p.is("translation_unit")).isPresent() : v.inTopLevelDeclaration();
            boolean structOrParam = v.inStructOrParameter() || n.is("struct_specifier") || n.is("parameter_declaration");
            List<SyntaxNode> cs = n.children();
            for (int i = cs.size() - 1; i >= 0; i--) {
                SyntaxNode c = cs.get(i);
                stack.add(new Visit(c, n.is("translation_unit") ? c : v.top(), topDecl, structOrParam));
            }
        }
    }

    /** The frees whose argument is {@code place}, in source order. */
    List<FreeSite> freesOf(Place place) {
        if (freesByKey == null) {
            freesByKey = new HashMap<>();
            freesByMember = new HashMap<>();
            for (FreeSite f : facts.pointers().frees()) {
                f.place().ifPresent(p -> {
                    freesByKey.computeIfAbsent(key(p), k -> new ArrayList<>()).add(f);
                    if (p instanceof Place.Field g) {
                        freesByMember.computeIfAbsent(member(g.chain()), k -> new ArrayList<>()).add(f);
                    }
                });
            }
            freesByKey.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(x -> x.call().call().startByte())));
        }
        return freesOf.computeIfAbsent(place, p -> freesByKey.getOrDefault(key(p), List.of()).stream()
                .filter(f -> Place.same(f.place().orElseThrow(), p)).toList());
    }

    /**
     * The frees the memory of the allocation at {@code site} (its start byte) may reach inside its
     * function, by the value flow: a local reused for several allocations has each one's frees.
     */
    List<FreeSite> freesReaching(int site) {
        if (freesByOrigin == null) {
            freesByOrigin = new HashMap<>();
            Map<Integer, FreeSite> byCall = new HashMap<>();
            facts.pointers().frees().forEach(f -> byCall.put(f.call().call().startByte(), f));
            for (org.kvlint.facts.FunctionFacts fn : facts.functions()) {
                for (org.kvlint.facts.FunctionFacts.CallFact c : fn.calls()) {
                    FreeSite free = c.role() == org.kvlint.facts.ApiFunction.Role.FREE ? byCall.get(c.id()) : null;
                    if (free == null) {
                        continue;
                    }
                    for (org.kvlint.facts.FunctionFlow.Reached r : c.arg(0)) {
                        if (r.origin() instanceof org.kvlint.facts.Origin.Alloc a) {
                            freesByOrigin.computeIfAbsent(a.site(), k -> new ArrayList<>()).add(free);
                        }
                    }
                }
            }
        }
        return freesByOrigin.getOrDefault(site, List.of());
    }

    /** The frees of a field with this member name, whatever its base. */
    List<FreeSite> freesOfMember(String member) {
        freesOf(new Place.Global("")); // builds the maps
        return freesByMember.getOrDefault(member, List.of());
    }

    /** The table frees whose argument is spelt {@code canonical}, in source order. */
    List<CallSite> freesByArgument(String canonical) {
        if (freesByArgument == null) {
            freesByArgument = new HashMap<>();
            for (CallSite c : facts.calls()) {
                if (c.api().isFree() && !c.args().isEmpty()) {
                    freesByArgument.computeIfAbsent(CSyntax.canonical(CSyntax.unwrap(c.args().getFirst())),
                            k -> new ArrayList<>()).add(c);
                }
            }
        }
        return freesByArgument.getOrDefault(canonical, List.of());
    }

    static String member(String chain) {
        return Place.member(chain);
    }

    /** The function of this file defined with that name (the first), if parsed. */
    Optional<SyntaxNode> function(String name) {
        if (functions == null) {
            functions = new HashMap<>();
            for (SyntaxNode item : facts.root().descendants("function_definition")) {
                CSyntax.functionName(item).ifPresent(n -> functions.putIfAbsent(n, item));
            }
        }
        return Optional.ofNullable(functions.get(name));
    }

    /** Every identifier node spelt {@code name} in the file. */
    List<SyntaxNode> identifiers(String name) {
        if (identifiers == null) {
            identifiers = new HashMap<>();
            facts.root().walk(n -> {
                if (n.is("identifier")) {
                    identifiers.computeIfAbsent(n.text(), k -> new ArrayList<>()).add(n);
                }
            });
        }
        return identifiers.getOrDefault(name, List.of());
    }

    /** Is {@code struct tag { ... }} defined in this file (parsed, or in the text of an unexpanded item)? */
    boolean definesStruct(String tag) {
        if (structs == null) {
            structs = new java.util.HashSet<>();
            facts.root().walk(n -> {
                if (n.is("struct_specifier") && n.child("body").isPresent()) {
                    n.child("name").ifPresent(x -> structs.add(x.text()));
                }
            });
            Pattern definition = Pattern.compile("\\bstruct\\s+(\\w+)\\s*\\{");
            for (SyntaxNode item : facts.root().children()) {
                if (unexpanded(item)) {
                    java.util.regex.Matcher m = definition.matcher(item.text());
                    while (m.find()) {
                        structs.add(m.group(1));
                    }
                }
            }
        }
        return structs.contains(tag);
    }

    static boolean unexpanded(SyntaxNode item) {
        return item.children().isEmpty() && item.isNamed() && !item.is("comment") && item.endByte() - item.startByte() > 1;
    }

    /** Is {@code name} declared {@code static} at file scope? */
    boolean declaredStatic(String name) {
        return statics.computeIfAbsent(name, this::findStatic);
    }

    private boolean findStatic(String name) {
        Pattern staticDecl = Pattern.compile("^\\s*static\\b[^;{]*\\b" + Pattern.quote(name) + "\\b");
        for (SyntaxNode item : facts.root().children()) {
            if (unexpanded(item) && item.is("declaration") && staticDecl.matcher(item.text()).find()) {
                return true;
            }
            if (!item.is("declaration")) {
                continue;
            }
            boolean isStatic = item.children().stream().anyMatch(c -> c.is("storage_class_specifier") && c.text().equals("static"));
            boolean declares = item.children().stream().filter(c -> "declarator".equals(c.field()))
                    .anyMatch(d -> CSyntax.declaredName(d).map(SyntaxNode::text).filter(name::equals).isPresent());
            if (declares) {
                return isStatic;
            }
        }
        return false;
    }

    /** Regions of {@code scope} the parser could not read (ERROR nodes; for the file, unexpanded items too). */
    List<SyntaxNode> opaque(SyntaxNode scope) {
        return opaque.computeIfAbsent(scope, s -> {
            List<SyntaxNode> out = new ArrayList<>();
            s.walk(n -> {
                if (n.isError()) {
                    out.add(n);
                }
            });
            if (s == facts.root()) {
                for (SyntaxNode item : facts.root().children()) {
                    if (unexpanded(item)) {
                        out.add(item);
                    }
                }
            }
            return out;
        });
    }

    /** The calls of the function holding {@code n} whose names are in {@code names}, in source order. */
    List<SyntaxNode> lockCalls(SyntaxNode n, Set<String> names) {
        return locks.computeIfAbsent(topLevel(n), fn -> {
            List<SyntaxNode> out = new ArrayList<>();
            fn.walk(x -> {
                if (x.is("call_expression") && CSyntax.calleeName(x).filter(names::contains).isPresent()) {
                    out.add(x);
                }
            });
            out.sort(java.util.Comparator.comparingInt(SyntaxNode::startByte));
            return out;
        });
    }

    /** The canonical texts a function returns ({@code return p;} → "p"). */
    Set<String> returnedBy(SyntaxNode fn) {
        return returned.computeIfAbsent(fn, f -> {
            Set<String> out = new java.util.HashSet<>();
            f.walk(n -> {
                if (n.is("return_statement") && !n.namedChildren().isEmpty()) {
                    SyntaxNode v = n.namedChildren().getFirst();
                    if (v.endByte() - v.startByte() < 200) {
                        out.add(CSyntax.canonical(CSyntax.unwrap(v)));
                    }
                }
            });
            return out;
        });
    }
}
