package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.Memsets;
import org.kvlint.facts.Scope;
import org.kvlint.facts.Statements;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * Turning a kmalloc/vmalloc pair (open-coded fallback or size-threshold choice) into one
 * kvmalloc-family call on the target kernel: which helper, the call text, and how far the
 * rewrite can be trusted (allocator-semantics.md §4.1 P1, P2, P6, P7 and §4.2).
 */
final class KvConversion {
    private static final KernelVersion V4_12 = new KernelVersion(4, 12, 0);
    private static final KernelVersion V5_17 = new KernelVersion(5, 17, 0);
    private static final Pattern SIMPLE_MASK = Pattern.compile("[A-Za-z0-9_\\s|]+");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Calls that need one backend: vmalloc-only (pages of a vmalloc area, user mappings) or
     * kmalloc-only (direct-map address, DMA, slab size). Not allocators: named here.
     */
    private static final Set<String> BACKEND_SPECIFIC = Set.of("vmalloc_to_page", "vmalloc_to_pfn",
            "remap_vmalloc_range", "remap_vmalloc_range_partial", "find_vm_area", "virt_to_page", "virt_to_phys",
            "virt_to_pfn", "__pa", "dma_map_single", "dma_map_single_attrs", "sg_init_one", "sg_set_buf", "ksize");

    private static final Pattern KV_HELPER = Pattern.compile("\\bkv(malloc|zalloc|calloc|free)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHY_NOT = Pattern.compile("\\bnot\\b|n't\\b|\\bcannot\\b|\\binstead\\b|\\bavoid|\\bbecause\\b"
            + "|\\bunsuitable\\b|\\bwon't\\b", Pattern.CASE_INSENSITIVE);

    /** A page protection other than PAGE_KERNEL (executable or special mappings). */
    private static final Pattern SPECIAL_PROT = Pattern.compile("\\bPAGE_KERNEL_\\w+|\\bpgprot\\w*|_EXEC\\b");

    private KvConversion() {}

    /**
     * True when the vmalloc side must stay vmalloc: the table says so (user mappings, DMA32,
     * ranges), or it asks for a page protection kvmalloc cannot give (the pre-5.8
     * {@code __vmalloc(size, gfp, PAGE_KERNEL_EXEC)}; allocator-semantics.md §4.2 rows 15, 16).
     */
    static boolean deliberateVmalloc(CallSite v) {
        if (!v.api().kvFallback()) {
            return true;
        }
        return v.args().stream().anyMatch(a -> SPECIAL_PROT.matcher(a.text()).find());
    }

    /**
     * True when a comment in or just before {@code construct} names a kv helper and says why not
     * ("not", "can't", "instead", "because"...): the author considered kvmalloc and explains the
     * choice (kvlint reports only what it can convert without changing behaviour). A "TODO: use kvmalloc()" does not count.
     */
    static boolean explainedByComment(SyntaxNode construct) {
        List<SyntaxNode> comments = new ArrayList<>();
        construct.walk(n -> {
            if (n.is("comment")) {
                comments.add(n);
            }
        });
        for (Optional<SyntaxNode> p = construct.prevNamedSibling(); p.isPresent() && p.get().is("comment");
                p = p.get().prevNamedSibling()) {
            comments.add(p.get());
        }
        return comments.stream().map(SyntaxNode::text).anyMatch(t -> KV_HELPER.matcher(t).find() && WHY_NOT.matcher(t).find());
    }

    /**
     * The replacement on this tree.
     *
     * @param words how a message names it, e.g. "kvzalloc()" or "kvmalloc() once the tree has it (...)"
     * @param callText the full replacement call, e.g. "kvzalloc(size, GFP_KERNEL)"; null when there is
     *     none, or when planned from the plain facts (the fix stage writes it)
     * @param blocker why there is no rewrite; null when there is one
     * @param helper the kvmalloc-family function, or null without a rewrite
     * @param addZeroFlag the helper gets __GFP_ZERO added to the mask
     */
    record Plan(String words, String callText, String blocker, String helper, boolean addZeroFlag) {
        static Plan none(String words, String blocker) {
            return new Plan(words, null, blocker, null, false);
        }

