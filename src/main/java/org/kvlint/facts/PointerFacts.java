package org.kvlint.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kvlint.syntax.SyntaxNode;

/**
 * Pointer identity across the functions of one file: every allocation stored into a place and
 * every free of a place, so a rule (or a fix) can ask "where is this memory freed?" and "where
 * may the memory freed here come from?".
 *
 * <p>First version: identity by {@link Place#same}; no flow sensitivity (a place reassigned
 * between allocation and free still links them) and no aliasing through copies.
 */
public final class PointerFacts {
    private final List<AllocSite> allocations;
    private final List<FreeSite> frees;

    private PointerFacts(List<AllocSite> allocations, List<FreeSite> frees) {
        this.allocations = allocations;
        this.frees = frees;
    }

    static PointerFacts of(List<CallSite> calls, List<Assignment> assignments) {
        Map<SyntaxNode, Scope> scopes = new HashMap<>();
        List<AllocSite> allocs = new ArrayList<>();
        for (Assignment a : assignments) {
            if (!a.call().api().isAllocation()) {
                continue;
            }
            Scope scope = scopes.computeIfAbsent(topLevel(a.store()), Scope::of);
            Place.of(a.target(), scope).ifPresent(p -> allocs.add(new AllocSite(a, p)));
        }
        List<FreeSite> frees = new ArrayList<>();
        for (CallSite c : calls) {
            if (!c.api().isFree() || c.args().isEmpty()) {
                continue;
            }
            SyntaxNode arg = c.args().getFirst();
            SyntaxNode bare = org.kvlint.syntax.CSyntax.unwrap(arg);
            Scope scope = scopes.computeIfAbsent(topLevel(c.call()), Scope::of);
            frees.add(new FreeSite(c, arg, Place.of(bare, scope)));
        }
        return new PointerFacts(List.copyOf(allocs), List.copyOf(frees));
    }

    private static SyntaxNode topLevel(SyntaxNode n) {
        SyntaxNode top = n;
        while (top.parent().isPresent() && !top.parent().get().is("translation_unit")) {
            top = top.parent().get();
        }
        return top;
    }

    public List<AllocSite> allocations() {
        return allocations;
    }

    public List<FreeSite> frees() {
        return frees;
    }

    /** Every free, anywhere in the file, of the place this allocation is stored in. */
    public List<FreeSite> freesOf(AllocSite alloc) {
        return frees.stream().filter(f -> f.place().filter(p -> Place.same(p, alloc.place())).isPresent()).toList();
    }

    /** Every allocation, anywhere in the file, stored in the place this free releases. */
    public List<AllocSite> allocationsFreedBy(FreeSite free) {
        return free.place().map(p -> allocations.stream().filter(a -> Place.same(a.place(), p)).toList())
                .orElse(List.of());
    }
}
