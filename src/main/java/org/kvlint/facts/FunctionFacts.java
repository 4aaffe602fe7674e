package org.kvlint.facts;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.FunctionFlow.Meeting;
import org.kvlint.facts.FunctionFlow.Reached;

/**
 * What one function (or a top-level region standing for one) does with allocator memory, as
 * plain data: the output of its value flow ({@link FunctionFlow}) and the few syntactic facts the
 * rules need, computed once while the function's syntax is at hand. Rules read this and the
 * tree-wide summaries only; no syntax node outlives the extraction. Sites are named by their
 * start byte and carry their {@link Loc}.
 *
 * @param name the function's name, or "" for a region kvlint could not name
 * @param loc the whole function
 * @param isStatic declared {@code static}
 * @param params parameter names in order ("" for an unnamed one)
 * @param allocations every allocator-table allocation (and reallocation) call, in source order
 * @param calls the calls whose arguments the flow recorded (frees, reallocs, helpers), in
 *     first-visit order, with what each argument may hold
 * @param returns per {@code return} statement, what it returns
 * @param exits per struct field or file-scope variable the function writes, what it holds on the way out
 * @param meetings where several calls (one a table allocation) reach one place, with their conditions
 * @param backendUses calls that need one particular backend ({@code vmalloc_to_page()},
 *     {@code virt_to_page()}, {@code dma_map_single()}, ...) and the places their arguments mention
 * @param explanations comments that name a kv helper and say why not ("not kvmalloc(): ...")
 * @param problem null, or why the analysis did not finish (then the lists are empty)
 */
public record FunctionFacts(String name, Loc loc, boolean isStatic, List<String> params, List<AllocFact> allocations,
                            List<CallFact> calls, List<ValueAt> returns, List<PlaceValue> exits,
                            List<Meeting> meetings, List<BackendUse> backendUses, List<Explanation> explanations,
                            String problem) implements Serializable {

    public FunctionFacts {
        params = List.copyOf(params);
        allocations = List.copyOf(allocations);
        calls = List.copyOf(calls);
        returns = List.copyOf(returns);
        exits = List.copyOf(exits);
        meetings = List.copyOf(meetings);
        backendUses = List.copyOf(backendUses);
        explanations = List.copyOf(explanations);
    }

    /**
     * One allocator-table allocation call.
     *
     * @param id the call's start byte
     * @param loc the call
     * @param nameLoc the called name
     * @param api the table function ({@code kzalloc}, {@code vmalloc}...)
     * @param family where its memory comes from
     * @param place where its result is stored (canonical text), or null (returned, passed on...)
     * @param where that place's identity, or null
     * @param statement the statement that holds the call
     * @param args the arguments as written
     * @param size the size expression (canonical; "n * size" for array forms)
     * @param sizeNames the variables and fields the size is computed from ({@link SizeNames})
     * @param gfp the GFP mask as the call gets it (a plain mask held in a local resolved; the
     *     implied one for vmalloc), or null when unknown
     * @param zeroes the memory comes back zeroed (by the API or by __GFP_ZERO)
     * @param memset a {@code memset(place, 0, size)} of all of it right after the statement, or null
     * @param memsetGuard the {@code if (place)} statement that memset sits in, or null
     * @param specialProtection a page protection other than PAGE_KERNEL ({@code PAGE_KERNEL_EXEC}):
     *     memory kvmalloc cannot give
     */
    public record AllocFact(int id, Loc loc, Loc nameLoc, String api, Family family, String place, Place where,
                            Loc statement, List<String> args, String size, Set<String> sizeNames, String gfp,
                            boolean zeroes, Loc memset, Loc memsetGuard, boolean specialProtection)
            implements Serializable {
        public AllocFact {
            args = List.copyOf(args);
            sizeNames = Set.copyOf(sizeNames);
        }

        public int line() {
            return loc.line();
        }

        /** The mask, parsed; empty when unknown. */
        public Optional<Gfp> mask() {
            return Optional.ofNullable(gfp).map(Gfp::parse);
        }
    }

    /**
     * A call whose arguments the flow recorded.
     *
     * @param id the call's start byte
     * @param loc the call
     * @param callee the called name
     * @param role the table role when the callee is in the allocator table, else null
     * @param args per argument, what it may hold
     * @param path the path condition at the call (what every visit of it had)
     */
    public record CallFact(int id, Loc loc, String callee, ApiFunction.Role role, List<List<Reached>> args, Cond path)
            implements Serializable {
        public CallFact {
            args = List.copyOf(args);
        }

        public List<Reached> arg(int i) {
            return i < args.size() ? args.get(i) : List.of();
        }
    }

    /**
     * What a {@code return} statement returns.
     *
     * @param loc the return statement
     * @param value its origins with their conditions
     */
    public record ValueAt(Loc loc, List<Reached> value) implements Serializable {
        public ValueAt {
            value = List.copyOf(value);
        }
    }

    /**
     * What a place holds.
     *
     * @param place the place
     * @param value its origins with their conditions
     */
    public record PlaceValue(Place place, List<Reached> value) implements Serializable {
        public PlaceValue {
            value = List.copyOf(value);
        }
    }

    /**
     * A call that needs one backend.
     *
     * @param callee e.g. {@code vmalloc_to_page}
     * @param loc the call
     * @param mentions canonical texts of the lvalues its arguments mention ({@code p}, {@code s->buf})
     * @param underVmallocTest it sits in a branch on {@code is_vmalloc_addr()} (so it may be right for either)
     */
    public record BackendUse(String callee, Loc loc, Set<String> mentions, boolean underVmallocTest)
            implements Serializable {
        public BackendUse {
            mentions = Set.copyOf(mentions);
        }
    }

    /**
     * A comment that names a kv helper and says why not (the author considered kvmalloc), or
     * that gives a reason for the choice between the slab and vmalloc.
     *
     * @param comment the comment
     * @param before the statement the comment stands just before, or null
     * @param againstKv it names a kv helper and says why not; else it only argues for one side,
     *     which for a kmalloc-first fallback ("use kmalloc() rather than vmalloc() when we can")
     *     is what kvmalloc() does anyway
     */
    public record Explanation(Loc comment, Loc before, boolean againstKv) implements Serializable {}

    /** The allocation whose call starts at {@code id}, if it is one of this function's (binary search: source order). */
    public Optional<AllocFact> allocation(int id) {
        int lo = 0;
        int hi = allocations.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = allocations.get(mid).id();
            if (at == id) {
                return Optional.of(allocations.get(mid));
            }
            if (at < id) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }

    /**
     * A comment explaining the choice inside {@code construct}, or just before it or before the
     * statement that holds its start ({@code if (cond) p = vmalloc(..);} after the comment).
     */
    public boolean explained(Loc construct) {
        return explained(construct, false);
    }

    /**
     * @param onlyAgainstKv count only comments that name a kv helper and say why not (for a
     *     fallback in kvmalloc()'s own order, slab first)
     */
    public boolean explained(Loc construct, boolean onlyAgainstKv) {
        for (Explanation e : explanations) {
            if (onlyAgainstKv && !e.againstKv()) {
                continue;
            }
            if (construct.contains(e.comment()) || e.before() != null && e.before().startByte() <= construct.startByte()
                    && construct.startByte() < e.before().endByte()) {
                return true;
            }
        }
        return false;
    }
}
