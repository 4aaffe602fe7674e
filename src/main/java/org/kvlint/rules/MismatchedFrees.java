package org.kvlint.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.AtomicSections;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFlow;
import org.kvlint.facts.Guard;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.MemorySource;
import org.kvlint.facts.PointerFacts;
import org.kvlint.facts.Reach;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * What KV004 and KV005 share: every call that releases (or reallocates) a pointer — a table free,
 * {@code krealloc()}, or a helper whose summary says it frees its argument — with the memory that
 * may reach it, minus the frees that something in the code chooses ({@code is_vmalloc_addr()},
 * a flag, a size) between two kinds.
 */
final class MismatchedFrees {
    static final KernelVersion KVFREE_SINCE = new KernelVersion(3, 15, 0);

    private MismatchedFrees() {}

    /**
     * One release of a pointer.
     *
     * @param call the call_expression
     * @param arg which argument is released
     * @param table the table row when the callee is a table function, else null
     * @param wrapper the helper's summary when the callee is a helper, else null
     * @param correct the families this release frees correctly on the target kernel
     * @param reach what may reach the argument
     */
    record Release(SyntaxNode call, int arg, CallSite table, WrapperSummaries.Frees wrapper, Set<Family> correct,
                   Reach reach) {
        SyntaxNode argument() {
            return CSyntax.arguments(call).get(arg);
        }

        /** The pointer as written, casts and parentheses removed: "priv->buf". */
        String pointer() {
            return CSyntax.canonical(CSyntax.unwrap(argument()));
        }

        String calleeName() {
            return table != null ? table.api().name() : wrapper.function();
        }

        SyntaxNode nameNode() {
            return call.child("function").orElse(call);
        }
    }

    /** A free and the memory reaching it that it cannot release. */
    record Mismatch(Release release, List<MemorySource> bad) {}

    /**
     * The frees that release only {@code freed} memory (kfree-like: KMALLOC; vfree-like: VMALLOC)
     * while memory of the {@code wrong} family may reach them: KV004 and KV005 are this one
     * search with the two families swapped. Deliberate backend choices and unrelated objects
     * sharing a place are left out.
     */
    static List<Mismatch> mismatches(FileFacts facts, RuleContext ctx, Family freed, Family wrong) {
        WrapperSummaries.View view = ctx.summariesFor(facts);
        List<Mismatch> out = new ArrayList<>();
        for (Release r : releases(facts, view, c -> c.contains(freed) && !c.contains(wrong))) {
            List<MemorySource> bad = wrong == Family.VMALLOC ? r.reach().mayBeVmalloc() : r.reach().mayBeKmalloc();
            if (bad.isEmpty() || chosen(facts, view, r, wrong == Family.KMALLOC)
                    || unrelatedObjects(facts, r, bad, wrong)) {
                continue;
            }
            out.add(new Mismatch(r, bad));
        }
        return out;
    }

