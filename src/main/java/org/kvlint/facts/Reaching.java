package org.kvlint.facts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.FunctionFacts.CallFact;
import org.kvlint.facts.FunctionFacts.PlaceValue;
import org.kvlint.facts.FunctionFlow.Reached;

/**
 * Which allocations may reach an argument of a call, as a query over the plain facts of a
 * file: the argument's origins from the value flow, a field's or file-scope variable's value at
 * entry expanded to everything any function of the file leaves there ({@link Place#same}), calls
 * of other functions resolved through the tree-wide summaries (what they return, what they
 * store through an out-parameter). An origin whose branch conditions contradict the call's is
 * dropped. Linear in the origins met; each place is expanded once.
 */
public final class Reaching {
    private Reaching() {}

    /**
     * Members of the kernel's generic objects that each user fills with its own object
     * ({@code file->private_data}, {@code inode->i_private}, {@code dev->driver_data}...): what one
     * function of a file stores there says nothing about what another function frees from there.
     */
    private static final Set<String> GENERIC_HOLDERS = Set.of("private_data", "i_private", "driver_data",
            "platform_data", "s_fs_info", "d_fsdata", "dev_private", "driver_private", "fs_private", "hostdata",
            "host_data", "private", "bi_private", "driver_priv", "drvdata", "vm_private_data");

    /**
     * What may reach argument {@code arg} of {@code call} in {@code fn}.
     *
     * @param functions every function of the file (their exits and allocations)
     * @param view wrapper summaries, or null to count calls of other functions as unknown
     */
    public static Reach of(List<FunctionFacts> functions, FunctionFacts fn, CallFact call, int arg,
                           WrapperSummaries.View view) {
        return of(new Exits(functions), functions, fn, call, arg, view);
    }

    /**
     * What every function of a file leaves in its fields and file-scope variables, by the part of
     * a place that {@link Place#same} compares exactly (a field's member chain, a global's name):
     * build once per file and ask many times.
     */
    public static final class Exits {
        private final java.util.Map<String, List<PlaceValue>> byKey = new java.util.HashMap<>();

        public Exits(List<FunctionFacts> functions) {
            for (FunctionFacts f : functions) {
                for (PlaceValue pv : f.exits()) {
                    byKey.computeIfAbsent(key(pv.place()), k -> new ArrayList<>()).add(pv);
                }
            }
        }

        List<PlaceValue> candidates(Place p) {
            return byKey.getOrDefault(key(p), List.of());
        }

        private static String key(Place p) {
            return switch (p) {
                case Place.Field f -> "F" + f.chain();
                case Place.Global g -> "G" + g.text();
                case Place.Local l -> "L" + l.text() + "@" + l.functionStart();
            };
        }
    }

    /** As {@link #of(List, FunctionFacts, CallFact, int, WrapperSummaries.View)}, with the file's exits indexed once. */
    public static Reach of(Exits exits, List<FunctionFacts> functions, FunctionFacts fn, CallFact call, int arg,
                           WrapperSummaries.View view) {
        List<Guard> at = call.path().guards();
        List<MemorySource> sources = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        boolean unknown = false;
        Deque<Origin> work = new ArrayDeque<>();
        call.arg(arg).forEach(r -> work.add(r.origin()));
        Set<Place> expanded = new HashSet<>();
        while (!work.isEmpty()) {
            Origin o = work.pop();
            switch (o) {
                case Origin.Alloc a -> {
                    if (contradicts(a.guards(), at) || !seen.add(a.site())) {
                        continue;
                    }
                    FunctionFacts home = holder(functions, a.loc());
                    String stored = home == null ? null : home.allocation(a.site()).map(FunctionFacts.AllocFact::place)
                            .orElse(null);
                    sources.add(new MemorySource(EnumSet.of(a.family()), a.site(), a.loc(), a.api(), true, stored, null,
                            name(home), home != fn, -1));
                }
                case Origin.Call c -> {
                    if (!contradicts(c.guards(), at)) {
                        Optional<WrapperSummaries.Returns> r = view == null ? Optional.empty() : view.returns(c.callee());
                        unknown |= wrapped(r, c.site(), c.loc(), c.callee(), -1, functions, fn, seen, sources);
                    }
                }
                case Origin.Output c -> {
                    if (contradicts(c.guards(), at)) {
                        continue;
                    }
                    Optional<WrapperSummaries.Returns> r = view == null ? Optional.empty()
                            : view.outputs(c.callee(), c.arg());
                    if (r.isPresent() && r.get().onlyIfNull() && c.priorSet()) {
                        unknown = true; // the callee fills only a NULL pointer: it kept the caller's buffer
                        continue;
                    }
                    unknown |= wrapped(r, c.site(), c.loc(), c.callee(), c.arg(), functions, fn, seen, sources);
                }
                case Origin.Entry e -> {
                    if (!expanded.add(e.place())) {
                        continue;
                    }
                    if (isGenericHolder(e.place())) {
                        unknown = true; // file->private_data holds a different object per file type
                        continue;
                    }
                    boolean any = false;
                    for (PlaceValue pv : exits.candidates(e.place())) {
                        if (Place.same(pv.place(), e.place())) {
                            any = true;
                            for (Reached r : pv.value()) {
                                work.add(r.origin());
                            }
                        }
                    }
                    unknown |= !any;
                }
                case Origin.Null n -> { }
                default -> unknown = true;
            }
        }
        sources.sort(Comparator.comparingInt(MemorySource::site));
        return new Reach(sources, unknown, at);
    }

    /**
     * Adds the source a wrapper's summary {@code r} gives for the call at {@code site}; true when
     * something unknown may come from it too (no summary, or "other" values).
     */
    private static boolean wrapped(Optional<WrapperSummaries.Returns> r, int site, Loc loc, String callee, int outArg,
                                   List<FunctionFacts> functions, FunctionFacts fn, Set<Integer> seen,
                                   List<MemorySource> sources) {
        if (r.isEmpty() || r.get().families().isEmpty()) {
            return true;
        }
        if (seen.add(site)) {
            FunctionFacts home = holder(functions, loc);
            sources.add(new MemorySource(r.get().families(), site, loc, callee, false, null, r.get(), name(home),
                    home != fn, outArg));
        }
        return r.get().other();
    }

    static boolean isGenericHolder(Place p) {
        if (!(p instanceof Place.Field f)) {
            return false;
        }
        String chain = f.chain();
        int cut = Math.max(chain.lastIndexOf("->"), chain.lastIndexOf('.'));
        String member = chain.substring(cut < 0 ? 0 : cut + (chain.startsWith("->", cut) ? 2 : 1));
        return GENERIC_HOLDERS.contains(member);
    }

    /** The function whose region holds {@code loc} (the functions are in source order and do not overlap). */
    private static FunctionFacts holder(List<FunctionFacts> functions, Loc loc) {
        int lo = 0;
        int hi = functions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            FunctionFacts f = functions.get(mid);
            if (f.loc().contains(loc)) {
                return f;
            }
            if (f.loc().startByte() > loc.startByte()) {
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return null;
    }

    private static String name(FunctionFacts f) {
        return f == null ? "" : f.name();
    }

    private static boolean contradicts(List<Guard> a, List<Guard> b) {
        for (Guard x : a) {
            for (Guard y : b) {
                if (x.contradicts(y)) {
                    return true;
                }
            }
        }
        return false;
    }
}
