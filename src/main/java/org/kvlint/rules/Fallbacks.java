package org.kvlint.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.Cond;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts;
import org.kvlint.facts.FunctionFacts.AllocFact;
import org.kvlint.facts.FunctionFlow.Meeting;
import org.kvlint.facts.FunctionFlow.Reached;
import org.kvlint.facts.Gfp;
import org.kvlint.facts.Guard;
import org.kvlint.facts.Origin;

/**
 * The query KV001, KV002 and KV008 share, over the plain value flow only: where a kmalloc-family
 * allocation and a vmalloc-family allocation reach one place (a {@link Meeting}), how they relate.
 * <ul>
 *   <li>a <b>fallback</b>: the vmalloc side (or a page-allocator stage) ran on a path where the
 *   kmalloc side returned NULL, in any order of statements (early returns, gotos, chains);</li>
 *   <li>a <b>reversed</b> fallback: the kmalloc side ran where the vmalloc side returned NULL;</li>
 *   <li>a <b>choice</b>: the two ran on opposite sides of one runtime test: a comparison of the
 *   allocation size that sends the large sizes to vmalloc, a flag test, or a predicate call of
 *   any name.</li>
 * </ul>
 * Sides in different {@code #if} configurations never pair; a finding names the configuration
 * both sides share.
 */
final class Fallbacks {
    private Fallbacks() {}

    /**
     * A first try and the allocations that run when it failed.
     *
     * @param fn the function
     * @param first the first try (kmalloc family; vmalloc family when {@code reversed})
     * @param stages the allocations that run after it failed, in source order (vmalloc family and
     *     page allocator; kmalloc family when reversed)
     * @param place where they all end up, as written ("'p'" or "the returned memory")
     * @param configuration the {@code #if} sides both are on, in words ("" when none)
     * @param reversed vmalloc first, kmalloc after it failed
     * @param memsetAfter a memset zeroing the place after the pair, or null
     * @param stageConds per stage, the condition under which it reached the place
     */
    record Fallback(FunctionFacts fn, AllocFact first, List<AllocFact> stages, String place, String configuration,
                    boolean reversed, org.kvlint.facts.Loc memsetAfter, List<Cond> stageConds) {
        /** The vmalloc-family stages (the ones kvmalloc replaces). */
        List<AllocFact> vmallocStages() {
            return stages.stream().filter(s -> s.family() == Family.VMALLOC).toList();
        }

        /**
         * The stages by how many other stages failed before each: one list per step of the chain,
         * alternatives of one step together ({@code if (!p) { if (zero) p = vzalloc(n); else p = vmalloc(n); }}).
         */
        List<List<AllocFact>> steps() {
            java.util.TreeMap<Integer, List<AllocFact>> byDepth = new java.util.TreeMap<>();
            for (int i = 0; i < stages.size(); i++) {
                int depth = 0;
                for (AllocFact t : stages) {
                    if (t != stages.get(i) && stageConds.get(i).sawNull(t.id())) {
                        depth++;
                    }
                }
                byDepth.computeIfAbsent(depth, d -> new ArrayList<>()).add(stages.get(i));
            }
            return List.copyOf(byDepth.values());
        }
    }

    /**
     * A choice between a kmalloc-family and a vmalloc-family allocation by a runtime test.
     *
     * @param fn the function
     * @param test the test, as it holds where the vmalloc side runs
     * @param small the kmalloc-family side
     * @param large the vmalloc-family side
     * @param place where both end up, as written ("'p'" or "the returned memory")
     * @param placeText the place's canonical text, or null when the memory is returned
     * @param configuration the {@code #if} sides both are on, in words ("" when none)
     * @param sizeThreshold the test compares the allocation size (sizes above it get vmalloc)
     * @param thresholdAbovePage that threshold is provably above PAGE_SIZE
     * @param memsetAfter a memset zeroing the place after the choice, or null
     */
    record Choice(FunctionFacts fn, Guard test, AllocFact small, AllocFact large, String place, String placeText,
                  String configuration, boolean sizeThreshold, boolean thresholdAbovePage,
                  org.kvlint.facts.Loc memsetAfter) {}

