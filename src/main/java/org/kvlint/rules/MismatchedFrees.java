package org.kvlint.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FreeFact;
import org.kvlint.facts.FunctionFacts;
import org.kvlint.facts.FunctionFacts.CallFact;
import org.kvlint.facts.Guard;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.MemorySource;
import org.kvlint.facts.Place;
import org.kvlint.facts.PointerFacts;
import org.kvlint.facts.Reach;
import org.kvlint.facts.Reaching;
import org.kvlint.facts.WrapperSummaries;

/**
 * What KV004 and KV005 share, as a query over the plain facts: a release (a table free,
 * {@code krealloc()}, or a call of a helper whose summary says it frees an argument) whose
 * families cannot take every family that may reach its argument ({@link Reaching}: through
 * fields, callers, wrappers and out-parameters), minus the releases the code picks on purpose
 * (an open-coded kvfree(), {@code is_vmalloc_addr()}, a rival free of another kind) and
 * unrelated objects sharing a place.
 */
final class MismatchedFrees {
    static final KernelVersion KVFREE_SINCE = new KernelVersion(3, 15, 0);

    private MismatchedFrees() {}

    /**
     * One release of a pointer.
     *
     * @param fn the function it is in
     * @param call what its arguments may hold
     * @param free its texts, places and surroundings
     * @param arg which argument is released
     * @param api the table row when the callee is a table function, else null
     * @param wrapper the helper's summary when the callee is a helper, else null
     * @param correct the families this release frees correctly on the target kernel
     * @param reach what may reach the argument
     */
    record Release(FunctionFacts fn, CallFact call, FreeFact free, int arg, ApiFunction api,
                   WrapperSummaries.Frees wrapper, Set<Family> correct, Reach reach) {
        FreeFact.Arg argument() {
            return free.args().get(arg);
        }

        /** The pointer as written, casts and parentheses removed: "priv->buf". */
        String pointer() {
            return argument().canonical();
        }
    }

    /** A release and the memory reaching it that it cannot release. */
    record Mismatch(Release release, List<MemorySource> bad) {}

    /**
     * The releases that free only {@code freed} memory (kfree-like: KMALLOC; vfree-like: VMALLOC)
     * while memory of the {@code wrong} family may reach them: KV004 and KV005 are this one
     * search with the two families swapped.
     */
    static List<Mismatch> mismatches(FileFacts facts, RuleContext ctx, Family freed, Family wrong) {
        WrapperSummaries.View view = ctx.summariesFor(facts);
        List<Mismatch> out = new ArrayList<>();
        for (Release r : releases(facts, ctx, view, c -> c.contains(freed) && !c.contains(wrong))) {
            List<MemorySource> bad = wrong == Family.VMALLOC ? r.reach().mayBeVmalloc() : r.reach().mayBeKmalloc();
            if (bad.isEmpty() || chosen(facts, ctx, view, r, wrong == Family.KMALLOC)
                    || freedThroughItsFirstHolder(ctx, facts.kernel(), r, bad) || unrelatedObjects(facts, ctx, r, bad, wrong)) {
                continue;
            }
            out.add(new Mismatch(r, bad));
        }
        return out;
    }

