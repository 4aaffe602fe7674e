package org.kvlint.rules;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.Assignment;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.Memsets;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * KV009: {@code memset(p, 0, size)} right after {@code p = vmalloc(size)} or
 * {@code p = kvmalloc(size, ...)}: the zeroing variant does it in one call.
 * See {@code rules/KV009.md}.
 */
public final class OpenCodedZeroingRule implements Rule {
    public static final String ID = "KV009";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        java.util.Set<Integer> paired = Fallbacks.pairedSides(facts);
        List<Finding> out = new ArrayList<>();
        for (Assignment a : facts.assignments()) {
            ApiFunction f = a.call().api();
            if (f.role() != ApiFunction.Role.ALLOC
                    || f.family() != ApiFunction.Family.VMALLOC && f.family() != ApiFunction.Family.KV) {
                continue;
            }
            if (f.sizeArgs().isEmpty() || f.sizeArgs().getFirst() != 0) {
                continue; // kvmemdup()/vmemdup_user(): the memory is a copy, a memset would be a different bug
            }
            if (paired.contains(a.call().call().startByte())) {
                continue; // one side of a pair: KV001/KV002/KV008 rewrite the whole pair
            }
            Optional<Memsets.Zeroing> z = Memsets.after(a.statement(), a.place(), a.call());
            if (z.isEmpty()) {
                continue;
            }
            describe(facts, ctx, a, z.get()).ifPresent(out::add);
        }
        return out;
    }

    /** How to make the call itself zero: a zeroing twin, or __GFP_ZERO in its mask. */
    private record Zeroed(String words, Fix.TextEdit edit) {}

    private static Optional<Zeroed> zeroed(AllocatorApi api, KernelVersion kernel, CallSite c) {
        Optional<ApiFunction> twin = api.zeroingTwin(c.api())
                .filter(t -> t.kvFallback() == c.api().kvFallback() && t.kvFallback());
        if (twin.isPresent() && kernel.atLeast(twin.get().since())) {
            return Optional.of(new Zeroed(twin.get().name() + "()", FixEdits.renameCall(c, twin.get().name())));
        }
        Optional<SyntaxNode> gfp = c.arg(c.api().gfpArg());
        if (c.api().zero() == ApiFunction.Zeroing.GFP && gfp.isPresent()) {
            String words = c.api().name() + "() with __GFP_ZERO"
                    + twin.map(t -> " (" + t.name() + "() needs " + t.since() + ")").orElse("");
            SyntaxNode g = gfp.get();
            boolean loose = g.is("conditional_expression") || g.is("assignment_expression") || g.is("comma_expression");
            Fix.TextEdit edit = loose
                    ? new Fix.TextEdit(g.startByte(), g.endByte(), "(" + g.text() + ") | __GFP_ZERO")
                    : new Fix.TextEdit(g.endByte(), g.endByte(), " | __GFP_ZERO");
            return Optional.of(new Zeroed(words, edit));
        }
        return Optional.empty();
    }

    private static Optional<Finding> describe(FileFacts facts, RuleContext ctx, Assignment a, Memsets.Zeroing z) {
        CallSite c = a.call();
        String name = c.api().name() + "()";
        int memsetLine = z.call().startRow() + 1;
        String memset = z.call().text().replaceAll("\\s+", " ");
        SyntaxNode removed = z.guard() != null && isOnlyStatement(z) ? z.guard() : z.statement();
        Optional<Fix.TextEdit> delete = FixEdits.deleteLines(facts.source(), removed);
        String message;
        List<Fix.TextEdit> edits = new ArrayList<>();
        String description;
        if (c.zeroes()) {
            message = "'" + memset + "' at line " + memsetLine + " clears memory that " + name + " already zeroed;"
                    + " drop the memset()";
            description = "drop the redundant memset()";
        } else {
            Optional<Zeroed> zz = zeroed(ctx.api(), facts.kernel(), c);
            if (zz.isEmpty()) {
                return Optional.empty(); // vmalloc_32() and friends: no zeroing form to suggest
            }
            message = name + " for '" + a.place() + "' is followed at line " + memsetLine + " by '" + memset
                    + "', which zeroes all of it; use " + zz.get().words() + ", which returns zeroed memory";
            edits.add(zz.get().edit());
            description = "use " + zz.get().words() + " and drop the memset()";
        }
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(z.call()), "zeroes the whole allocation"));
        Level level = ctx.catalog().require(ID).level();
        Finding f = new Finding(ID, level, facts.file().displayPath(), Span.of(c.call()), message, related);
        if (delete.isEmpty()) {
            return Optional.of(f);
        }
        edits.add(delete.get());
        return Optional.of(f.withFixes(List.of(new Fix(description, edits, Fix.Applicability.SAFE, ""))));
    }

    /** The memset is the whole body of its {@code if (p)} guard, so the guard goes with it. */
    private static boolean isOnlyStatement(Memsets.Zeroing z) {
        return z.guard().child("consequence")
                .map(b -> CSyntax.statements(b).size() == 1).orElse(false);
    }
}