    /** Every fallback and choice of a file, in source order. */
    record Found(List<Fallback> fallbacks, List<Choice> choices) {}

    private enum Relation { FALLBACK, REVERSED, CHOICE }

    /** What one pair of allocations was seen doing, strongest relation first. */
    private static final class Pair {
        final AllocFact k;
        final AllocFact v;
        Relation relation;
        Guard test;
        Cond ck;
        Cond cv;
        Meeting meeting;

        Pair(AllocFact k, AllocFact v) {
            this.k = k;
            this.v = v;
        }
    }

    static Found find(FileFacts facts) {
        List<Fallback> fallbacks = new ArrayList<>();
        List<Choice> choices = new ArrayList<>();
        for (FunctionFacts fn : facts.functions()) {
            if (fn.problem() != null || fn.meetings().isEmpty()) {
                continue;
            }
            find(fn, facts.comparingHelpers(), fallbacks, choices);
        }
        return new Found(fallbacks, choices);
    }

    private static void find(FunctionFacts fn, java.util.Set<String> helpers, List<Fallback> fallbacks,
                             List<Choice> choices) {
        // every ordered pair of a kmalloc-family and a vmalloc/page allocation that meet somewhere
        Map<Long, Pair> pairs = new LinkedHashMap<>();
        Map<Integer, List<Pair>> stagesOf = new LinkedHashMap<>();
        for (Meeting m : fn.meetings()) {
            List<AllocFact> allocs = new ArrayList<>();
            List<Cond> conds = new ArrayList<>();
            for (Reached r : m.reached()) {
                if (r.origin() instanceof Origin.Alloc a) {
                    Optional<AllocFact> f = fn.allocation(a.site());
                    if (f.isPresent() && !r.cond().infeasible()) {
                        allocs.add(f.get());
                        conds.add(r.cond());
                    }
                }
            }
            List<java.util.Set<Guard>> opposite = new ArrayList<>(java.util.Collections.nCopies(allocs.size(), null));
            for (int i = 0; i < allocs.size(); i++) {
                for (int j = 0; j < allocs.size(); j++) {
                    AllocFact x = allocs.get(i);
                    AllocFact y = allocs.get(j);
                    if (i == j || x.family() != Family.KMALLOC || y.family() == Family.KMALLOC
                            || y.family() == Family.KV || !isPlainAlloc(x) || !isPlainAlloc(y)) {
                        continue;
                    }
                    long key = ((long) x.id() << 32) | (y.id() & 0xffffffffL);
                    Pair seen = pairs.get(key);
                    if (seen != null && seen.relation == Relation.FALLBACK) {
                        continue; // nothing stronger to find in another meeting
                    }
                    Cond cx = conds.get(i);
                    Cond cy = conds.get(j);
                    if (otherConfiguration(cx, cy)) {
                        continue;
                    }
                    Relation rel = null;
                    Guard test = null;
                    if (cy.sawNull(x.id())) {
                        rel = Relation.FALLBACK;
                    } else if (cx.sawNull(y.id()) && y.family() == Family.VMALLOC) {
                        rel = Relation.REVERSED;
                    } else if (y.family() == Family.VMALLOC && (seen == null || seen.relation != Relation.CHOICE)) {
                        if (opposite.get(i) == null) {
                            opposite.set(i, negations(cx));
                        }
                        test = opposingTest(opposite.get(i), cy, x, y, helpers);
                        rel = test == null || thirdOutcome(m, x, y, test) ? null : Relation.CHOICE;
                    }
                    if (rel == null) {
                        continue;
                    }
                    Pair p = seen;
                    if (p == null) {
                        p = new Pair(x, y);
                        pairs.put(key, p);
                    }
                    if (p.relation == null || rel.ordinal() < p.relation.ordinal()) {
                        p.relation = rel;
                        p.test = test;
                        p.ck = cx;
                        p.cv = cy;
                        p.meeting = m;
                    }
                }
            }
        }
        // fallbacks: one per first try, with every stage that ran after it failed
        Map<Integer, List<Pair>> byFirst = new LinkedHashMap<>();
        Map<Integer, List<Pair>> byReversedFirst = new LinkedHashMap<>();
        Map<String, List<Pair>> byTest = new LinkedHashMap<>();
        for (Pair p : pairs.values()) {
            switch (p.relation) {
                case FALLBACK -> byFirst.computeIfAbsent(p.k.id(), x -> new ArrayList<>()).add(p);
                case REVERSED -> byReversedFirst.computeIfAbsent(p.v.id(), x -> new ArrayList<>()).add(p);
                case CHOICE -> byTest.computeIfAbsent(p.test.loc().startByte() + "|" + p.test.text(),
                        x -> new ArrayList<>()).add(p);
            }
        }
        stagesOf.clear();
        for (List<Pair> ps : byFirst.values()) {
            List<Pair> sorted = new ArrayList<>(ps);
            sorted.sort(java.util.Comparator.comparingInt(p -> p.v.id()));
            if (sorted.stream().noneMatch(p -> p.v.family() == Family.VMALLOC)) {
                continue; // kmalloc then pages only: no vmalloc to fold into kvmalloc
            }
            Pair best = sorted.stream().filter(p -> p.v.family() == Family.VMALLOC).findFirst().orElseThrow();
            fallbacks.add(new Fallback(fn, best.k, sorted.stream().map(p -> p.v).toList(), placeOf(best),
                    configuration(best.ck, best.cv), false, best.meeting.memsetAfter(),
                    sorted.stream().map(p -> p.cv).toList()));
        }
        for (List<Pair> ps : byReversedFirst.values()) {
            List<Pair> sorted = new ArrayList<>(ps);
            sorted.sort(java.util.Comparator.comparingInt(p -> p.k.id()));
            Pair best = sorted.getFirst();
            fallbacks.add(new Fallback(fn, best.v, sorted.stream().map(p -> p.k).toList(), placeOf(best),
                    configuration(best.ck, best.cv), true, best.meeting.memsetAfter(),
                    sorted.stream().map(p -> p.ck).toList()));
        }
        for (List<Pair> ps : byTest.values()) {
            Pair p = ps.getFirst();
            if (byFirst.containsKey(p.k.id()) && byFirst.get(p.k.id()).stream().anyMatch(q -> q.v == p.v)) {
                continue;
            }
            Guard.Comparison cmp = p.test.comparison();
            boolean size = p.test.kind() == Guard.Kind.COMPARISON;
            boolean above = size && (sizeOnLeft(cmp, p.k, p.v) ? cmp.aboveIfLeftIsSize() : cmp.aboveIfRightIsSize());
            String placeText = placeTextOf(p);
            choices.add(new Choice(fn, p.test, p.k, p.v, placeOf(p), placeText, configuration(p.ck, p.cv), size, above,
                    p.meeting.memsetAfter()));
        }
        fallbacks.sort(java.util.Comparator.comparingInt(f -> f.first().id()));
        choices.sort(java.util.Comparator.comparingInt(c -> c.test().loc().startByte()));
    }

