package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.Assignment;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.NullTest;
import org.kvlint.facts.Stores;
import org.kvlint.syntax.SyntaxNode;

/**
 * KV001: a kmalloc-family result is NULL-checked and the same place then gets a vmalloc-family
 * allocation. See {@code rules/KV001.md}.
 */
public final class OpenCodedFallbackRule implements Rule {
    public static final String ID = "KV001";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Assignment fallback : facts.assignments()) {
            ApiFunction v = fallback.call().api();
            if (v.family() != Family.VMALLOC || v.role() != ApiFunction.Role.ALLOC) {
                continue;
            }
            match(facts, fallback).ifPresent(m -> describe(facts, ctx, m)
                    .map(f -> f.withFixes(OpenCodedFallbackFix.of(m, facts, ctx.api()).stream().toList()))
                    .ifPresent(out::add));
        }
        return out;
    }

    /** The open-coded pair: first try, its NULL test, and the fallback. */
    record Match(Assignment first, SyntaxNode ifStatement, Assignment fallback) {}

    static Optional<Match> match(FileFacts facts, Assignment fallback) {
        SyntaxNode stmt = fallback.statement();
        Optional<SyntaxNode> guard = guardingIf(stmt);
        if (guard.isEmpty()) {
            return Optional.empty();
        }
        SyntaxNode ifStmt = guard.get();
        Optional<NullTest> test = ifStmt.child("condition").flatMap(NullTest::of);
        if (test.isEmpty() || !test.get().place().equals(fallback.place())) {
            return Optional.empty();
        }
        Optional<Assignment> first;
        if (test.get().embeddedStore() != null) {
            first = assignmentAt(facts, test.get().embeddedStore());
        } else {
            first = priorStore(facts, ifStmt, fallback.place());
        }
        return first.filter(f -> f.call().api().family() == Family.KMALLOC && f.call().api().role() == ApiFunction.Role.ALLOC)
                .map(f -> new Match(f, ifStmt, fallback));
    }

    /** The if statement whose then-branch is {@code stmt}, or holds it at its top level. */
    private static Optional<SyntaxNode> guardingIf(SyntaxNode stmt) {
        SyntaxNode parent = stmt.parent().orElse(null);
        if (parent == null) {
            return Optional.empty();
        }
        if (parent.is("compound_statement")) {
            if ("consequence".equals(parent.field())) {
                return parent.parent().filter(p -> p.is("if_statement"));
            }
            return Optional.empty();
        }
        if (parent.is("if_statement") && "consequence".equals(stmt.field())) {
            return Optional.of(parent);
        }
        return Optional.empty();
    }

    /**
     * The last store to {@code place} before {@code stmt}: a plain statement, or an if without
     * else whose then-branch stores (a first try that is itself conditional).
     */
    private static Optional<Assignment> priorStore(FileFacts facts, SyntaxNode stmt, String place) {
        for (SyntaxNode prev : Stores.precedingStatements(stmt)) {
            Optional<SyntaxNode> store = Stores.lastStoreTo(prev, place);
            if (store.isEmpty()) {
                continue;
            }
            if (prev.is("if_statement") && prev.child("alternative").isPresent()) {
                return Optional.empty();
            }
            if (prev.is("for_statement") || prev.is("while_statement") || prev.is("do_statement")
                    || prev.is("switch_statement")) {
                return Optional.empty();
            }
            return assignmentAt(facts, store.get());
        }
        return Optional.empty();
    }

    private static Optional<Assignment> assignmentAt(FileFacts facts, SyntaxNode store) {
        return facts.assignments().stream().filter(a -> a.store() == store).findFirst();
    }

    private static Optional<Finding> describe(FileFacts facts, RuleContext ctx, Match m) {
        var k = m.first().call();
        var v = m.fallback().call();
        if (!v.api().kvFallback()) {
            return Optional.empty(); // vmalloc_user/vmalloc_32: the vmalloc memory is wanted on purpose
        }
        Gfp gfp = k.gfp().orElse(Gfp.parse("GFP_KERNEL"));
        if (gfp.has("GFP_DMA") || gfp.has("GFP_DMA32") || gfp.has("__GFP_DMA") || gfp.has("__GFP_DMA32")) {
            return Optional.empty(); // address-limited memory: vmalloc cannot stand in, kvmalloc neither
        }
        String place = m.first().place();
        String kName = k.api().name() + "()";
        String vName = v.api().name() + "()";
        String helper = Suggestion.replacement(ctx.api(), facts.kernel(), k, v);
        List<Finding.Related> related = List.of(new Finding.Related(Span.of(v.call()), vName + " fallback for '" + place + "'"));
        Level level;
        String message;
        if (gfp.atomicContext()) {
            level = Level.WARNING;
            message = vName + " fallback for '" + place + "' after a " + gfp.nonBlockingName() + " " + kName
                    + ": vmalloc() may sleep, a bug in atomic context, and kvmalloc() never falls back for non-sleeping flags;"
                    + " allocate outside the atomic section or drop the fallback";
        } else if (!gfp.blocking()) {
            level = Level.NOTE;
            message = "open-coded kvmalloc() for '" + place + "': the " + kName + " without direct reclaim lets the "
                    + vName + " fallback run (what kvmalloc() itself does from 6.16); before 6.16 " + helper
                    + " would reclaim before falling back";
        } else if (gfp.has("__GFP_NORETRY") || gfp.has("__GFP_RETRY_MAYFAIL")) {
            level = Level.NOTE;
            String flag = gfp.has("__GFP_NORETRY") ? "__GFP_NORETRY" : "__GFP_RETRY_MAYFAIL";
            message = "open-coded kvmalloc() for '" + place + "': the " + flag + " " + kName + " lets the " + vName
                    + " fallback run, but " + helper + " does the same in one call (free with kvfree())";
        } else {
            level = ctx.catalog().require(ID).level();
            boolean noFs = gfp.has("GFP_NOFS") || gfp.has("GFP_NOIO");
            String with = gfp.known() ? gfp.names().stream().filter(n -> n.startsWith("GFP_")).findFirst()
                    .map(n -> " with " + n).orElse("") : "";
            message = "open-coded " + kName + " -> " + vName + " fallback for '" + place + "': a " + kName + with
                    + " of up to 8 pages (32 KiB) does not fail, it retries"
                    + (noFs ? " (and cannot invoke the OOM killer)" : " and may invoke the OOM killer")
                    + ", so the fallback does not run when it matters; use " + helper + " (free with kvfree())";
        }
        return Optional.of(new Finding(ID, level, facts.file().displayPath(), Span.of(k.call()), message, related));
    }
}