        boolean rewritable() {
            return blocker == null;
        }
    }

    /**
     * Plans the kvmalloc-family call that replaces the pair {@code k} (kmalloc side) and
     * {@code v} (vmalloc side) from the plain facts: the words for a message and why there is no
     * rewrite, if there is none ({@link Plan#callText()} is null: the fix stage writes it).
     * {@code zero}: the result must be zeroed (P6).
     */
    static Plan plan(AllocatorApi api, KernelVersion kernel, FunctionFacts.AllocFact k, FunctionFacts.AllocFact v,
                     boolean zero) {
        ApiFunction kApi = api.get(k.api());
        String gfpArg = kApi.gfpArg() >= 0 && kApi.gfpArg() < k.args().size() ? k.args().get(kApi.gfpArg()) : null;
        boolean vSilent = v.mask().map(g -> g.has("__GFP_NOWARN")).orElse(false);
        return plan(api, kernel, kApi, k.zeroes(), k.mask(), k.size(), v.size(), gfpArg, vSilent, zero);
    }

    /**
     * The same plan from the syntax, with the replacement call's text ({@code k}'s arguments, its
     * mask cleaned, under the helper's name).
     */
    static Plan plan(AllocatorApi api, SourceText src, KernelVersion kernel, CallSite k, CallSite v, boolean zero) {
        Optional<SyntaxNode> gfpArg = k.arg(k.api().gfpArg());
        boolean vSilent = v.gfp().map(g -> g.has("__GFP_NOWARN")).orElse(false);
        Plan p = plan(api, kernel, k.api(), k.zeroes(), k.gfp(), k.sizeText(), sameSizeText(v, k),
                gfpArg.map(SyntaxNode::text).orElse(null), vSilent, zero);
        Optional<SyntaxNode> argList = k.call().child("arguments");
        if (!p.rewritable() || gfpArg.isEmpty() || argList.isEmpty()) {
            return p;
        }
        ApiFunction helper = api.get(p.helper());
        Optional<String> mask = cleanMask(gfpArg.get().text(), vSilent, p.addZeroFlag());
        SyntaxNode args = argList.get();
        String call = helper.name() + src.text(args.startByte(), gfpArg.get().startByte()) + mask.orElseThrow()
                + src.text(gfpArg.get().endByte(), args.endByte());
        return new Plan(p.words(), call, null, p.helper(), p.addZeroFlag());
    }

    /**
     * {@code v}'s size as {@code k} writes it when {@code v} names a local that holds exactly
     * that ({@code size_t size = n * sizeof(*p);} ... {@code vmalloc(size)} beside
     * {@code kmalloc_array(n, sizeof(*p), ...)}): the local's one initialiser, never written
     * again in the function. Else {@code v}'s own size.
     */
    static String sameSizeText(CallSite v, CallSite k) {
        String vSize = v.sizeText();
        String kSize = k.sizeText();
        Optional<SyntaxNode> fn = CSyntax.enclosingFunction(v.call());
        if (!vSize.matches("[A-Za-z_]\\w*") || fn.isEmpty()
                || Memsets.normalizeSize(vSize).equals(Memsets.normalizeSize(kSize))) {
            return vSize;
        }
        String init = null;
        int writes = 0;
        for (SyntaxNode d : fn.get().descendants("init_declarator")) {
            if (CSyntax.declaredName(d).map(SyntaxNode::text).filter(vSize::equals).isPresent()) {
                writes++;
                init = d.child("value").map(CSyntax::canonical).orElse(null);
            }
        }
        for (SyntaxNode a : fn.get().descendants("assignment_expression")) {
            if (a.child("left").map(CSyntax::canonical).filter(vSize::equals).isPresent()) {
                writes++;
            }
        }
        for (SyntaxNode u : fn.get().descendants("update_expression")) {
            if (u.child("argument").map(CSyntax::canonical).filter(vSize::equals).isPresent()) {
                writes++;
            }
        }
        for (SyntaxNode u : fn.get().descendants("pointer_expression")) {
            if (u.child("argument").map(CSyntax::canonical).filter(vSize::equals).isPresent()) {
                writes++; // &size: anything may write it
            }
        }
        return writes == 1 && init != null && Memsets.normalizeSize(init).equals(Memsets.normalizeSize(kSize))
                ? kSize : vSize;
    }