    /**
     * The vmalloc-family sides of every fallback and choice of the file (by call start byte): KV009
     * leaves their memsets to KV001/KV002/KV008, which rewrite the whole pair.
     */
    static java.util.Set<Integer> pairedSides(FileFacts facts) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        Found found = find(facts);
        for (Fallback f : found.fallbacks()) {
            out.add(f.first().id());
            f.stages().forEach(s -> out.add(s.id()));
        }
        for (Choice c : found.choices()) {
            out.add(c.large().id());
        }
        return out;
    }

    /** An allocation (not a reallocation) whose memory kvmalloc could give. */
    private static boolean isPlainAlloc(AllocFact a) {
        return a.family() != Family.KV;
    }

    /**
     * Something else also reaches the place on one side of the test ({@code if (size > X) p =
     * vmalloc(); else if (size > 64) p = kmalloc();} leaves NULL for the rest; a third allocator
     * for some sizes): not a two-way choice kvmalloc could stand in for.
     */
    private static boolean thirdOutcome(Meeting m, AllocFact k, AllocFact v, Guard test) {
        Guard other = test.negate();
        for (Reached r : m.reached()) {
            int site = Origin.site(r.origin());
            if (site == k.id() || site == v.id()) {
                continue;
            }
            if (r.cond().contains(test) || r.cond().contains(other)) {
                return true;
            }
        }
        return false;
    }

    /** The two sides sit on opposite sides of some #if: never both in one configuration. */
    private static boolean otherConfiguration(Cond a, Cond b) {
        for (Guard x : a.guards()) {
            if (!isConfiguration(x)) {
                continue;
            }
            for (Guard y : b.guards()) {
                if (isConfiguration(y) && x.opposes(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An #if side, or a C test of the configuration ({@code IS_ENABLED(CONFIG_X)}). */
    static boolean isConfiguration(Guard g) {
        return g.kind() == Guard.Kind.PREPROCESSOR || g.kind() == Guard.Kind.PREDICATE
                && (g.text().startsWith("IS_ENABLED(") || g.text().startsWith("IS_BUILTIN(")
                || g.text().startsWith("IS_MODULE(") || g.text().startsWith("IS_REACHABLE("));
    }

    /** The #if sides both conditions are on, in words: "with CONFIG_X defined", "" for none. */
    private static String configuration(Cond a, Cond b) {
        List<String> sides = new ArrayList<>();
        for (Guard g : a.guards()) {
            if (isConfiguration(g) && b.contains(g)) {
                sides.add(g.configurationWords());
            }
        }
        return sides.isEmpty() ? "" : " (" + String.join(", ", sides) + ")";
    }


    /**
     * The runtime test the two sides are on opposite sides of, as it holds on the vmalloc side:
     * a size comparison that sends the large sizes to vmalloc, a flag test, or a predicate call.
     */
    /** The guards of {@code c}, each the other way. */
    private static java.util.Set<Guard> negations(Cond c) {
        List<Guard> guards = c.guards();
        java.util.Set<Guard> out = new java.util.HashSet<>(guards.size() * 2);
        for (Guard g : guards) {
            out.add(g.negate());
        }
        return out;
    }

    private static Guard opposingTest(java.util.Set<Guard> opposite, Cond cv, AllocFact k, AllocFact v,
                                      java.util.Set<String> helpers) {
        if (opposite.isEmpty()) {
            return null;
        }
        for (Guard gv : cv.guards()) {
            if (isConfiguration(gv)) {
                continue;
            }
            if (opposite.contains(gv)) {
                switch (gv.kind()) {
                    case FLAG, PREDICATE -> {
                        if (aboutTheSize(gv, k, v, helpers)) {
                            return gv;
                        }
                    }
                    case COMPARISON -> {
                        if (largeSizesGetVmalloc(gv, k, v)) {
                            return gv;
                        }
                    }
                    case OTHER -> {
                        if (sizeAndContext(gv, cv, k, v)) {
                            return gv;
                        }
                    }
                    default -> { }
                }
            }
        }
        return null;
    }

    /** A test of the caller's mask: may it sleep (the condition vmalloc needs)? */
    private static final java.util.regex.Pattern CONTEXT = java.util.regex.Pattern.compile(
            "GFP_KERNEL|__GFP_DIRECT_RECLAIM|__GFP_WAIT|gfpflags_allow_blocking");

    /**
     * {@code if (size > PAGE_SIZE && gfp == GFP_KERNEL) p = vmalloc(size); else p = kmalloc(size,
     * gfp);}: a conjunction of a size comparison under which the large sizes get vmalloc and
     * tests that the caller may sleep, which kvmalloc() checks itself (it never falls back for a
     * mask without direct reclaim). The parts are the guards inside the test on the vmalloc
     * side's path; any other part (a device property, a mode) keeps the choice deliberate.
     */
    private static boolean sizeAndContext(Guard whole, Cond cv, AllocFact k, AllocFact v) {
        if (whole.loc() == null || !whole.text().contains("&&")) {
            return false;
        }
        boolean size = false;
        int parts = 0;
        for (Guard g : cv.guards()) {
            if (g == whole || g.loc() == null || g.loc().startByte() < whole.loc().startByte()
                    || g.loc().endByte() > whole.loc().endByte() || g.text().equals(whole.text())) {
                continue;
            }
            if (!g.positive() && g.text().contains("&&")) {
                continue;
            }
            parts++;
            if (g.kind() == Guard.Kind.COMPARISON && largeSizesGetVmalloc(g, k, v)) {
                size = true;
            } else if (!CONTEXT.matcher(g.text()).find() || g.text().contains("&&")) {
                return false;
            }
        }
        return size && parts >= 2;
    }

    /** Words in a helper's or flag's name that say it picks the allocator or tests a size. */
    private static final java.util.regex.Pattern SIZE_WORDS = java.util.regex.Pattern.compile(
            "(?i)vmalloc|vzalloc|vmap|large|huge|big|size|order|thresh");

    /**
     * A flag test or predicate call that decides by the size (or says it picks vmalloc): it reads
     * a variable the size is computed from, its name says so ({@code uses_vmalloc(c)},
     * {@code FOO_LARGE}), or the file defines it as a comparison. A predicate about something
     * else ({@code has_vhe()}: memory the hypervisor maps must be kmalloc memory) is a
     * deliberate choice, not an open-coded kvmalloc.
     */
    private static boolean aboutTheSize(Guard g, AllocFact k, AllocFact v, java.util.Set<String> helpers) {
        if (mentionsSize(g.operands(), k, v)) {
            return true;
        }
        String name = g.kind() == Guard.Kind.PREDICATE && g.text().indexOf('(') > 0
                ? g.text().substring(0, g.text().indexOf('(')) : g.text();
        return SIZE_WORDS.matcher(name).find() || helpers.contains(name);
    }

    /** A comparison of the allocation size under which the vmalloc side runs for the large sizes. */
    private static boolean largeSizesGetVmalloc(Guard gv, AllocFact k, AllocFact v) {
        Guard.Comparison c = gv.comparison();
        if (c == null) {
            return false;
        }
        boolean l = mentionsSize(c.left(), k, v);
        boolean r = mentionsSize(c.right(), k, v);
        if (l == r) {
            return false;
        }
        boolean flipped = c.op().equals("<") || c.op().equals("<=");
        boolean writtenHolds = gv.positive() != flipped; // Guard normalises < and <= to the negated > and >=
        boolean greater = c.op().startsWith(">");
        boolean sizeIsLarge = l ? greater == writtenHolds : !greater == writtenHolds;
        return sizeIsLarge;
    }

    private static boolean sizeOnLeft(Guard.Comparison c, AllocFact k, AllocFact v) {
        return c != null && mentionsSize(c.left(), k, v);
    }

    private static boolean mentionsSize(java.util.Set<String> names, AllocFact k, AllocFact v) {
        for (String n : names) {
            if (k.sizeNames().contains(n) || v.sizeNames().contains(n)) {
                return true;
            }
        }
        return false;
    }

    private static String placeOf(Pair p) {
        String t = placeTextOf(p);
        return t == null ? "the returned memory" : "'" + t + "'";
    }

    /** The place both sides are stored in, or the meeting's place; null for memory that is returned. */
    private static String placeTextOf(Pair p) {
        if (p.k.place() != null && p.k.place().equals(p.v.place())) {
            return p.k.place();
        }
        if (p.meeting.place() != null) {
            return p.meeting.place().text();
        }
        return null;
    }

    /** The first try's mask, GFP_KERNEL when unknown. */
    static Gfp mask(AllocFact a) {
        return a.mask().orElse(Gfp.parse("GFP_KERNEL"));
    }

    static boolean dma(Gfp gfp) {
        return gfp.has("GFP_DMA") || gfp.has("GFP_DMA32") || gfp.has("__GFP_DMA") || gfp.has("__GFP_DMA32");
    }

    /** The vmalloc side must stay vmalloc: the table says so (user mappings, DMA32, ranges) or a special protection. */
    static boolean deliberateVmalloc(RuleContext ctx, AllocFact v) {
        ApiFunction api = ctx.api().get(v.api());
        return !api.kvFallback() || v.specialProtection();
    }

    /**
     * A call that needs one backend and mentions {@code place}, outside a branch on
     * {@code is_vmalloc_addr()}; empty for a returned value.
     */
    static Optional<FunctionFacts.BackendUse> pinned(FunctionFacts fn, String place) {
        if (place == null) {
            return Optional.empty();
        }
        for (FunctionFacts.BackendUse u : fn.backendUses()) {
            if (!u.underVmallocTest() && u.mentions().contains(place)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
