package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.FunctionFacts.BackendUse;
import org.kvlint.facts.FunctionFacts.Explanation;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The syntactic facts of a function that rules need besides its value flow, read once while the
 * syntax is at hand: allocation sites with their place, mask and zeroing, calls that need one
 * backend, and comments that explain a choice.
 */
final class SyntaxFacts {
    private SyntaxFacts() {}

    /**
     * Calls that need one backend: vmalloc-only (pages of a vmalloc area, user mappings) or
     * kmalloc-only (direct-map address, DMA, scatterlists, slab size). Not allocators: named here.
     */
    static final Set<String> BACKEND_SPECIFIC = Set.of("vmalloc_to_page", "vmalloc_to_pfn",
            "remap_vmalloc_range", "remap_vmalloc_range_partial", "find_vm_area", "virt_to_page", "virt_to_phys",
            "virt_to_pfn", "__pa", "dma_map_single", "dma_map_single_attrs", "sg_init_one", "sg_set_buf", "ksize",
            "virt_to_head_page", "virt_to_folio", "page_to_virt", "set_memory_ro", "set_memory_rw", "set_memory_x",
            "set_memory_nx");

    private static final Pattern KV_HELPER = Pattern.compile("\\bkv(malloc|zalloc|calloc|free)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHY_NOT = Pattern.compile("\\bnot\\b|n't\\b|\\bcannot\\b|\\binstead\\b|\\bavoid|\\bbecause\\b"
            + "|\\bunsuitable\\b|\\bwon't\\b", Pattern.CASE_INSENSITIVE);
    private static final byte[] KV = {'k', 'v'};
    private static final byte[] VMALLOC = "vmalloc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] VZALLOC = "vzalloc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Both sides named: the slab (kmalloc family) and vmalloc. */
    private static final Pattern SLAB_SIDE = Pattern.compile("\\b(k[mzc]alloc\\w*|slab)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern VMALLOC_SIDE = Pattern.compile("\\bv[mz]alloc\\w*", Pattern.CASE_INSENSITIVE);
    /** Words that give a reason for a choice rather than narrate it ("fall back to vmalloc if kmalloc fails" gives none). */
    private static final Pattern REASON = Pattern.compile("\\breduc|\\bprefer|\\bbecause\\b|\\bavoid|\\binstead\\b"
            + "|\\bon purpose\\b|\\bintention|\\bdeliberate|\\b(by|in) default\\b|\\bso that\\b|\\bin order to\\b"
            + "|\\bpressure\\b", Pattern.CASE_INSENSITIVE);
    /** A page protection other than PAGE_KERNEL (executable or special mappings). */
    private static final Pattern SPECIAL_PROT = Pattern.compile("\\bPAGE_KERNEL_\\w+|\\bpgprot\\w*|_EXEC\\b");

    /** The allocation fact of a table allocation call inside the function with {@code scope}. */
    static AllocFact allocation(CallSite c, Scope scope, Map<SyntaxNode, SyntaxNode> statements) {
        SyntaxNode call = c.call();
        Optional<Assignment> stored = Assignment.of(c);
        String place = stored.map(Assignment::place).orElse(null);
        Place where = stored.flatMap(a -> Place.ofStore(a.store(), a.target(), scope)).orElse(null);
        SyntaxNode statement = stored.isPresent() ? stored.get().statement() : statementOf(call, statements);
        Set<String> sizeNames = new TreeSet<>();
        for (int i : c.api().sizeArgs()) {
            c.arg(i).ifPresent(a -> sizeNames.addAll(SizeNames.of(a)));
        }
        Loc memset = null;
        Loc memsetGuard = null;
        if (place != null) {
            Optional<Memsets.Zeroing> z = Memsets.after(statement, place, c);
            if (z.isPresent()) {
                memset = Loc.of(z.get().call());
                memsetGuard = z.get().guard() == null ? null : Loc.of(z.get().guard());
            }
        }
        boolean special = c.args().stream().anyMatch(a -> SPECIAL_PROT.matcher(a.text()).find());
        return new AllocFact(call.startByte(), Loc.of(call), Loc.of(c.nameNode()), c.api().name(), c.api().family(),
                place, where, Loc.of(statement), c.args().stream().map(SyntaxNode::text).toList(), c.sizeText(),
                sizeNames, c.gfp().map(Gfp::text).orElse(null), c.zeroes(), memset, memsetGuard, special);
    }

    /**
     * {@link Statements#statementOf}, remembering the answer for every node on the way up: the
     * allocations nested in one deep expression share their ancestors, so all of them cost O(depth).
     */
    static SyntaxNode statementOf(SyntaxNode n, Map<SyntaxNode, SyntaxNode> cache) {
        List<SyntaxNode> path = new ArrayList<>();
        SyntaxNode cur = n;
        SyntaxNode found = null;
        while (found == null) {
            SyntaxNode known = cache.get(cur);
            if (known != null) {
                found = known;
                break;
            }
            SyntaxNode p = cur.parentOrNull();
            if (p == null || p.is("compound_statement") || CSyntax.isPreprocBlock(p) || p.is("translation_unit")
                    || p.is("if_statement") || p.is("else_clause") || p.is("for_statement")
                    || p.is("while_statement") || p.is("do_statement") || p.is("ERROR")
                    || p.is("case_statement") || p.is("labeled_statement")) {
                found = cur;
                break;
            }
            path.add(cur);
            cur = p;
        }
        for (SyntaxNode x : path) {
            cache.put(x, found);
        }
        return found;
    }

    /** A call of a backend-specific function, with the lvalues its arguments mention. */
    static Optional<BackendUse> backendUse(SyntaxNode call, Map<SyntaxNode, CallSite> tableCalls) {
        Optional<String> name = CSyntax.calleeName(call);
        if (name.isEmpty() || !BACKEND_SPECIFIC.contains(name.get())) {
            return Optional.empty();
        }
        Set<String> mentions = new TreeSet<>();
        for (SyntaxNode a : CSyntax.arguments(call)) {
            if (a.endByte() - a.startByte() > 2000) {
                continue;
            }
            a.walk(n -> {
                if (n.is("identifier") || n.is("field_expression") || n.is("subscript_expression")) {
                    mentions.add(CSyntax.canonical(n));
                }
            });
        }
        return Optional.of(new BackendUse(name.get(), Loc.of(call), mentions, underVmallocTest(call, tableCalls)));
    }

    /** Inside a branch on a backend query (is_vmalloc_addr() in the table)? */
    private static boolean underVmallocTest(SyntaxNode n, Map<SyntaxNode, CallSite> tableCalls) {
        int depth = 0;
        for (SyntaxNode p = n.parentOrNull(); p != null && depth < 200; p = p.parentOrNull(), depth++) {
            if ((p.is("if_statement") || p.is("conditional_expression")) && p.child("condition")
                    .map(c -> callsQuery(c, tableCalls)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsQuery(SyntaxNode expr, Map<SyntaxNode, CallSite> tableCalls) {
        if (expr.endByte() - expr.startByte() > 2000) {
            return false;
        }
        boolean[] found = {false};
        expr.walk(n -> {
            CallSite t = n.is("call_expression") ? tableCalls.get(n) : null;
            if (t != null && t.api().role() == ApiFunction.Role.QUERY) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * A comment that names a kv helper and says why not ("not", "can't", "instead", "because"...),
     * or that names both the slab and vmalloc and gives a reason for the choice ("in default
     * vmalloc is used to reduce the pressure of kernel slab system", 6.12 lib/objpool.c), with the
     * statement it stands before (past NULL initialisations). A "TODO: use kvmalloc()" does not
     * count, nor does "fall back to vmalloc if kmalloc fails".
     */
    /** Does a comment's text name a kv helper and say why not? */
    static boolean whyNotKv(String t) {
        return KV_HELPER.matcher(t).find() && WHY_NOT.matcher(t).find();
    }

    /** Does a comment's text name both sides and give a reason for the choice? */
    static boolean whyThisSide(String t) {
        return SLAB_SIDE.matcher(t).find() && VMALLOC_SIDE.matcher(t).find() && REASON.matcher(t).find();
    }

    /**
     * Can the comment in {@code b[from, to)} explain ({@link #whyNotKv}, {@link #whyThisSide})? Both kinds of
     * explanation name kv* or v[mz]alloc*, which UTF-8 keeps as ASCII bytes: most comments name
     * neither and are not decoded.
     */
    static boolean mayExplain(byte[] b, int from, int to) {
        return org.kvlint.syntax.Bytes.containsIgnoreCase(b, KV, from, to)
                || org.kvlint.syntax.Bytes.containsIgnoreCase(b, VMALLOC, from, to)
                || org.kvlint.syntax.Bytes.containsIgnoreCase(b, VZALLOC, from, to);
    }

    static Optional<Explanation> explanation(SyntaxNode comment) {
        // both kinds name kv* or v[mz]alloc*: most comments do not, and are not decoded
        if (!mayExplain(comment.source().bytes(), comment.startByte(), comment.endByte())) {
            return Optional.empty();
        }
        String t = comment.text();
        boolean whyNotKv = whyNotKv(t);
        if (!whyNotKv && !whyThisSide(t)) {
            return Optional.empty();
        }
        Optional<SyntaxNode> next = comment.nextNamedSibling();
        while (next.isPresent() && (next.get().is("comment") || nullInitialisation(next.get()))) {
            next = next.get().nextNamedSibling();
        }
        return Optional.of(new Explanation(Loc.of(comment), next.map(Loc::of).orElse(null), whyNotKv));
    }

    /** {@code p = NULL;}: the start of the choice a comment explains, not its subject. */
    private static boolean nullInitialisation(SyntaxNode stmt) {
        if (!stmt.is("expression_statement") || stmt.namedChildren().size() != 1) {
            return false;
        }
        SyntaxNode e = stmt.namedChildren().getFirst();
        return e.is("assignment_expression") && e.child("right").map(r -> r.text().equals("NULL") || r.text().equals("0"))
                .orElse(false);
    }

    /** Sorted by start byte, as the facts keep them. */
    static List<AllocFact> inSourceOrder(List<AllocFact> in) {
        List<AllocFact> out = new ArrayList<>(in);
        out.sort(java.util.Comparator.comparingInt(AllocFact::id));
        return out;
    }
}