    private static Plan plan(AllocatorApi api, KernelVersion kernel, ApiFunction kApi, boolean kZeroes, Optional<Gfp> kGfp,
                             String kSizeText, String vSizeText, String gfpArgText, boolean vSilent, boolean zero) {
        if (!kernel.atLeast(V4_12)) {
            String why = "kvmalloc() needs 4.12 (this tree is " + kernel + ")";
            return Plan.none("kvmalloc() once the tree has it (4.12+; this tree is " + kernel + ")", why);
        }
        ApiFunction base = kApi.kvReplacement().flatMap(api::lookup).orElse(api.get("kvmalloc"));
        ApiFunction helper = base;
        boolean addZeroFlag = false;
        if (zero && !kZeroes) {
            helper = api.zeroingTwin(base).orElse(null);
        }
        String words;
        if (helper != null && kernel.atLeast(helper.since())) {
            words = helper.name() + "()" + (zero && kZeroes && helper.zero() == ApiFunction.Zeroing.GFP
                    ? " keeping __GFP_ZERO" : "");
        } else if (zero && !kZeroes && kernel.atLeast(base.since()) && base.gfpArg() >= 0) {
            String twin = api.zeroingTwin(base).map(t -> t.name() + "() needs " + t.since()).orElse("no zeroing twin");
            words = base.name() + "() with __GFP_ZERO (" + twin + ")";
            helper = base;
            addZeroFlag = true;
        } else {
            ApiFunction missing = helper != null ? helper : base;
            String why = missing.name() + "() needs " + missing.since() + " (this tree is " + kernel + ")";
            return Plan.none(why, why);
        }
        List<String> late = kGfp.map(Gfp::needs517).orElse(List.of());
        if (!late.isEmpty() && !kernel.atLeast(V5_17)) {
            String why = "kvmalloc() honours " + String.join("/", late) + " only from 5.17: on this tree (" + kernel
                    + ") wrap a GFP_KERNEL call in memalloc_nofs_save()/memalloc_noio_save()";
            return Plan.none(words + ", but " + why, why);
        }
        String kSize = Memsets.normalizeSize(kSizeText);
        String vSize = Memsets.normalizeSize(vSizeText);
        if (!kSize.equals(vSize)) {
            return Plan.none(words, "the two calls allocate different sizes (" + kSizeText + " and " + vSizeText + ")");
        }
        if (gfpArgText == null) {
            return Plan.none(words, "the first call has no GFP argument to carry over");
        }
        if (cleanMask(gfpArgText, vSilent, addZeroFlag).isEmpty()) {
            return Plan.none(words, "cannot drop __GFP_NORETRY/__GFP_NOWARN from '" + gfpArgText + "'");
        }
        return new Plan(words, null, null, helper.name(), addZeroFlag);
    }