    /** Every release whose correct families satisfy {@code kind} (e.g. "frees kmalloc but not vmalloc"). */
    static List<Release> releases(FileFacts facts, WrapperSummaries.View view, Predicate<Set<Family>> kind) {
        PointerFacts pf = facts.pointers();
        KernelVersion kernel = facts.kernel();
        List<Release> out = new ArrayList<>();
        for (FunctionFlow flow : pf.flows()) {
            for (FunctionFlow.Use u : flow.uses().values()) {
                List<SyntaxNode> args = CSyntax.arguments(u.call());
                if (u.table() != null) {
                    ApiFunction api = u.table().api();
                    Set<Family> correct;
                    if (api.isFree()) {
                        correct = PointerFacts.correctFamilies(api, kernel);
                    } else if (api.role() == ApiFunction.Role.REALLOC && api.family() == Family.KMALLOC) {
                        correct = EnumSet.of(Family.KMALLOC);
                    } else {
                        continue;
                    }
                    if (args.isEmpty() || !kind.test(correct)) {
                        continue;
                    }
                    pf.reaching(u.call(), 0, view).ifPresent(r -> out.add(new Release(u.call(), 0, u.table(), null, correct, r)));
                } else {
                    for (int i = 0; i < args.size(); i++) {
                        Optional<WrapperSummaries.Frees> w = view.frees(u.callee(), i);
                        if (w.isEmpty()) {
                            continue;
                        }
                        Set<Family> correct = EnumSet.noneOf(Family.class);
                        for (Family f : Family.values()) {
                            if (w.get().kind().freesCorrectly(f)) {
                                correct.add(f);
                            }
                        }
                        if (!kind.test(correct)) {
                            continue;
                        }
                        int arg = i;
                        pf.reaching(u.call(), i, view).ifPresent(r -> out.add(new Release(u.call(), arg, null, w.get(), correct, r)));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(r -> r.call().startByte()));
        return out;
    }

    /**
     * True when the code picks this release on purpose: it sits under {@code is_vmalloc_addr(p)}
     * on the side where it is right, or it is one arm of a choice between frees of the same
     * pointer with different kinds.
     *
     * @param vmallocSide the is_vmalloc_addr() outcome under which this release is right
     */
    static boolean chosen(FileFacts facts, WrapperSummaries.View view, Release r, boolean vmallocSide) {
        String ptr = r.pointer();
        if (facts.pointers().isChoiceArm(r.call())) {
            return true; // one of an open-coded kvfree()'s two frees: KV003's
        }
        for (Guard g : r.reach().guards()) {
            if (g.testsVmalloc(ptr, vmallocSide)) {
                return true;
            }
        }
        return facts.pointers().isChosenFree(r.call(), c -> {
            if (c == r.call()) {
                return false;
            }
            List<SyntaxNode> args = CSyntax.arguments(c);
            Optional<String> name = CSyntax.calleeName(c);
            if (name.isEmpty()) {
                return false;
            }
            Optional<CallSite> t = facts.pointers().tableCall(c);
            if (t.isPresent()) {
                if (!t.get().api().isFree() || args.isEmpty()) {
                    return false;
                }
                return CSyntax.canonical(CSyntax.unwrap(args.getFirst())).equals(ptr)
                        && !PointerFacts.correctFamilies(t.get().api(), facts.kernel()).equals(r.correct());
            }
            for (int i = 0; i < args.size(); i++) {
                Optional<WrapperSummaries.Frees> w = view.frees(name.get(), i);
                if (w.isPresent() && CSyntax.canonical(CSyntax.unwrap(args.get(i))).equals(ptr)
                        && (r.wrapper() == null || w.get().kind() != r.wrapper().kind())) {
                    return true;
                }
            }
            return false;
        }) || facts.pointers().isChosenFree(r.call(), c -> isOtherArmRelease(facts, r, c));
    }

    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile(
            "(^|_)(free|put|release|destroy|detach|unmap|unpin|drop)(_|$)");

    /**
     * {@code if (obj->flags & FOO_IMPORTED) kfree(obj->pages); else foo_put_pages(obj);}: the other
     * arm of the same if/else releases differently (a release-named helper, any argument); the
     * condition knows which memory this is.
     */
    private static boolean isOtherArmRelease(FileFacts facts, Release r, SyntaxNode c) {
        if (c == r.call() || facts.pointers().tableCall(c).isPresent()) {
            return false;
        }
        Optional<String> name = CSyntax.calleeName(c);
        if (name.isEmpty() || !RELEASE.matcher(name.get()).find()) {
            return false;
        }
        // only a true two-armed choice, not an earlier early-exit
        for (SyntaxNode p = r.call().parent().orElse(null); p != null; p = p.parent().orElse(null)) {
            if ((p.is("if_statement") && p.child("alternative").isPresent() || p.is("conditional_expression"))
                    && p.contains(c) && !p.child("condition").map(x -> x.contains(c)).orElse(false)) {
                return true;
            }
            if (p.is("function_definition")) {
                break;
            }
        }
        return false;
    }

    /**
     * A struct field or file-scope variable that holds different objects in different
     * functions: every wrong source was stored in other functions than every right one, and the
     * file also frees the same place with the free the wrong memory needs ({@code vfree()} for
     * KV004). The code keeps the two kinds apart in a way kvlint cannot see (an object type, a
     * flag set elsewhere), so the pair is not reported.
     *
     * @param badFamily VMALLOC for KV004, KMALLOC for KV005
     */
    static boolean unrelatedObjects(FileFacts facts, Release r, List<MemorySource> bad, Family badFamily) {
        if (bad.stream().anyMatch(s -> !s.crossFunction())) {
            return false;
        }
        List<MemorySource> good = r.reach().sources().stream().filter(s -> !bad.contains(s)).toList();
        if (good.isEmpty()) {
            return false;
        }
        Set<String> badFns = new java.util.HashSet<>();
        bad.forEach(s -> badFns.add(s.function()));
        if (good.stream().anyMatch(s -> badFns.contains(s.function()))) {
            return false;
        }
        Optional<org.kvlint.facts.Place> place = facts.pointers().placeOf(r.argument());
        if (place.isEmpty()) {
            return false;
        }
        Family goodFamily = badFamily == Family.VMALLOC ? Family.KMALLOC : Family.VMALLOC;
        for (org.kvlint.facts.FreeSite f : facts.pointers().frees()) {
            Set<Family> c = PointerFacts.correctFamilies(f.call().api(), facts.kernel());
            if (f.call().call() != r.call() && c.contains(badFamily) && !c.contains(goodFamily)
                    && f.place().filter(p -> org.kvlint.facts.Place.same(p, place.get())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** A file of the kernel's memory management ({@code mm/}, {@code arch/x/mm/}): where kvfree() is written. */
    static boolean inMm(FileFacts facts) {
        for (java.nio.file.Path part : facts.file().path().toAbsolutePath().normalize()) {
            if (part.toString().equals("mm")) {
                return true;
            }
        }
        return false;
    }

    /** "vmalloc() at line 120", "vmalloc() at line 120 in foo_probe()", "foo_alloc() at line 12". */
    static String describe(MemorySource s) {
        String where = s.callee() + "() at line " + s.line();
        if (s.crossFunction() && !s.function().isEmpty()) {
            where += " in " + s.function() + "()";
        }
        return where;
    }

    /** Related locations: each source that makes the release wrong. */
    static List<Finding.Related> related(List<MemorySource> bad, String pointer) {
        List<Finding.Related> out = new ArrayList<>();
        for (MemorySource s : bad) {
            String what = s.wrapper() != null
                    ? s.callee() + "() " + s.wrapperVerb(families(s))
                    : s.callee() + "() allocation";
            if (s.allocSite() != null) {
                what += " of '" + s.allocSite().place().text() + "'";
            } else if (!pointer.isEmpty()) {
                what += " reaching '" + pointer + "'";
            }
            out.add(new Finding.Related(Span.of(s.site()), what));
        }
        return out;
    }

    /** "vmalloc", "kmalloc or vmalloc", "kvmalloc". */
    static String families(MemorySource s) {
        if (s.families().contains(Family.KV) || s.families().containsAll(EnumSet.of(Family.KMALLOC, Family.VMALLOC))) {
            return "kmalloc or vmalloc";
        }
        return s.families().contains(Family.VMALLOC) ? "vmalloc" : "kmalloc";
    }

    /**
     * Why a replacement free may not be safe at this call: it may sleep where the original did
     * not need to ({@code vfree()} calls might_sleep() in process context).
     */
    static Optional<String> sleepProblem(SyntaxNode call, String replacement) {
        return AtomicSections.openAt(call).map(sec -> replacement + " may sleep and this free runs "
                + sec.kind().words() + " (" + sec.text() + "); free after the section or use kvfree_rcu()");
    }

    /** One edit: the callee's name replaced. */
    static Fix rename(Release r, String newName, Fix.Applicability a, String reason, String description) {
        SyntaxNode name = r.nameNode();
        return new Fix(description, List.of(new Fix.TextEdit(name.startByte(), name.endByte(), newName)), a, reason);
    }
}
