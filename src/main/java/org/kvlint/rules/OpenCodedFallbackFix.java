package org.kvlint.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.kvlint.facts.AllocSite;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.Assignment;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FreeSite;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.Memsets;
import org.kvlint.facts.NullTest;
import org.kvlint.facts.Place;
import org.kvlint.facts.Scope;
import org.kvlint.fix.text.KernelLayout;
import org.kvlint.fix.text.SourceLines;
import org.kvlint.fix.text.SourceLines.Replacement;
import org.kvlint.rules.Fix.Applicability;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * The KV001 rewrite: one open-coded kmalloc() → vmalloc() fallback becomes one kvmalloc-family
 * call, and every free of that memory in the file that the rewrite would make wrong becomes
 * {@code kvfree()}, in the same fix. A pure function of the rule's match and the file's facts.
 *
 * <p>The shape of the result follows allocator-semantics.md §4: the helper mirrors the first try
 * ({@code kmalloc → kvmalloc}, {@code kcalloc → kvcalloc}, {@code _node} kept), zeroing if either
 * branch zeroed (P6); {@code __GFP_NORETRY} goes, {@code __GFP_NOWARN} stays only if the vmalloc
 * side was silent too (rows 6, 7); the emptied {@code if}, its braces and the blank line it
 * leaves go; comments and the statements that still make sense ({@code if (!p) return -ENOMEM;})
 * stay, one level out.
 *
 * <p>Applicability is decided in one place ({@link Generator#applicability}) from the concerns
 * collected on the way: anything that could make the rewrite change behaviour (an escaping
 * pointer, a free kvlint cannot see or convert, a mask kvmalloc treats differently on this
 * kernel) lowers it, and the concerns become the fix's reason.
 */
public final class OpenCodedFallbackFix {
    private static final KernelVersion V4_12 = new KernelVersion(4, 12, 0);
    private static final KernelVersion V4_18 = new KernelVersion(4, 18, 0);
    private static final KernelVersion V5_8 = new KernelVersion(5, 8, 0);
    private static final KernelVersion V5_9 = new KernelVersion(5, 9, 0);
    /** Longest line a rewrite touches (bytes): laying out a call on a longer line costs O(line) per fix. */
    private static final int MAX_LINE = 4096;
    /** Uses of one place the rewrite looks at, at most: N fallbacks into one reused local cost O(N), not O(N²). */
    private static final int MAX_USES = 256;
    /** How many copies, calls and returns the memory is followed through. */
    private static final int MAX_DEPTH = 8;
    /** RCU-deferred frees: kvfree()-based (right for kvmalloc memory) since 5.9. */
    private static final Set<String> RCU_FREES = Set.of("kfree_rcu", "kvfree_rcu", "kvfree_rcu_mightsleep");
    private static final KernelVersion V5_17 = new KernelVersion(5, 17, 0);

    /** Uses that need kmalloc memory (physically contiguous, slab-backed): P2. */
    private static final Set<String> KMALLOC_ONLY = Set.of("krealloc", "krealloc_array", "ksize", "virt_to_page",
            "virt_to_phys", "__pa", "virt_to_head_page", "virt_to_folio", "dma_map_single", "dma_map_single_attrs",
            "sg_set_buf", "sg_init_one", "kmemleak_not_leak", "kfree_sensitive", "kzfree", "page_to_virt");

    /** Uses that need vmalloc memory: P2 (fine when guarded by is_vmalloc_addr()). */
    private static final Set<String> VMALLOC_ONLY = Set.of("vmalloc_to_page", "vmalloc_to_pfn", "remap_vmalloc_range",
            "remap_vmalloc_range_partial", "find_vm_area", "set_memory_ro", "set_memory_rw", "set_memory_x",
            "set_memory_nx", "vfree_atomic");

    private static final Set<String> LOCKS = Set.of("spin_lock", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh",
            "raw_spin_lock", "raw_spin_lock_irq", "raw_spin_lock_irqsave", "raw_spin_lock_bh", "read_lock",
            "read_lock_irq", "read_lock_irqsave", "read_lock_bh", "write_lock", "write_lock_irq", "write_lock_irqsave",
            "write_lock_bh", "rcu_read_lock", "rcu_read_lock_bh", "rcu_read_lock_sched", "preempt_disable",
            "local_irq_disable", "local_irq_save", "local_bh_disable");
    private static final Set<String> UNLOCKS = Set.of("spin_unlock", "spin_unlock_irq", "spin_unlock_irqrestore",
            "spin_unlock_bh", "raw_spin_unlock", "raw_spin_unlock_irq", "raw_spin_unlock_irqrestore",
            "raw_spin_unlock_bh", "read_unlock", "read_unlock_irq", "read_unlock_irqrestore", "read_unlock_bh",
            "write_unlock", "write_unlock_irq", "write_unlock_irqrestore", "write_unlock_bh", "rcu_read_unlock",
            "rcu_read_unlock_bh", "rcu_read_unlock_sched", "preempt_enable", "local_irq_enable",
            "local_irq_restore", "local_bh_enable");
    private static final Set<String> LOCKS_AND_UNLOCKS = Set.copyOf(java.util.stream.Stream.concat(LOCKS.stream(),
            UNLOCKS.stream()).toList());

    private OpenCodedFallbackFix() {}

    /**
     * An open-coded pair as syntax, for the rewrite.
     *
     * @param first the first try's store
     * @param ifStatement the NULL test whose then-branch holds the fallback ({@code if (!p) p = vmalloc(n);}),
     *     or, for an early exit, the success test ({@code if (p) return p;}, {@code if (p) goto out;})
     * @param fallback the fallback's store (for {@code return vmalloc(n);} an assignment-less
     *     {@link Assignment} whose store is the return statement)
     * @param earlyExit the pair is {@code p = kmalloc(); if (p) return p; ...; p = vmalloc(n);}
     * @param fallbackStatement the statement the fix removes with the NULL test: the fallback's
     *     own, or a choice of two fallbacks by the caller's {@code __GFP_ZERO}
     *     ({@code if (flags & __GFP_ZERO) p = vzalloc(n); else p = vmalloc(n);})
     * @param pageStages for an early-exit chain through the page allocator
     *     ({@code p = kzalloc(); if (p) return 0; p = alloc_pages_exact(); if (p) return 0; p =
     *     vzalloc();}), the page-allocator stages' stores between the two, which go with their
     *     success tests; empty otherwise
     */
    record Match(Assignment first, SyntaxNode ifStatement, Assignment fallback, boolean earlyExit,
                 SyntaxNode fallbackStatement, List<SyntaxNode> pageStages) {
        Match(Assignment first, SyntaxNode ifStatement, Assignment fallback) {
            this(first, ifStatement, fallback, false);
        }

        Match(Assignment first, SyntaxNode ifStatement, Assignment fallback, boolean earlyExit) {
            this(first, ifStatement, fallback, earlyExit, fallback.statement());
        }

        Match(Assignment first, SyntaxNode ifStatement, Assignment fallback, boolean earlyExit,
              SyntaxNode fallbackStatement) {
            this(first, ifStatement, fallback, earlyExit, fallbackStatement, List.of());
        }
    }

    /** The fix for one KV001 match, or empty when kvlint has no rewrite for its shape or kernel. */
    static Optional<Fix> of(Match match, FileFacts facts, AllocatorApi api) {
        return of(match, facts, api, new FixIndex(facts));
    }

    /** As above, with the file's lookups shared between the fixes of one rule run. */
    static Optional<Fix> of(Match match, FileFacts facts, AllocatorApi api, FixIndex index) {
        try {
            return new Generator(match, facts, api, index).build();
        } catch (Unfixable e) {
            return Optional.empty();
        }
    }

    /** The shape kvlint does not rewrite; thrown inside the generator, never escapes it. */
    private static final class Unfixable extends RuntimeException {
        Unfixable() {
            super(null, null, false, false);
        }
    }

    /** One thing that keeps the fix from being SAFE. */
    private record Concern(Applicability level, String why) {}

    /** The kvmalloc-family call to emit. */
    private record Helper(ApiFunction kv, boolean addZeroFlag, boolean wrapArraySize, SyntaxNode node) {}

    private static final class Generator {
        private final Match m;
        private final FileFacts facts;
        private final AllocatorApi api;
        private final SourceLines src;
        private final CallSite k;
        private final CallSite v;
        private final KernelVersion kernel;
        private final List<Concern> concerns = new ArrayList<>();
        private final List<Escape> escapes = new ArrayList<>();
        private final List<Replacement> edits = new ArrayList<>();
        private final FixIndex index;
        /** The place of the first try. */
        private Place firstPlace;
        /** Free calls already converted (or found right): a place reached twice converts once. */
        private final Set<SyntaxNode> converted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<String> followed = new java.util.HashSet<>();
        private final Set<String> followedReturns = new java.util.HashSet<>();
        private int freesConverted;
        private boolean droppedLog;
        /** The guarded early-return form became {@code return kvmalloc(...)}: the first try's local is gone. */
        private boolean returnedDirectly;
        /** memset(p, 0, size) after the fallback, inside the branch: the fallback's own zeroing (P6). */
        private SyntaxNode innerMemset;
        /** memset(p, 0, size) after the pair: zeroes both branches, redundant after kvzalloc(). */
        private SyntaxNode outerMemset;

        Generator(Match m, FileFacts facts, AllocatorApi api, FixIndex index) {
            this.index = index;
            this.m = m;
            this.facts = facts;
            this.api = api;
            this.src = index.lines();
            this.k = m.first().call();
            this.v = m.fallback().call();
            this.kernel = facts.kernel();
        }

        Optional<Fix> build() {
            if (src.lineEnd(k.call().startByte()) - src.lineStart(k.call().startByte()) > MAX_LINE
                    || src.lineEnd(v.call().startByte()) - src.lineStart(v.call().startByte()) > MAX_LINE) {
                return Optional.empty(); // generated code on a line of its own size: no layout to keep
            }
            if (!kernel.atLeast(V4_12) || m.ifStatement().child("alternative").isPresent()
                    || k.api().gfpArg() < 0 || k.api().sizeArgs().isEmpty() || k.api().sizeArgs().getFirst() != 0
                    || k.api().kvReplacement().isEmpty() || !v.api().kvFallback()) {
                return Optional.empty();
            }
            Gfp gfp = k.gfp().orElseThrow(Unfixable::new);
            if (!gfp.blocking()) {
                return Optional.empty(); // §4.2 row 10: already a bug, kvmalloc cannot fix it
            }
            AllocSite site = facts.pointers().allocationAt(k.call()).filter(a -> a.assignment().store() == m.first().store())
                    .orElseThrow(Unfixable::new);
            String place = m.fallback().place();
            innerMemset = Memsets.after(m.fallbackStatement(), place, v)
                    .map(z -> z.guard() != null ? z.guard() : z.statement()).orElse(null);
            outerMemset = Memsets.after(m.ifStatement(), place, k)
                    .map(z -> z.guard() != null ? z.guard() : z.statement()).orElse(null);
            Helper helper = chooseHelper();
            checkSizes();
            String newGfp = rewriteGfp(gfp, helper);
            String call = newCallText(helper, newGfp);
            layout(helper, call);
            if (outerMemset != null) {
                replaceLines(outerMemset, "", null, ""); // kvzalloc() zeroes: the memset() is redundant
            }
            firstPlace = site.place();
            follow(site.place(), m.first().store(), 0);
            checkNoOverlap();
            List<Fix.TextEdit> out = edits.stream().map(e -> new Fix.TextEdit(e.start(), e.end(), e.text())).toList();
            String description = "use " + helper.kv().name() + "()" + (freesConverted > 0 ? " and kvfree()" : "")
                    + (droppedLog ? " (drops the fallback's log message)" : "")
                    + (innerMemset != null || outerMemset != null ? " (drops the memset() it makes redundant)" : "");
            Applicability level = applicability();
            String reason = reason();
            return Optional.of(Fix.escaping(description, out, level, reason, escapes, true));
        }

        /** The concerns, worst first, at most three of them: enough to act on, short enough to read. */
        private String reason() {
            List<String> whys = concerns.stream().sorted(Comparator.comparing(Concern::level).reversed())
                    .map(Concern::why).distinct().toList();
            String shown = String.join("; ", whys.subList(0, Math.min(3, whys.size())));
            return whys.size() > 3 ? shown + "; and " + (whys.size() - 3) + " more" : shown;
        }

        /** The one place applicability is decided: the worst concern, SAFE without any. */
        private Applicability applicability() {
            Applicability worst = Applicability.SAFE;
            for (Concern c : concerns) {
                if (c.level().compareTo(worst) > 0) {
                    worst = c.level();
                }
            }
            return worst;
        }

        private void unsafe(String why) {
            concerns.add(new Concern(Applicability.UNSAFE, why));
        }

        /** The memory leaves what this file shows: the fix stage answers it tree-wide. */
        private void escape(Escape e) {
            escapes.add(e);
        }

        private void displayOnly(String why) {
            concerns.add(new Concern(Applicability.DISPLAY_ONLY, why));
        }

        private int line(SyntaxNode n) {
            return n.startRow() + 1;
        }

        // ---- which helper -------------------------------------------------------------------

        private Helper chooseHelper() {
            int arity = k.api().sizeArgs().size();
            SyntaxNode node = k.api().hasNode() ? k.arg(k.api().nodeArg()).orElseThrow(Unfixable::new) : null;
            if (v.api().hasNode()) {
                SyntaxNode vNode = v.arg(v.api().nodeArg()).orElseThrow(Unfixable::new);
                if (node == null) {
                    node = vNode;
                } else if (!CSyntax.canonical(node).equals(CSyntax.canonical(vNode))) {
                    unsafe("the two branches allocate on different NUMA nodes ('" + node.text() + "' and '"
                            + vNode.text() + "')");
                }
            }
            boolean zero = k.zeroes() || v.zeroes() || innerMemset != null || outerMemset != null;
            boolean withNode = node != null;
            Optional<ApiFunction> exact = kvShape(arity, withNode, zero);
            if (exact.isPresent()) {
                return new Helper(exact.get(), false, false, node);
            }
            if (zero) {
                Optional<ApiFunction> plain = kvShape(arity, withNode, false);
                if (plain.isPresent()) {
                    return new Helper(plain.get(), true, false, node); // e.g. kvmalloc_array + __GFP_ZERO before 4.18
                }
            }
            if (arity == 2 && kernel.atLeast(V4_18)) {
                Optional<ApiFunction> flat = kvShape(1, withNode, zero);
                if (flat.isPresent()) {
                    return new Helper(flat.get(), false, true, node); // kvmalloc_node(array_size(n, s), ...) before 6.10
                }
            }
            throw new Unfixable();
        }

        /** The kvmalloc-family allocator of a shape that this kernel has. */
        private Optional<ApiFunction> kvShape(int arity, boolean node, boolean zero) {
            return api.all().stream()
                    .filter(f -> f.family() == ApiFunction.Family.KV && f.role() == ApiFunction.Role.ALLOC
                            && f.sizeArgs().size() == arity && f.sizeArgs().getFirst() == 0 && f.hasNode() == node
                            && f.gfpArg() == arity && f.zero() == (zero ? ApiFunction.Zeroing.ALWAYS : ApiFunction.Zeroing.GFP)
                            && kernel.atLeast(f.since()))
                    .findFirst();
        }

        // ---- P7: same size ------------------------------------------------------------------

        private void checkSizes() {
            List<String> a = factors(k);
            List<String> b = factors(v);
            if (!new TreeSet<>(a).equals(new TreeSet<>(b)) || a.size() != b.size()) {
                unsafe("the vmalloc fallback allocates '" + shownSize(v) + "' bytes, the first try '" + shownSize(k) + "'");
            }
        }

        private static String shownSize(CallSite c) {
            return String.join(" * ", c.api().sizeArgs().stream().map(i -> c.arg(i).map(Generator::shown).orElse("?")).toList());
        }

        private static List<String> factors(CallSite c) {
            List<Integer> idx = c.api().sizeArgs();
            if (idx.size() == 2) {
                return List.of(canon(c.arg(idx.get(0))), canon(c.arg(idx.get(1))));
            }
            if (idx.size() != 1 || c.arg(idx.getFirst()).isEmpty()) {
                return List.of("?");
            }
            return factorsOf(c.arg(idx.getFirst()).get());
        }

        /** A size expression as the factors of a product: {@code array_size(a, b)} and {@code a * b} are [a, b]. */
        private static List<String> factorsOf(SyntaxNode expr) {
            SyntaxNode arg = CSyntax.unwrap(expr);
            if (arg.is("call_expression") && CSyntax.calleeName(arg).filter(n -> n.equals("array_size")).isPresent()
                    && CSyntax.arguments(arg).size() == 2) {
                return CSyntax.arguments(arg).stream().map(CSyntax::canonical).toList();
            }
            if (arg.is("binary_expression") && arg.child("operator").map(SyntaxNode::text).orElse("").equals("*")) {
                return List.of(canon(arg.child("left")), canon(arg.child("right")));
            }
            return List.of(CSyntax.canonical(arg));
        }

        private static String canon(Optional<SyntaxNode> n) {
            return n.map(x -> CSyntax.canonical(CSyntax.unwrap(x))).orElse("?");
        }

        // ---- GFP ----------------------------------------------------------------------------

        private String rewriteGfp(Gfp gfp, Helper helper) {
            SyntaxNode arg = k.arg(k.api().gfpArg()).orElseThrow(Unfixable::new);
            if (!gfp.known()) {
                unsafe("the GFP mask '" + gfp.text() + "' is not a constant: kvmalloc() falls back to vmalloc only"
                        + " for sleeping masks" + (kernel.atLeast(V5_17) ? "" : " compatible with GFP_KERNEL"));
            }
            List<String> late = gfp.needs517();
            if (!late.isEmpty() && !kernel.atLeast(V5_17)) {
                displayOnly("kvmalloc() honours " + String.join("/", late) + " only from 5.17 (this tree is " + kernel
                        + "): use a GFP_KERNEL kvmalloc() inside memalloc_nofs_save()/memalloc_noio_save()");
            }
            Gfp vGfp = v.gfp().orElse(Gfp.parse("GFP_KERNEL"));
            boolean vSilent = vGfp.has("__GFP_NOWARN");
            Set<String> drop = new LinkedHashSet<>();
            drop.add("__GFP_NORETRY"); // row 7: never pass it to kvmalloc
            if (!vSilent) {
                drop.add("__GFP_NOWARN"); // row 6: it only silenced the first try, which kvmalloc silences itself
            }
            if (helper.kv().zero() == ApiFunction.Zeroing.ALWAYS) {
                drop.add("__GFP_ZERO"); // the helper's name says it
            }
            drop.add("__GFP_HIGHMEM"); // row 11: a slab bug, vmalloc adds it itself
            List<SyntaxNode> operands = new ArrayList<>();
            flattenOr(arg, operands);
            List<SyntaxNode> kept = new ArrayList<>();
            Set<String> removed = new LinkedHashSet<>();
            for (SyntaxNode op : operands) {
                String name = CSyntax.canonical(op);
                if (drop.contains(name)) {
                    removed.add(name);
                } else {
                    kept.add(op);
                }
            }
            for (String d : drop) {
                if (gfp.has(d) && !removed.contains(d)) {
                    unsafe("cannot remove " + d + " from the mask '" + gfp.text() + "'");
                }
            }
            boolean addZero = helper.addZeroFlag() && !gfp.has("__GFP_ZERO");
            compareWithFallback(gfp, vGfp, drop);
            if (removed.isEmpty() && !addZero) {
                return arg.text();
            }
            if (arg.text().contains("/*") || arg.text().contains("//")) {
                displayOnly("the GFP mask '" + arg.text() + "' holds a comment that the rewrite would drop");
            }
            List<String> parts = new ArrayList<>(kept.stream().map(SyntaxNode::text).toList());
            if (parts.isEmpty()) {
                parts.add("GFP_KERNEL");
            }
            if (addZero) {
                parts.add("__GFP_ZERO");
            }
            return String.join(" | ", parts);
        }

        private static void flattenOr(SyntaxNode n, List<SyntaxNode> out) {
            SyntaxNode x = n;
            while (x.is("parenthesized_expression") && x.namedChildren().size() == 1
                    && x.namedChildren().getFirst().is("binary_expression")
                    && x.namedChildren().getFirst().child("operator").map(SyntaxNode::text).orElse("").equals("|")) {
                x = x.namedChildren().getFirst();
            }
            if (x.is("binary_expression") && x.child("operator").map(SyntaxNode::text).orElse("").equals("|")
                    && x.child("left").isPresent() && x.child("right").isPresent()) {
                flattenOr(x.child("left").get(), out);
                flattenOr(x.child("right").get(), out);
            } else {
                out.add(n);
            }
        }

        /**
         * kvmalloc passes the caller's mask to its vmalloc fallback: a flag only the fallback had
         * would be lost; a stricter first-try mask (NOFS/NOIO, ACCOUNT) now also covers the
         * fallback, which is what the code meant.
         */
        private void compareWithFallback(Gfp first, Gfp fallback, Set<String> dropped) {
            if (!first.known() || !fallback.known()) {
                return;
            }
            Set<String> a = meaningful(first, dropped);
            Set<String> b = meaningful(fallback, Set.of());
            b.removeAll(a);
            if ((a.contains("GFP_NOFS") || a.contains("GFP_NOIO")) && b.remove("GFP_KERNEL")) {
                // the first try was stricter: kvmalloc keeps NOFS/NOIO for the fallback too (5.17+)
            }
            if (!b.isEmpty()) {
                unsafe("the vmalloc fallback used " + String.join(" | ", b) + ", which the first try's mask '"
                        + first.text() + "' lacks");
            }
        }

        private static Set<String> meaningful(Gfp g, Set<String> dropped) {
            Set<String> out = new TreeSet<>();
            for (String n : g.names()) {
                if (!g.has(n) || dropped.contains(n)) {
                    continue;
                }
                switch (n) {
                    case "GFP_KERNEL_ACCOUNT" -> {
                        out.add("GFP_KERNEL");
                        out.add("__GFP_ACCOUNT");
                    }
                    case "__GFP_NOWARN", "__GFP_NORETRY", "__GFP_ZERO", "__GFP_HIGHMEM", "__GFP_RETRY_MAYFAIL",
                         "__GFP_COMP" -> { }
                    default -> out.add(n);
                }
            }
            return out;
        }

        // ---- the new call -------------------------------------------------------------------

        /** The replacement call, laid out where the old call stood (continuations realigned). */
        private String newCallText(Helper helper, String gfp) {
            SyntaxNode call = k.call();
            SyntaxNode name = k.nameNode();
            SyntaxNode args = call.child("arguments").orElseThrow(Unfixable::new);
            boolean sameShape = !helper.wrapArraySize() && helper.kv().hasNode() == k.api().hasNode();
            String text;
            if (sameShape) {
                List<Replacement> inner = new ArrayList<>();
                inner.add(new Replacement(name.startByte(), name.endByte(), helper.kv().name()));
                SyntaxNode g = k.arg(k.api().gfpArg()).orElseThrow(Unfixable::new);
                if (!g.text().equals(gfp)) {
                    inner.add(new Replacement(g.startByte(), g.endByte(), gfp));
                }
                text = src.spliced(call.startByte(), call.endByte(), inner);
            } else {
                List<String> a = new ArrayList<>();
                List<Integer> size = k.api().sizeArgs();
                if (helper.wrapArraySize()) {
                    a.add("array_size(" + k.arg(size.get(0)).orElseThrow(Unfixable::new).text() + ", "
                            + k.arg(size.get(1)).orElseThrow(Unfixable::new).text() + ")");
                } else {
                    for (int i : size) {
                        a.add(k.arg(i).orElseThrow(Unfixable::new).text());
                    }
                }
                a.add(gfp);
                if (helper.node() != null) {
                    a.add(helper.node().text());
                }
                text = helper.kv().name() + "(" + String.join(", ", a) + ")";
            }
            int delta = helper.kv().name().length() - name.text().length();
            return KernelLayout.shiftContinuations(text, src.column(args.startByte()), delta);
        }

        // ---- where the call goes and what happens to the if ----------------------------------

        private void layout(Helper helper, String callText) {
            if (m.earlyExit()) {
                earlyExitLayout(helper, callText);
                return;
            }
            SyntaxNode ifStmt = m.ifStatement();
            SyntaxNode cond = ifStmt.child("condition").orElseThrow(Unfixable::new);
            NullTest test = NullTest.of(cond).orElseThrow(Unfixable::new);
            checkCondition(cond);
            SyntaxNode firstStmt = m.first().statement();
            Kept kept = keptStatements(ifStmt, test.embeddedStore());
            String ifIndent = src.indentAt(ifStmt.startByte());
            int nameDelta = helper.kv().name().length() - k.nameNode().text().length();
            if (test.embeddedStore() != null) {
                // if (!(p = kmalloc(...))) p = vmalloc(...);  →  p = kvmalloc(...);
                SyntaxNode store = test.embeddedStore();
                if (store != m.first().store()) {
                    throw new Unfixable();
                }
                String storeText = src.spliced(store.startByte(), store.endByte(),
                        List.of(new Replacement(k.call().startByte(), k.call().endByte(), callText)));
                int inPlaceParen = src.column(k.call().child("arguments").orElseThrow(Unfixable::new).startByte()) + nameDelta;
                int newParen = KernelLayout.column(ifIndent + src.text(store.startByte(), k.call().startByte())
                        + helper.kv().name());
                storeText = KernelLayout.shiftContinuations(storeText, inPlaceParen, newParen - inPlaceParen);
                // a comment on the if's first line (after the condition) stays on the statement's line
                StringBuilder main = new StringBuilder(fit(ifIndent + storeText + ";", helper));
                List<SyntaxNode> rest = new ArrayList<>();
                for (SyntaxNode n : kept.nodes()) {
                    if (n.is("comment") && n.startRow() == ifStmt.startRow() && !src.startsLine(n.startByte())
                            && n.text().indexOf('\n') < 0) {
                        main.append(' ').append(n.text());
                    } else {
                        rest.add(n);
                    }
                }
                replaceLines(ifStmt, "", main.toString(), new Kept(rest, this).render(ifIndent));
                return;
            }
            SyntaxNode firstParent = firstStmt.parent().orElseThrow(Unfixable::new);
            SyntaxNode ifParent = ifStmt.parent().orElseThrow(Unfixable::new);
            if (firstParent == ifParent) {
                // p = kmalloc(...); if (!p) p = vmalloc(...);  →  p = kvmalloc(...);
                usedBetween(firstStmt, ifStmt);
                String fitted = fitInPlace(k.call(), callText, helper);
                edits.add(new Replacement(k.call().startByte(), k.call().endByte(), fitted));
                removeIf(ifStmt, kept.render(ifIndent));
                return;
            }
            SyntaxNode outer = firstParent.is("compound_statement") ? firstParent.parentOrNull() : firstParent;
            if (outer != null && outer.is("if_statement") && outer.parentOrNull() == ifParent
                    && outer.child("alternative").isEmpty() && onlyStatement(outer, firstStmt)) {
                // if (size <= X) p = kmalloc(...); if (!p) p = vmalloc(...);  →  p = kvmalloc(...);
                usedBetween(outer, ifStmt);
                SyntaxNode outerCond = outer.child("condition").orElseThrow(Unfixable::new);
                if (!isSizeComparison(outerCond)) {
                    unsafe("the first try ran only when " + shown(outerCond)
                            + ": a deliberate choice of vmalloc that kvmalloc() would override");
                }
                if (!src.startsLine(firstStmt.startByte())) {
                    throw new Unfixable();
                }
                String outerIndent = src.indentAt(outer.startByte());
                String innerIndent = src.indentAt(firstStmt.startByte());
                String moved = src.spliced(src.lineStart(firstStmt.startByte()), firstStmt.endByte(),
                        List.of(new Replacement(k.call().startByte(), k.call().endByte(), callText)));
                moved = KernelLayout.reindent(moved, innerIndent, outerIndent);
                StringBuilder before = new StringBuilder();
                for (SyntaxNode c : outer.descendants("comment")) {
                    if (!firstStmt.contains(c)) {
                        before.append(renderPiece(c, outerIndent)).append('\n');
                    }
                }
                replaceLines(outer, before.toString(), fit(moved, helper), "");
                removeIf(ifStmt, kept.render(ifIndent));
                return;
            }
            throw new Unfixable();
        }

        /**
         * {@code p = kmalloc(...); if (p) return p; p = vmalloc(...);} (or {@code goto out;},
         * {@code return vmalloc(...);}) → {@code p = kvmalloc(...);} and what followed the
         * fallback; and the guarded form {@code if (size <= X) { p = kmalloc(...); if (p) return p; }
         * return vmalloc(...);} → {@code return kvmalloc(...);}.
         */
        private void earlyExitLayout(Helper helper, String callText) {
            SyntaxNode exitIf = m.ifStatement();
            String place = m.first().place();
            if (!isSuccessExit(exitIf, place)) {
                throw new Unfixable();
            }
            SyntaxNode firstStmt = m.first().statement();
            SyntaxNode vStmt = m.fallbackStatement();
            SyntaxNode block = exitIf.parent().orElseThrow(Unfixable::new);
            if (firstStmt.parentOrNull() == block && vStmt.parentOrNull() == block
                    && firstStmt.startByte() < exitIf.startByte() && exitIf.endByte() <= vStmt.startByte()) {
                usedBetween(firstStmt, exitIf);
                String fitted = fitInPlace(k.call(), callText, helper);
                edits.add(new Replacement(k.call().startByte(), k.call().endByte(), fitted));
                removeIf(exitIf, commentsOf(exitIf, src.indentAt(exitIf.startByte())));
                removeUnusedLabel(exitIf);
                boolean afterPageStage = false;
                for (Optional<SyntaxNode> next = exitIf.nextNamedSibling(); next.isPresent();
                        next = next.get().nextNamedSibling()) {
                    SyntaxNode between = next.get();
                    if (between == vStmt || between.startByte() >= vStmt.startByte()) {
                        break;
                    }
                    if (between.is("comment")) {
                        continue;
                    }
                    boolean pageStage = m.pageStages().contains(between);
                    if (pageStage || afterPageStage && isSuccessExit(between, place)) {
                        // the chain's page-allocator stage and its own success test go together
                        replaceLines(between, "", null, "");
                        afterPageStage = pageStage;
                        if (pageStage) {
                            // and the blank line that set the stage apart: no two blank lines in a row
                            int line = src.lineStart(between.startByte());
                            if (line > 0 && src.isBlankLine(line - 1)) {
                                edits.add(new Replacement(src.lineStart(line - 1), line, ""));
                            }
                            pageStageGoes(between);
                        }
                        continue;
                    }
                    afterPageStage = false;
                    if (isLogCall(between)) {
                        droppedLog = true;
                        replaceLines(between, "", null, "");
                    } else {
                        displayOnly("'" + firstLine(between) + "' (line " + line(between) + ") ran only when the first"
                                + " try failed; after the rewrite it runs every time");
                    }
                }
                removeFallback(vStmt, place);
                return;
            }
            SyntaxNode body = exitIf.parentOrNull();
            SyntaxNode outer = body == null ? null : body.parentOrNull();
            if (body != null && body.is("compound_statement") && outer != null && outer.is("if_statement")
                    && outer.child("alternative").isEmpty() && vStmt.is("return_statement")
                    && outer.nextNamedSibling().orElse(null) == vStmt
                    && CSyntax.statements(body).size() == 2 && CSyntax.statements(body).get(0) == firstStmt
                    && CSyntax.statements(body).get(1) == exitIf && src.startsLine(outer.startByte())) {
                SyntaxNode outerCond = outer.child("condition").orElseThrow(Unfixable::new);
                if (!isSizeComparison(outerCond)) {
                    unsafe("the first try ran only when " + shown(outerCond)
                            + ": a deliberate choice of vmalloc that kvmalloc() would override");
                }
                String indent = src.indentAt(outer.startByte());
                StringBuilder before = new StringBuilder();
                for (SyntaxNode c : outer.descendants("comment")) {
                    before.append(renderPiece(c, indent)).append('\n');
                }
                int start = src.lineStart(outer.startByte());
                int end = src.nextLineStart(vStmt.endByte());
                String rest = src.restOfLine(vStmt.endByte()).strip();
                if (!rest.isEmpty() && !FixEdits.isWholeComment(rest)) {
                    throw new Unfixable();
                }
                String main = fit(indent + "return " + callText + ";" + (rest.isEmpty() ? "" : " " + rest), helper);
                String text = before + main + "\n";
                if (src.lineEnd(vStmt.endByte()) == src.length()) {
                    text = text.substring(0, text.length() - 1);
                }
                edits.add(new Replacement(start, end, text));
                returnedDirectly = true;
                return;
            }
            throw new Unfixable();
        }

        /**
         * The success test was the only {@code goto} to its label: the label goes too (an unused
         * label is a compiler warning), when it stands on a line of its own.
         */
        private void removeUnusedLabel(SyntaxNode exitIf) {
            List<SyntaxNode> jumps = exitIf.descendants("goto_statement");
            if (jumps.size() != 1) {
                return;
            }
            String label = jumps.getFirst().child("label").map(SyntaxNode::text).orElse(null);
            SyntaxNode fn = topLevel(exitIf);
            if (label == null) {
                return;
            }
            int gotos = 0;
            SyntaxNode target = null;
            for (SyntaxNode g : fn.descendants("goto_statement")) {
                if (g.child("label").map(SyntaxNode::text).filter(label::equals).isPresent()) {
                    gotos++;
                }
            }
            for (SyntaxNode l : fn.descendants("labeled_statement")) {
                if (l.child("label").map(SyntaxNode::text).filter(label::equals).isPresent()) {
                    target = l;
                }
            }
            if (gotos != 1 || target == null || !src.startsLine(target.startByte())) {
                return;
            }
            SyntaxNode labelNode = target.child("label").orElseThrow();
            int colon = target.startByte();
            for (SyntaxNode c : target.children()) {
                if (!c.isNamed() && c.text().equals(":")) {
                    colon = c.endByte();
                    break;
                }
            }
            if (!src.restOfLine(colon).strip().isEmpty() || labelNode.startByte() != target.startByte()) {
                return; // "out: return 0;" on one line: keep it
            }
            edits.add(new Replacement(src.lineStart(target.startByte()), src.nextLineStart(colon), ""));
        }

        /** {@code if (p) return ...;} or {@code if (p) goto ...;}: no else, the test says "p is not NULL". */
        private boolean isSuccessExit(SyntaxNode ifStmt, String place) {
            if (ifStmt.child("alternative").isPresent()) {
                return false;
            }
            SyntaxNode cond = ifStmt.child("condition").map(org.kvlint.facts.Statements::stripCondition).orElse(null);
            if (cond == null || !org.kvlint.facts.Memsets.isNonNullTest(cond, place)) {
                return false;
            }
            SyntaxNode body = ifStmt.child("consequence").orElse(null);
            if (body == null) {
                return false;
            }
            List<SyntaxNode> st = CSyntax.statements(body);
            return st.size() == 1 && (st.getFirst().is("return_statement") || st.getFirst().is("goto_statement"));
        }

        /** The comments inside an if that goes, as whole lines at {@code indent}. */
        private String commentsOf(SyntaxNode stmt, String indent) {
            StringBuilder out = new StringBuilder();
            for (SyntaxNode c : stmt.descendants("comment")) {
                out.append(renderPiece(c, indent)).append('\n');
            }
            return out.toString();
        }

        /** The fallback goes: its store statement (and its memset), or {@code return vmalloc(...)} becomes {@code return p}. */
        private void removeFallback(SyntaxNode vStmt, String place) {
            if (vStmt.is("return_statement")) {
                edits.add(new Replacement(v.call().startByte(), v.call().endByte(), place));
                return;
            }
            if (vStmt.is("if_statement") && vStmt != m.fallback().statement()) {
                // the overflow check around the fallback: the kv helper makes it itself
                replaceLines(vStmt, "", null, "");
                return;
            }
            if (!vStmt.is("expression_statement") && !vStmt.is("declaration")) {
                throw new Unfixable();
            }
            if (vStmt.is("declaration")) {
                throw new Unfixable(); // a second declaration of the place: not this shape
            }
            replaceLines(vStmt, "", null, "");
            if (innerMemset != null) {
                replaceLines(innerMemset, "", null, ""); // kvzalloc() zeroes: the memset() is redundant
            }
        }

        /**
         * Code between the first try and the fallback's if ran before the fallback could; after
         * the rewrite it runs after it. Fine unless it uses the memory.
         */
        private void usedBetween(SyntaxNode first, SyntaxNode ifStmt) {
            for (Optional<SyntaxNode> next = first.nextNamedSibling(); next.isPresent(); next = next.get().nextNamedSibling()) {
                SyntaxNode s = next.get();
                if (s == ifStmt || s.startByte() >= ifStmt.startByte() || s.field() != null) {
                    return;
                }
                if (Memsets.touches(s, m.fallback().place())) {
                    unsafe("'" + m.fallback().place() + "' is used at line " + line(s)
                            + ", between the first try and the fallback");
                }
            }
        }

        private boolean onlyStatement(SyntaxNode ifStmt, SyntaxNode stmt) {
            SyntaxNode body = ifStmt.child("consequence").orElse(null);
            if (body == stmt) {
                return true;
            }
            return body != null && body.is("compound_statement")
                    && CSyntax.statements(body).size() == 1 && CSyntax.statements(body).getFirst() == stmt;
        }

        /** The fallback's condition: the NULL test, optionally AND a size threshold kvmalloc applies itself. */
        private void checkCondition(SyntaxNode cond) {
            SyntaxNode c = stripParens(cond);
            if (c.is("call_expression") && CSyntax.calleeName(c).filter(n -> n.equals("unlikely") || n.equals("likely"))
                    .isPresent() && CSyntax.arguments(c).size() == 1) {
                c = stripParens(CSyntax.arguments(c).getFirst());
            }
            if (c.is("binary_expression") && c.child("operator").map(SyntaxNode::text).orElse("").equals("&&")) {
                SyntaxNode l = c.child("left").orElseThrow(Unfixable::new);
                SyntaxNode r = c.child("right").orElseThrow(Unfixable::new);
                SyntaxNode other = NullTest.of(l).filter(t -> t.place().equals(m.fallback().place())).isPresent() ? r : l;
                if (!isSizeComparison(other)) {
                    unsafe("the vmalloc fallback ran only when " + shown(other)
                            + ", kvmalloc() falls back whenever the size is above PAGE_SIZE");
                }
            }
        }

        /** {@code size > PAGE_SIZE}, {@code len <= X}, ...: a comparison of the allocation size. */
        private boolean isSizeComparison(SyntaxNode cond) {
            SyntaxNode c = stripParens(cond);
            if (!c.is("binary_expression")) {
                return false;
            }
            String op = c.child("operator").map(SyntaxNode::text).orElse("");
            if (!Set.of("<", "<=", ">", ">=").contains(op)) {
                return false;
            }
            List<String> size = factors(k).stream().sorted().toList();
            return c.child("left").map(l -> factorsOf(l).stream().sorted().toList()).filter(size::equals).isPresent()
                    || c.child("right").map(r -> factorsOf(r).stream().sorted().toList()).filter(size::equals).isPresent();
        }

        /** An expression as written, on one line, for messages. */
        private static String shown(SyntaxNode n) {
            return n.text().replaceAll("\\s+", " ").strip();
        }

        private static SyntaxNode stripParens(SyntaxNode n) {
            SyntaxNode x = n;
            while (x.is("parenthesized_expression") && x.namedChildren().size() == 1) {
                x = x.namedChildren().getFirst();
            }
            return x;
        }

        /** What stays of the then-branch: comments and NULL tests of the result, in order. */
        private record Kept(List<SyntaxNode> nodes, Generator g) {
            String render(String indent) {
                StringBuilder out = new StringBuilder();
                for (SyntaxNode n : nodes) {
                    out.append(g.renderPiece(n, indent)).append('\n');
                }
                return out.toString();
            }
        }

        private Kept keptStatements(SyntaxNode ifStmt, SyntaxNode embeddedStore) {
            SyntaxNode body = ifStmt.child("consequence").orElseThrow(Unfixable::new);
            List<SyntaxNode> items = body.is("compound_statement") ? body.namedChildren() : List.of(body);
            SyntaxNode fallbackStmt = m.fallbackStatement();
            List<SyntaxNode> keep = new ArrayList<>();
            boolean afterFallback = false;
            for (SyntaxNode item : items) {
                if (item == fallbackStmt) {
                    afterFallback = true;
                } else if (item == innerMemset) {
                    continue; // the fallback's zeroing: the helper zeroes now
                } else if (m.pageStages().contains(item)) {
                    pageStageGoes(item);
                } else if (item.is("comment")) {
                    keep.add(item);
                } else if (isLogCall(item)) {
                    droppedLog = true; // "falling back to vmalloc": no fallback to announce any more
                } else if (afterFallback && isNullTestOfPlace(item)) {
                    keep.add(item);
                } else {
                    displayOnly("the fallback branch also runs '" + firstLine(item) + "' (line " + line(item)
                            + "), which kvlint cannot place after the rewrite");
                }
            }
            if (!afterFallback) {
                throw new Unfixable();
            }
            for (SyntaxNode c : ifStmt.descendants("comment")) {
                boolean inside = keep.stream().anyMatch(x -> x.contains(c))
                        || embeddedStore != null && embeddedStore.contains(c);
                if (!inside) {
                    keep.add(c);
                }
            }
            keep.sort(Comparator.comparingInt(SyntaxNode::startByte));
            return new Kept(List.copyOf(keep), this);
        }

        /** A chain's page-allocator stage is dropped: what that changes, as the fix's concern. */
        private void pageStageGoes(SyntaxNode stage) {
            unsafe("the page-allocator stage '" + firstLine(stage) + "' (line " + line(stage) + ") goes: kvmalloc()'s"
                    + " kmalloc() takes a large size from the page allocator itself, rounded up to a power of two"
                    + " pages, before it falls back; a free_pages()/free_pages_exact() of it must become kvfree()");
        }

        private boolean isNullTestOfPlace(SyntaxNode stmt) {
            return stmt.is("if_statement") && stmt.child("condition").flatMap(NullTest::of)
                    .filter(t -> t.embeddedStore() == null && t.place().equals(m.fallback().place())).isPresent();
        }

        private static boolean isLogCall(SyntaxNode stmt) {
            if (!stmt.is("expression_statement") || stmt.namedChildren().isEmpty()) {
                return false;
            }
            SyntaxNode e = stmt.namedChildren().getFirst();
            return e.is("call_expression") && CSyntax.calleeName(e).filter(n -> ReadOnlyCalls.LOG_CALL.matcher(n).matches()).isPresent();
        }

        private String firstLine(SyntaxNode n) {
            String t = n.text();
            int nl = t.indexOf('\n');
            return (nl < 0 ? t : t.substring(0, nl).stripTrailing() + " ...").strip();
        }

        /** A kept node as whole lines at {@code indent} (its own continuation lines move with it). */
        private String renderPiece(SyntaxNode n, String indent) {
            String from = src.indentAt(n.startByte());
            if (src.startsLine(n.startByte())) {
                return KernelLayout.reindent(src.text(src.lineStart(n.startByte()), n.endByte()), from, indent);
            }
            return indent + n.text();
        }

        /** Deletes an if statement's lines, putting {@code kept} there, and tidies the blank lines around. */
        private void removeIf(SyntaxNode ifStmt, String kept) {
            if (!src.startsLine(ifStmt.startByte())) {
                if (!kept.isEmpty() || !src.restOfLine(ifStmt.endByte()).isEmpty()) {
                    throw new Unfixable();
                }
                int s = ifStmt.startByte();
                while (s > 0 && src.isBlank(s - 1, s) && !src.text(s - 1, s).equals("\r")) {
                    s--;
                }
                edits.add(new Replacement(s, ifStmt.endByte(), ""));
                return;
            }
            replaceLines(ifStmt, "", null, kept);
        }

        /**
         * Replaces the whole lines of {@code stmt} with {@code before + main + after}: {@code main}
         * is the statement that takes its place (no terminator; null when it simply goes),
         * {@code before}/{@code after} whole lines. A comment after the statement on its last line
         * stays: at the end of {@code main}, or on a line of its own.
         */
        private void replaceLines(SyntaxNode stmt, String before, String main, String after) {
            if (!src.startsLine(stmt.startByte())) {
                throw new Unfixable();
            }
            int start = src.lineStart(stmt.startByte());
            int end = src.nextLineStart(stmt.endByte());
            String rest = src.restOfLine(stmt.endByte()).strip();
            if (!rest.isEmpty() && !FixEdits.isWholeComment(rest)) {
                throw new Unfixable();
            }
            StringBuilder text = new StringBuilder(before);
            if (main != null) {
                text.append(main).append(rest.isEmpty() ? "" : " " + rest).append('\n');
            }
            text.append(after);
            if (main == null && !rest.isEmpty()) {
                text.append(src.indentAt(stmt.startByte())).append(rest).append('\n');
            }
            String replacement = text.toString();
            if (src.lineEnd(stmt.endByte()) == src.length() && replacement.endsWith("\n")) {
                replacement = replacement.substring(0, replacement.length() - 1); // the file had no final newline
            }
            if (replacement.isEmpty()) {
                // tidy the blank lines the statement leaves: no double blank, none before '}' or after '{'
                boolean prevBlank = start > 0 && src.isBlankLine(start - 1);
                boolean nextBlank = end < src.length() && src.isBlankLine(end);
                String next = end < src.length() ? src.line(end).strip() : "";
                String prev = start > 0 ? src.line(start - 1).strip() : "";
                if (prevBlank && (nextBlank || next.startsWith("}") || end >= src.length())) {
                    start = src.lineStart(start - 1);
                } else if (nextBlank && (prev.endsWith("{") || start == 0)) {
                    end = src.nextLineStart(end);
                }
            }
            edits.add(new Replacement(start, end, replacement));
        }

        // ---- line width ---------------------------------------------------------------------

        /** The call text, wrapped if the rewrite pushed its first line over the limit. */
        private String fitInPlace(SyntaxNode call, String callText, Helper helper) {
            int lineStart = src.lineStart(call.startByte());
            String prefix = src.text(lineStart, call.startByte());
            boolean single = callText.indexOf('\n') < 0;
            String suffix = single ? src.text(call.endByte(), src.lineEnd(call.endByte())) : "";
            int firstNl = callText.indexOf('\n');
            String firstLine = prefix + (firstNl < 0 ? callText : callText.substring(0, firstNl)) + suffix;
            int limit = Math.max(KernelLayout.MAX_WIDTH, src.maxWidth(call.startByte(), call.endByte()));
            String wrapped = KernelLayout.wrapArguments(firstLine, prefix.length() + helper.kv().name().length(), limit);
            if (wrapped.equals(firstLine)) {
                return callText;
            }
            String body = wrapped.substring(prefix.length(), wrapped.length() - suffix.length());
            return firstNl < 0 ? body : body + callText.substring(firstNl);
        }

        /** Whole lines of new text: wrap the line holding the new call if it grew over the limit. */
        private String fit(String text, Helper helper) {
            int limit = Math.max(KernelLayout.MAX_WIDTH, src.maxWidth(m.ifStatement().startByte(), m.ifStatement().endByte()));
            String[] lines = text.split("\n", -1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    out.append('\n');
                }
                String l = lines[i];
                int at = l.indexOf(helper.kv().name() + "(");
                out.append(at >= 0 ? KernelLayout.wrapArguments(l, at + helper.kv().name().length(), limit) : l);
            }
            return out.toString();
        }

        // ---- P1: every free of the memory ----------------------------------------------------

        private void convertFrees(Place place) {
            List<FreeSite> frees = index.freesOf(place);
            if (place instanceof Place.Local && place.equals(firstPlace)) {
                // a local reused for other allocations: the frees this pair's memory reaches, by the flow
                List<FreeSite> reached = new ArrayList<>(index.freesReaching(k.call().startByte()));
                reached.addAll(index.freesReaching(v.call().startByte()));
                reached.sort(Comparator.comparingInt(f -> f.call().call().startByte()));
                frees = reached;
            }
            for (FreeSite f : frees) {
                SyntaxNode call = f.call().call();
                if (!converted.add(call)) {
                    continue;
                }
                String fn = f.call().api().name();
                if (f.call().api().freesCorrectly(ApiFunction.Family.KV)) {
                    continue; // kvfree, kvfree_sensitive: already right for both backends
                }
                Optional<SyntaxNode> construct = selectingFree(f);
                if (construct.isPresent()) {
                    SyntaxNode c = construct.get();
                    c.walk(n -> {
                        if (n.is("call_expression")) {
                            converted.add(n);
                        }
                    });
                    replaceSelectingFree(c, f);
                    freesConverted++;
                    continue;
                }
                switch (fn) {
                    case "kfree", "vfree" -> {
                        if (fn.equals("kfree")) {
                            underLock(call).ifPresent(lock -> unsafe("kvfree() of vmalloc memory may sleep, but the free at line "
                                    + line(call) + " runs after " + lock + "()"));
                        }
                        SyntaxNode name = f.call().nameNode();
                        edits.add(new Replacement(name.startByte(), name.endByte(), "kvfree"));
                        freesConverted++;
                    }
                    case "kfree_sensitive", "kzfree" -> {
                        if (kernel.atLeast(V5_8)) {
                            unsafe(fn + "() at line " + line(call) + " became kvfree_sensitive(p, " + k.sizeText()
                                    + "): check that the size still holds there");
                            edits.add(new Replacement(call.startByte(), call.endByte(),
                                    "kvfree_sensitive(" + f.argument().text() + ", " + k.sizeText() + ")"));
                            freesConverted++;
                        } else {
                            displayOnly(fn + "() at line " + line(call) + " needs kvfree_sensitive(), which this tree ("
                                    + kernel + ") lacks");
                        }
                    }
                    default -> displayOnly(fn + "() at line " + line(call) + " has no kvmalloc-family counterpart");
                }
            }
        }

        /**
         * An {@code if/else} or {@code ?:} whose two branches free this pointer, chosen by
         * is_vmalloc_addr(), a flag or the size: after the rewrite only kvfree() is right (P1).
         */
        private Optional<SyntaxNode> selectingFree(FreeSite f) {
            SyntaxNode call = f.call().call();
            SyntaxNode cur = call;
            SyntaxNode p = cur.parentOrNull();
            while (p != null && p.is("parenthesized_expression")) {
                cur = p;
                p = p.parentOrNull();
            }
            if (p != null && p.is("conditional_expression")) {
                SyntaxNode cond = p.child("condition").orElse(null);
                SyntaxNode other;
                if (p.child("consequence").orElse(null) == cur) {
                    other = p.child("alternative").orElse(null);
                } else if (p.child("alternative").orElse(null) == cur) {
                    other = p.child("consequence").orElse(null);
                } else {
                    return Optional.empty();
                }
                if (cond != null && other != null && isFreeOfSame(other, f) && sideEffectFree(cond)
                        && p.parent().filter(s -> s.is("expression_statement")).isPresent()) {
                    return Optional.of(p);
                }
                return Optional.empty();
            }
            SyntaxNode stmt = p;
            if (stmt == null || !stmt.is("expression_statement")) {
                return Optional.empty();
            }
            SyntaxNode up = stmt.parentOrNull();
            SyntaxNode branch = stmt;
            if (up != null && up.is("compound_statement") && CSyntax.statements(up).size() == 1) {
                branch = up;
                up = up.parentOrNull();
            }
            if (up != null && up.is("else_clause")) {
                SyntaxNode ifs = up.parentOrNull();
                if (ifs != null && ifs.is("if_statement")) {
                    return ifs.child("consequence").filter(c -> freeBranch(c, f)).isPresent()
                            && sideEffectFree(ifs.child("condition").orElse(ifs)) ? Optional.of(ifs) : Optional.empty();
                }
                return Optional.empty();
            }
            if (up != null && up.is("if_statement") && up.child("consequence").orElse(null) == branch) {
                SyntaxNode alt = up.child("alternative").orElse(null);
                if (alt == null) {
                    return Optional.empty();
                }
                SyntaxNode altBody = alt.is("else_clause") ? alt.namedChildren().stream().filter(x -> !x.is("comment"))
                        .findFirst().orElse(null) : alt;
                return altBody != null && freeBranch(altBody, f) && sideEffectFree(up.child("condition").orElse(up))
                        ? Optional.of(up) : Optional.empty();
            }
            return Optional.empty();
        }

        /** A branch that is exactly one free of the same pointer. */
        private boolean freeBranch(SyntaxNode body, FreeSite f) {
            SyntaxNode s = body;
            if (s.is("compound_statement")) {
                List<SyntaxNode> st = CSyntax.statements(s);
                if (st.size() != 1) {
                    return false;
                }
                s = st.getFirst();
            }
            return s.is("expression_statement") && !s.namedChildren().isEmpty() && isFreeOfSame(s.namedChildren().getFirst(), f);
        }

        private boolean isFreeOfSame(SyntaxNode expr, FreeSite f) {
            SyntaxNode e = CSyntax.unwrap(expr);
            if (!e.is("call_expression")) {
                return false;
            }
            Optional<String> name = CSyntax.calleeName(e);
            List<SyntaxNode> args = CSyntax.arguments(e);
            return name.filter(n -> Set.of("kfree", "vfree", "kvfree").contains(n)).isPresent() && args.size() == 1
                    && CSyntax.canonical(CSyntax.unwrap(args.getFirst())).equals(CSyntax.canonical(CSyntax.unwrap(f.argument())));
        }

        /** No assignments, increments or calls other than is_vmalloc_addr()/likely()/unlikely(). */
        private static boolean sideEffectFree(SyntaxNode cond) {
            boolean[] ok = {true};
            cond.walk(n -> {
                if (n.is("assignment_expression") || n.is("update_expression")) {
                    ok[0] = false;
                } else if (n.is("call_expression")) {
                    String name = CSyntax.calleeName(n).orElse("");
                    if (!Set.of("is_vmalloc_addr", "likely", "unlikely").contains(name)) {
                        ok[0] = false;
                    }
                }
            });
            return ok[0];
        }

        private void replaceSelectingFree(SyntaxNode construct, FreeSite f) {
            String free = "kvfree(" + CSyntax.unwrap(f.argument()).text() + ")";
            if (construct.is("conditional_expression")) {
                edits.add(new Replacement(construct.startByte(), construct.endByte(), free));
                return;
            }
            StringBuilder text = new StringBuilder();
            String indent = src.indentAt(construct.startByte());
            for (SyntaxNode c : construct.descendants("comment")) {
                text.append(c.text()).append('\n').append(indent);
            }
            text.append(free).append(';');
            edits.add(new Replacement(construct.startByte(), construct.endByte(), text.toString()));
        }

        /** The lock taken before {@code at} in its function and not released before it, if any. */
        private Optional<String> underLock(SyntaxNode at) {
            List<String> held = new ArrayList<>();
            for (SyntaxNode n : index.lockCalls(at, LOCKS_AND_UNLOCKS)) {
                if (n.endByte() > at.startByte()) {
                    break;
                }
                String name = CSyntax.calleeName(n).orElse("");
                if (LOCKS.contains(name)) {
                    held.add(name);
                } else if (UNLOCKS.contains(name) && !held.isEmpty()) {
                    held.removeLast();
                }
            }
            return held.isEmpty() ? Optional.empty() : Optional.of(held.getLast());
        }

        // ---- P1/P2: where else the pointer goes ----------------------------------------------

        /**
         * Follows the memory in {@code place}: converts its frees, and checks every use. A copy
         * into another place, a parameter of a function of this file, or the return value of a
         * static function of this file is followed the same way (every free of every place the
         * memory reaches becomes kvfree(), which is right whatever else those places hold); any
         * other way out makes the fix UNSAFE.
         *
         * @param at a node in the place's scope (its function, for a local)
         */
        private void follow(Place place, SyntaxNode at, int depth) {
            if (!followed.add(placeKey(place))) {
                return;
            }
            if (depth > MAX_DEPTH) {
                escape(new Escape.Unfollowed(line(at), "the memory reaches '" + place.text() + "' through more than "
                        + MAX_DEPTH + " copies, calls or returns, which kvlint does not follow"));
                return;
            }
            SyntaxNode scope = place instanceof Place.Local ? topLevel(at) : facts.root();
            switch (place) {
                case Place.Local l -> checkLocal(l, scope);
                case Place.Field f -> checkField(f);
                case Place.Global g -> checkGlobal(g);
            }
            convertFrees(place);
            List<SyntaxNode> uses = index.uses(place);
            if (uses.size() > MAX_USES) {
                unsafe("'" + place.text() + "' is used " + uses.size() + " times, more than kvlint follows (" + MAX_USES + ")");
                return;
            }
            for (SyntaxNode use : uses) {
                classifyUse(use, place, depth);
            }
        }

        private static String placeKey(Place p) {
            return switch (p) {
                case Place.Local l -> "L" + l.functionStart() + ":" + l.text();
                case Place.Field f -> "F" + f.structType() + ":" + (f.structType().isEmpty() ? f.baseText() : "") + f.chain();
                case Place.Global g -> "G" + g.text();
            };
        }

        private void checkLocal(Place.Local l, SyntaxNode fn) {
            String name = l.text().endsWith("[]") ? l.text().substring(0, l.text().length() - 2) : l.text();
            if (l.text().endsWith("[]")) {
                if (isParameter(fn, name) || !declaredAsArray(fn, name)) {
                    escape(new Escape.Unfollowed(line(fn), "'" + l.text().replace("[]", "[...]") + "' is storage that '"
                            + name + "' points to: its owner may free it elsewhere"));
                }
            }
            hiddenBy(fn, Pattern.compile("\\b" + Pattern.quote(name) + "\\b"), "'" + name + "'");
        }

        private void checkField(Place.Field f) {
            String member = member(f.chain());
            int at = line(m.first().store());
            if (f.structType().isEmpty()) {
                escape(new Escape.Field("", member, "'" + f.chain() + "'", at, "the type of '" + f.baseText()
                        + "' is unknown, so frees of '" + f.chain() + "' elsewhere cannot be ruled out"));
            } else if (!definesStruct(f.structType()) || facts.file().displayPath().endsWith(".h")) {
                escape(new Escape.Field(f.structType(), member, "'" + f.chain() + "'", at, "struct " + f.structType()
                        + " is defined outside this file: other files may free '" + f.chain() + "'"));
            }
            // frees kvlint could not tie to this place: same member through an untyped base
            for (FreeSite other : index.freesOfMember(member)) {
                if (other.place().isEmpty() || other.call().api().freesCorrectly(ApiFunction.Family.KV)) {
                    continue;
                }
                if (other.place().get() instanceof Place.Field g && member(g.chain()).equals(member)
                        && !Place.same(g, f) && (g.structType().isEmpty() || f.structType().isEmpty())) {
                    unsafe(other.call().api().name() + "(" + g.text() + ") at line " + line(other.call().call())
                            + " may free the same memory");
                }
            }
            hiddenBy(facts.root(), Pattern.compile("(->|\\.)\\s*" + Pattern.quote(member) + "\\b"), "'" + f.chain() + "'");
        }

        private void checkGlobal(Place.Global g) {
            int at = line(m.first().store());
            if (g.text().startsWith("*")) {
                escape(new Escape.Unfollowed(at, "'" + g.text() + "' is storage reached through a pointer: its owner"
                        + " may free it elsewhere"));
                return;
            }
            String name = g.text().endsWith("[]") ? g.text().substring(0, g.text().length() - 2) : g.text();
            if (!declaredStatic(name)) {
                escape(new Escape.Global(name, at, "'" + name + "' is not a static of this file: other files may free it"));
            }
            hiddenBy(facts.root(), Pattern.compile("\\b" + Pattern.quote(name) + "\\b"), "'" + name + "'");
        }

        private static String member(String chain) {
            return FixIndex.member(chain);
        }

        /** Code the parser could not read (ERROR regions, unexpanded items) that mentions the pointer and a free. */
        private void hiddenBy(SyntaxNode scope, Pattern token, String what) {
            for (SyntaxNode o : index.opaque(scope)) {
                String t = o.text();
                if (token.matcher(t).find() && t.contains("free")) {
                    unsafe("code at line " + line(o) + " that kvlint could not analyse mentions " + what
                            + " and a free");
                    return;
                }
            }
        }

        private boolean definesStruct(String tag) {
            return index.definesStruct(tag);
        }

        private boolean declaredStatic(String name) {
            return index.declaredStatic(name);
        }

        private static boolean isParameter(SyntaxNode fn, String name) {
            boolean[] found = {false};
            fn.walk(n -> {
                if (n.is("parameter_declaration") && n.child("declarator").flatMap(CSyntax::declaredName)
                        .map(SyntaxNode::text).filter(name::equals).isPresent()) {
                    found[0] = true;
                }
            });
            return found[0];
        }

        private static boolean declaredAsArray(SyntaxNode fn, String name) {
            boolean[] found = {false};
            fn.walk(n -> {
                if (n.is("array_declarator") && CSyntax.declaredName(n).map(SyntaxNode::text).filter(name::equals).isPresent()
                        && n.ancestor("parameter_declaration").isEmpty()) {
                    found[0] = true;
                }
            });
            return found[0];
        }

        /** The place an lvalue denotes, with the same scopes PointerFacts uses (so identities agree). */
        private Optional<Place> placeOf(SyntaxNode lvalue) {
            return index.placeOf(lvalue);
        }

        private void classifyUse(SyntaxNode use, Place place, int depth) {
            backendSpecific(use);
            SyntaxNode value = use;
            // &p->member, &p[i]: a pointer into the memory, which can carry it away just the same
            SyntaxNode up = use.parentOrNull();
            SyntaxNode inner = use;
            while (up != null && (up.is("field_expression") || up.is("subscript_expression"))
                    && up.child("argument").orElse(null) == inner) {
                inner = up;
                up = up.parentOrNull();
            }
            if (inner != use && up != null && up.is("pointer_expression")
                    && up.child("operator").map(SyntaxNode::text).orElse("").equals("&")) {
                value = up;
            } else if (inner != use) {
                return; // p->member, p[i]: reads or writes the memory, does not pass it on
            }
            sink(value, "'" + shown(use) + "'", place, depth);
        }

        /**
         * Where a value that holds the memory goes: back into its own place, into another place
         * (followed), into a call (a free, a function that only reads it, a function of this file
         * whose parameter is followed), out of a static function (its callers are followed), or
         * somewhere kvlint cannot follow (UNSAFE).
         *
         * @param self the place the value came from (a store back into it is not a copy); may be null
         */
        private void sink(SyntaxNode value, String what, Place self, int depth) {
            SyntaxNode cur = value;
            SyntaxNode p = cur.parentOrNull();
            while (p != null) {
                if (p.is("parenthesized_expression") || p.is("cast_expression") && p.child("value").orElse(null) == cur
                        || p.is("conditional_expression") && p.child("condition").orElse(null) != cur
                        || p.is("comma_expression") && p.child("right").orElse(null) == cur) {
                    cur = p;
                    p = p.parentOrNull();
                } else {
                    break;
                }
            }
            if (p == null) {
                return;
            }
            String at = " at line " + line(value);
            if (p.is("return_statement")) {
                followReturn(p, what + " is returned" + at, depth);
            } else if (p.is("assignment_expression") && p.child("right").orElse(null) == cur) {
                SyntaxNode left = p.child("left").orElse(p);
                Optional<Place> target = placeOf(left);
                if (target.isEmpty()) {
                    escape(new Escape.Unfollowed(line(value), what + " is stored in '" + shown(left) + "'" + at
                            + ", which kvlint does not follow"));
                } else if (self == null || !Place.same(target.get(), self)) {
                    follow(target.get(), left, depth + 1);
                }
            } else if (p.is("init_declarator") && p.child("value").orElse(null) == cur) {
                Optional<SyntaxNode> id = CSyntax.declaredName(p);
                Optional<Place> target = id.flatMap(this::placeOf);
                if (target.isEmpty()) {
                    escape(new Escape.Unfollowed(line(value), what + " initialises a variable" + at
                            + " that kvlint does not follow"));
                } else {
                    follow(target.get(), id.get(), depth + 1);
                }
            } else if (p.is("initializer_list") || p.is("initializer_pair")) {
                escape(new Escape.Unfollowed(line(value), what + " is stored in an initializer" + at));
            } else if (p.is("pointer_expression") && p.child("operator").map(SyntaxNode::text).orElse("").equals("&")) {
                escape(new Escape.Unfollowed(line(value), "the address of " + what + " is taken" + at));
            } else if (p.is("argument_list")) {
                SyntaxNode call = p.parent().orElse(p);
                String fn = CSyntax.calleeName(call).orElse(call.child("function").map(SyntaxNode::text).orElse("?"));
                boolean isFree = api.lookup(fn).filter(ApiFunction::isFree).isPresent();
                if (isFree || ReadOnlyCalls.readOnly(fn, call) || KMALLOC_ONLY.contains(fn) || VMALLOC_ONLY.contains(fn)) {
                    return;
                }
                if (RCU_FREES.contains(fn)) {
                    if (!kernel.atLeast(V5_9)) {
                        unsafe(fn + "()" + at + " frees with kfree() before 5.9 (this tree is " + kernel + ")");
                    }
                    return;
                }
                int index = p.namedChildren().stream().filter(x -> !x.is("comment")).toList().indexOf(cur);
                Optional<SyntaxNode> param = parameterOf(fn, index);
                if (param.isPresent()) {
                    placeOf(param.get()).ifPresentOrElse(q -> follow(q, param.get(), depth + 1),
                            () -> escape(new Escape.Passed(fn, index, what, line(value), what + " is passed to " + fn + "()"
                                    + at + ", which kvlint does not follow")));
                } else {
                    escape(new Escape.Passed(fn, index, what, line(value), what + " is passed to " + fn + "()" + at
                            + ", which may keep or free it"));
                }
            }
        }

        /** The memory is returned: follow every caller of this static function in the file. */
        private void followReturn(SyntaxNode ret, String what, int depth) {
            Optional<SyntaxNode> fn = CSyntax.enclosingFunction(ret);
            Optional<String> name = fn.flatMap(CSyntax::functionName);
            int at = line(ret);
            if (fn.isEmpty() || name.isEmpty()) {
                escape(new Escape.Unfollowed(at, what + ", from code kvlint cannot attribute to a function"));
                return;
            }
            if (!isStatic(fn.get())) {
                escape(new Escape.Returned(name.get(), at, what + " by " + name.get() + "(), which is not static:"
                        + " callers in other files may free it with kfree() or vfree()"));
                return;
            }
            if (!followedReturns.add(name.get())) {
                return;
            }
            List<SyntaxNode> calls = new ArrayList<>();
            List<SyntaxNode> otherUses = new ArrayList<>();
            for (SyntaxNode n : index.identifiers(name.get())) {
                SyntaxNode parent = n.parent().orElse(n);
                if (parent.is("call_expression") && parent.child("function").orElse(null) == n) {
                    calls.add(parent);
                } else if (!parent.is("function_declarator")) {
                    otherUses.add(n);
                }
            }
            if (!otherUses.isEmpty()) {
                escape(new Escape.Returned(name.get(), at, what + " by " + name.get()
                        + "(), which is also used as a function pointer at line " + line(otherUses.getFirst())));
                return;
            }
            if (calls.isEmpty()) {
                escape(new Escape.Returned(name.get(), at, what + " by " + name.get()
                        + "(), and kvlint sees no caller of it in this file"));
                return;
            }
            for (SyntaxNode call : calls) {
                hiddenIn(call);
                sink(call, "the result of " + name.get() + "()", null, depth + 1);
            }
        }

        /** A call of a function of this file whose body kvlint may follow: its parameter {@code position}. */
        private Optional<SyntaxNode> parameterOf(String function, int position) {
            return index.function(function).flatMap(item -> CSyntax.parameterName(item, position));
        }

        private static boolean isStatic(SyntaxNode fn) {
            return fn.children().stream().anyMatch(c -> c.is("storage_class_specifier") && c.text().equals("static"));
        }

        /** A caller in a region with parse errors may hide where the result goes. */
        private void hiddenIn(SyntaxNode call) {
            if (call.ancestor("ERROR").isPresent()) {
                unsafe("a call at line " + line(call) + " sits in code kvlint could not parse");
            }
        }

        /** P2: a call that needs one backend, reached by the pointer (possibly with an offset). */
        private void backendSpecific(SyntaxNode use) {
            for (SyntaxNode a = use.parentOrNull(); a != null && !a.is("compound_statement"); a = a.parentOrNull()) {
                if (!a.is("call_expression")) {
                    continue;
                }
                String fn = CSyntax.calleeName(a).orElse("");
                if (KMALLOC_ONLY.contains(fn) && !fn.equals("kfree_sensitive") && !fn.equals("kzfree")) {
                    displayOnly(fn + "() at line " + line(a) + " needs kmalloc memory, and kvmalloc() may return vmalloc memory");
                } else if (VMALLOC_ONLY.contains(fn) && !guardedByIsVmalloc(a)) {
                    displayOnly(fn + "() at line " + line(a) + " needs vmalloc memory, and kvmalloc() may return kmalloc memory");
                }
            }
        }

        private static boolean guardedByIsVmalloc(SyntaxNode n) {
            for (SyntaxNode a = n.parentOrNull(); a != null; a = a.parentOrNull()) {
                if ((a.is("if_statement") || a.is("conditional_expression"))
                        && a.child("condition").map(c -> c.text().contains("is_vmalloc_addr")).orElse(false)) {
                    return true;
                }
            }
            return false;
        }

        private static SyntaxNode topLevel(SyntaxNode n) {
            return FixIndex.topLevel(n);
        }

        private void checkNoOverlap() {
            List<Replacement> sorted = edits.stream().sorted(Comparator.comparingInt(Replacement::start)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                    throw new Unfixable();
                }
            }
        }
    }
}