    /**
     * The kmalloc side's mask for kvmalloc: without __GFP_NORETRY (never pass it to kvmalloc)
     * and without __GFP_NOWARN unless the vmalloc side was silent too (§4.2 rows 6, 7).
     */
    private static Optional<String> cleanMask(String text, boolean keepNowarn, boolean addZero) {
        Gfp g = Gfp.parse(text);
        boolean drop = g.names().contains("__GFP_NORETRY") || !keepNowarn && g.names().contains("__GFP_NOWARN");
        String out = text;
        if (drop) {
            if (!SIMPLE_MASK.matcher(text).matches()) {
                return Optional.empty();
            }
            List<String> parts = new ArrayList<>();
            for (String p : text.split("\\|")) {
                String t = p.strip();
                if (t.equals("__GFP_NORETRY") || !keepNowarn && t.equals("__GFP_NOWARN")) {
                    continue;
                }
                parts.add(t);
            }
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            out = String.join(" | ", parts);
        }
        if (addZero && !Gfp.parse(out).has("__GFP_ZERO")) {
            out = out + " | __GFP_ZERO";
        }
        return Optional.of(out);
    }

    /**
     * How far a rewrite can be trusted, and the edits it must make to the frees: an open-coded
     * kvfree() of the memory (KV003's choice, e.g. {@code if (size > PAGE_SIZE) vfree(p); else
     * kfree(p);}) becomes {@code kvfree(p)} in the same change.
     */
    record Safety(Fix.Applicability applicability, String reason, List<Fix.TextEdit> edits, List<Escape> escapes) {
        static final Safety SAFE = new Safety(Fix.Applicability.SAFE, "", List.of(), List.of());

        Safety {
            edits = List.copyOf(edits);
            escapes = List.copyOf(escapes);
        }

        static Safety unsafe(String reason) {
            return new Safety(Fix.Applicability.UNSAFE, reason, List.of(), List.of());
        }

        static Safety escapes(Escape e) {
            return new Safety(Fix.Applicability.SAFE, "", List.of(), List.of(e));
        }

        /** {@code base} plus these free edits. */
        List<Fix.TextEdit> with(Fix.TextEdit... base) {
            List<Fix.TextEdit> out = new java.util.ArrayList<>(List.of(base));
            out.addAll(edits);
            return out;
        }

        /**
         * The fix of a kmalloc/vmalloc pair becoming one kvmalloc-family call: the families that
         * can produce the memory stay the same, so an escape kvlint cannot check at all does not
         * by itself make it unsafe (see {@link Fix.Escapes#familiesKept}).
         */
        Fix fix(String description, List<Fix.TextEdit> allEdits) {
            return Fix.escaping(description, allEdits, applicability, reason, escapes, true);
        }
    }

    /**
     * P1: every free of the memory must be {@code kvfree()}-compatible once the backend is
     * chosen at run time. Looks at the frees of {@code place} in this file (in the function,
     * for a local); {@code place} null means the memory is returned to callers. Where the memory
     * leaves the file (returned, a field or global with no free in view) the answer is an
     * {@link Escape} for the fix stage to resolve tree-wide.
     */
    static Safety frees(FileFacts facts, String place, SyntaxNode at, FixIndex index) {
        int line = at.startRow() + 1;
        String function = CSyntax.enclosingFunction(at).flatMap(CSyntax::functionName).orElse("");
        if (place == null) {
            return Safety.escapes(function.isEmpty() ? new Escape.Unfollowed(line, "the memory is returned from code"
                    + " kvlint cannot attribute to a function")
                    : new Escape.Returned(function, line, "the memory is returned by " + function
                    + "(): every caller must free it with kvfree()"));
        }
        SyntaxNode fn = Statements.functionScope(at);
        boolean local = IDENT.matcher(place).matches() && index.scopeOf(at).declaresLocally(place);
        if (local && index.returnedBy(fn).contains(place)) {
            return Safety.escapes(function.isEmpty() ? new Escape.Unfollowed(line, "'" + place + "' is returned from"
                    + " code kvlint cannot attribute to a function")
                    : new Escape.Returned(function, line, "'" + place + "' is returned by " + function
                    + "(): every caller must free it with kvfree()"));
        }
        List<CallSite> frees = index.freesByArgument(place).stream()
                .filter(c -> !local || fn.contains(c.call()))
                .toList();
        List<Fix.TextEdit> edits = new java.util.ArrayList<>();
        for (CallSite f : frees) {
            if (!f.api().freesCorrectly(ApiFunction.Family.KV, facts.kernel())) {
                Optional<Fix> choice = choiceFix(facts, f);
                if (choice.isEmpty()) {
                    return Safety.unsafe("'" + place + "' is freed with " + f.api().name() + "() at line "
                            + (f.call().startRow() + 1) + ": every free must become kvfree()");
                }
                choice.get().edits().stream().filter(e -> !edits.contains(e)).forEach(edits::add);
            }
        }
        if (frees.isEmpty()) {
            String why = "no free of '" + place + "' in view: every free of it must be kvfree()";
            int arrow = Math.max(place.lastIndexOf("->") + 2, place.lastIndexOf('.') + 1);
            Escape e;
            if (arrow > 1 && IDENT.matcher(place.substring(arrow)).matches()) {
                e = new Escape.Field("", place.substring(arrow), "'" + place + "'", line, why);
            } else if (!local && IDENT.matcher(place).matches()) {
                e = new Escape.Global(place, line, why);
            } else {
                e = new Escape.Unfollowed(line, why);
            }
            return new Safety(Fix.Applicability.SAFE, "", edits, List.of(e));
        }
        return new Safety(Fix.Applicability.SAFE, "", edits, List.of());
    }