    /** Every release whose correct families satisfy {@code kind} (e.g. "frees kmalloc but not vmalloc"). */
    static List<Release> releases(FileFacts facts, RuleContext ctx, WrapperSummaries.View view,
                                  Predicate<Set<Family>> kind) {
        PointerFacts pf = facts.pointers();
        List<FunctionFacts> functions = facts.functions();
        Reaching.Exits exits = new Reaching.Exits(functions);
        List<Release> out = new ArrayList<>();
        for (FunctionFacts fn : functions) {
            for (CallFact c : fn.calls()) {
                FreeFact free = pf.release(c.id()).orElse(null);
                if (free == null) {
                    continue;
                }
                if (free.table()) {
                    ApiFunction api = ctx.api().lookup(c.callee()).orElse(null);
                    Set<Family> correct = api == null ? null : api.isFree() ? correctFamilies(api, facts.kernel())
                            : api.role() == ApiFunction.Role.REALLOC && api.family() == Family.KMALLOC
                            ? EnumSet.of(Family.KMALLOC) : null;
                    if (correct != null && !free.args().isEmpty() && kind.test(correct)) {
                        out.add(new Release(fn, c, free, 0, api, null, correct, Reaching.of(exits, functions, fn, c, 0, view)));
                    }
                    continue;
                }
                for (int i = 0; i < free.args().size(); i++) {
                    Optional<WrapperSummaries.Frees> w = view.frees(c.callee(), i);
                    if (w.isEmpty()) {
                        continue;
                    }
                    Set<Family> correct = EnumSet.noneOf(Family.class);
                    for (Family f : Family.values()) {
                        if (w.get().kind().freesCorrectly(f)) {
                            correct.add(f);
                        }
                    }
                    if (kind.test(correct)) {
                        out.add(new Release(fn, c, free, i, null, w.get(), correct, Reaching.of(exits, functions, fn, c, i, view)));
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(r -> r.free().id()));
        return out;
    }

    /**
     * True when the code picks this release on purpose: it is one of the two frees of an
     * open-coded kvfree() (KV003's), it sits under {@code is_vmalloc_addr(p)} on the side where it
     * is right, or a rival call (the other arm, an earlier early exit) releases the same pointer
     * with another kind, or the other arm of its if/else calls a release-named helper.
     *
     * @param vmallocSide the is_vmalloc_addr() outcome under which this release is right
     */
    static boolean chosen(FileFacts facts, RuleContext ctx, WrapperSummaries.View view, Release r,
                          boolean vmallocSide) {
        String ptr = r.pointer();
        if (facts.pointers().isChoiceArm(r.free().id())) {
            return true;
        }
        for (Guard g : r.reach().guards()) {
            if (g.testsVmalloc(ptr, vmallocSide)) {
                return true;
            }
        }
        for (FreeFact.Rival rival : r.free().rivals()) {
            Optional<ApiFunction> t = ctx.api().lookup(rival.callee());
            if (t.isPresent()) {
                if (t.get().isFree() && !rival.args().isEmpty() && rival.args().getFirst().equals(ptr)
                        && !correctFamilies(t.get(), facts.kernel()).equals(r.correct())) {
                    return true;
                }
                continue;
            }
            for (int i = 0; i < rival.args().size(); i++) {
                Optional<WrapperSummaries.Frees> w = view.frees(rival.callee(), i);
                if (w.isPresent() && rival.args().get(i).equals(ptr)
                        && (r.wrapper() == null || w.get().kind() != r.wrapper().kind())) {
                    return true;
                }
            }
            // if (obj->flags & FOO_IMPORTED) kfree(obj->pages); else foo_put_pages(obj);
            if (rival.twoArmed() && RELEASE.matcher(rival.callee()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code if (vvalue) vfree(vvalue); else kfree(kvalue);} after {@code kvalue = vvalue =
     * vmalloc(n)}: the wrong memory was stored first in another place, this free runs only when
     * that place is NULL, and the other arm frees that place with a free that takes the memory.
     * The code hands each object to the right free through the pointer that says which it is
     * (old fs/xattr.c getxattr()).
     */
    static boolean freedThroughItsFirstHolder(RuleContext ctx, KernelVersion kernel, Release r, List<MemorySource> bad) {
        String holder = bad.getFirst().storedIn();
        if (holder == null || holder.equals(r.argument().canonical())
                || bad.stream().anyMatch(m -> !holder.equals(m.storedIn()))) {
            return false;
        }
        boolean onlyWhenNull = r.reach().guards().stream()
                .anyMatch(g -> g.kind() == Guard.Kind.VALUE && !g.positive() && g.text().equals(holder));
        if (!onlyWhenNull) {
            return false;
        }
        Set<Family> families = EnumSet.noneOf(Family.class);
        bad.forEach(m -> families.addAll(m.families()));
        for (FreeFact.Rival rival : r.free().rivals()) {
            Optional<ApiFunction> t = ctx.api().lookup(rival.callee());
            if (rival.twoArmed() && t.isPresent() && t.get().isFree() && !rival.args().isEmpty()
                    && rival.args().getFirst().equals(holder) && correctFamilies(t.get(), kernel).containsAll(families)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile(
            "(^|_)(free|put|release|destroy|detach|unmap|unpin|drop)(_|$)");

    /**
     * A struct field or file-scope variable that holds different objects in different
     * functions: every wrong source was stored in other functions than every right one, and the
     * file also frees the same place with the free the wrong memory needs ({@code vfree()} for
     * KV004). The code keeps the two kinds apart in a way kvlint cannot see (an object type, a
     * flag set elsewhere), so the pair is not reported.
     *
     * @param badFamily VMALLOC for KV004, KMALLOC for KV005
     */
    static boolean unrelatedObjects(FileFacts facts, RuleContext ctx, Release r, List<MemorySource> bad,
                                    Family badFamily) {
        if (bad.stream().anyMatch(s -> !s.crossFunction())) {
            return false;
        }
        List<MemorySource> good = r.reach().sources().stream().filter(s -> !bad.contains(s)).toList();
        if (good.isEmpty()) {
            return false;
        }
        Set<String> badFns = new HashSet<>();
        bad.forEach(s -> badFns.add(s.function()));
        if (good.stream().anyMatch(s -> badFns.contains(s.function()))) {
            return false;
        }
        Place place = r.argument().place();
        if (place == null) {
            return false;
        }
        Family goodFamily = badFamily == Family.VMALLOC ? Family.KMALLOC : Family.VMALLOC;
        for (FreeFact f : facts.pointers().releases()) {
            Optional<ApiFunction> api = f.table() ? ctx.api().lookup(f.callee()) : Optional.empty();
            if (api.isEmpty() || !api.get().isFree() || f.id() == r.free().id() || f.args().isEmpty()
                    || f.args().getFirst().place() == null) {
                continue;
            }
            Set<Family> c = correctFamilies(api.get(), facts.kernel());
            if (c.contains(badFamily) && !c.contains(goodFamily) && Place.same(f.args().getFirst().place(), place)) {
                return true;
            }
        }
        return false;
    }

    /** The families a table free releases correctly on a kernel. */
    static Set<Family> correctFamilies(ApiFunction free, KernelVersion kernel) {
        return PointerFacts.correctFamilies(free, kernel);
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
            if (s.storedIn() != null) {
                what += " of '" + s.storedIn() + "'";
            } else if (!pointer.isEmpty()) {
                what += " reaching '" + pointer + "'";
            }
            out.add(new Finding.Related(Span.of(s.loc()), what));
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
    static Optional<String> sleepProblem(Release r, String replacement) {
        String atomic = r.free().atomic();
        return atomic.isEmpty() ? Optional.empty() : Optional.of(replacement + " may sleep and this free runs " + atomic
                + "; free after the section or use kvfree_rcu()");
    }

    /** One edit: the callee's name replaced. */
    static Fix rename(Release r, String newName, Fix.Applicability a, String reason, String description) {
        org.kvlint.facts.Loc name = r.free().nameLoc();
        return new Fix(description, List.of(new Fix.TextEdit(name.startByte(), name.endByte(), newName)), a, reason);
    }
}