    /** The safe kvfree() rewrite of the open-coded kvfree() this free is an arm of, if any. */
    private static Optional<Fix> choiceFix(FileFacts facts, CallSite free) {
        int id = free.call().startByte();
        for (org.kvlint.facts.FreeChoice c : facts.pointers().choices()) {
            if (c.kfree() == id || c.vfree() == id) {
                return KvfreeChoiceFix.of(c, facts).filter(x -> x.applicability() == Fix.Applicability.SAFE);
            }
        }
        return Optional.empty();
    }

    /**
     * P2: a use of {@code place} in the function that needs one particular backend, outside a
     * branch on {@code is_vmalloc_addr()}; the call node, if any.
     */
    static Optional<SyntaxNode> backendSpecificUse(AllocatorApi api, SyntaxNode at, String place) {
        if (place == null) {
            return Optional.empty();
        }
        SyntaxNode fn = Statements.functionScope(at);
        List<SyntaxNode> hits = new ArrayList<>();
        fn.walk(n -> {
            if (!n.is("call_expression")) {
                return;
            }
            Optional<String> name = CSyntax.calleeName(n);
            if (name.isEmpty() || !BACKEND_SPECIFIC.contains(name.get())) {
                return;
            }
            boolean mentions = CSyntax.arguments(n).stream().anyMatch(a -> mentionsPlace(a, place));
            if (mentions && !underBackendTest(api, n)) {
                hits.add(n);
            }
        });
        return hits.stream().findFirst();
    }

    private static boolean mentionsPlace(SyntaxNode expr, String place) {
        boolean[] found = {false};
        expr.walk(n -> {
            if ((n.is("identifier") || n.is("field_expression") || n.is("subscript_expression"))
                    && CSyntax.canonical(n).equals(place)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Inside a branch on a backend query (is_vmalloc_addr() in the table)? */
    private static boolean underBackendTest(AllocatorApi api, SyntaxNode n) {
        for (SyntaxNode p = n.parentOrNull(); p != null; p = p.parentOrNull()) {
            if ((p.is("if_statement") || p.is("conditional_expression")) && p.child("condition")
                    .map(c -> callsQuery(api, c)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsQuery(AllocatorApi api, SyntaxNode expr) {
        boolean[] found = {false};
        expr.walk(n -> {
            if (n.is("call_expression")) {
                CSyntax.calleeName(n).flatMap(api::lookup).filter(f -> f.role() == ApiFunction.Role.QUERY)
                        .ifPresent(f -> found[0] = true);
            }
        });
        return found[0];
    }
}
