package org.kvlint.facts;

import java.io.Serializable;
import java.util.List;
import org.kvlint.facts.ApiFunction.Family;

/**
 * Where a pointer value held at some point of a function may come from: one element of the
 * values {@link FunctionFlow} computes for each place. Plain data: a call is named by its start
 * byte ({@code site}) and carries what messages need.
 */
public sealed interface Origin extends Serializable {

    /**
     * The result of an allocator-table call ({@code kmalloc}, {@code vmalloc}, {@code kvzalloc}...).
     *
     * @param site the call's start byte (its identity in the file)
     * @param api the table function's name
     * @param family where its memory comes from
     * @param loc the call
     * @param guards branch conditions around the call in its function (where it first ran)
     */
    record Alloc(int site, String api, Family family, Loc loc, List<Guard> guards) implements Origin {
        public Alloc {
            guards = List.copyOf(guards);
        }

        /** One origin per call site, whatever path reached it. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Alloc a && a.site == site;
        }

        @Override
        public int hashCode() {
            return site;
        }

        public int line() {
            return loc.line();
        }
    }

    /**
     * The result of a call of a non-table function, resolved later through the function
     * summaries (a wrapper may return vmalloc memory).
     *
     * @param site the call's start byte
     * @param callee the function's name
     * @param loc the call
     * @param guards branch conditions around the call in its function (where it first ran)
     */
    record Call(int site, String callee, Loc loc, List<Guard> guards) implements Origin {
        public Call {
            guards = List.copyOf(guards);
        }

        /** One origin per call site, whatever path reached it. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && c.site == site;
        }

        @Override
        public int hashCode() {
            return site;
        }

        public int line() {
            return loc.line();
        }
    }

    /**
     * What a call of a non-table function stored through a pointer argument ({@code foo_alloc(&p)}
     * with {@code *out = vmalloc(n)} inside), resolved later through the function summaries.
     *
     * @param site the call's start byte
     * @param callee the function's name
     * @param arg the argument index of {@code &p}
     * @param loc the call
     * @param guards branch conditions around the call in its function (where it first ran)
     * @param priorSet the place held memory (an allocation, a call's result...) before the call:
     *     a callee that allocates only when it finds NULL there keeps the caller's buffer
     */
    record Output(int site, String callee, int arg, Loc loc, List<Guard> guards, boolean priorSet) implements Origin {
        public Output {
            guards = List.copyOf(guards);
        }

        /** One origin per call site and argument, whatever path reached it. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Output c && c.site == site && c.arg == arg;
        }

        @Override
        public int hashCode() {
            return site * 31 + arg;
        }
    }

    /**
     * The value of the function's parameter at entry.
     *
     * @param index 0-based parameter index
     * @param name the parameter's name
     */
    record Param(int index, String name) implements Origin {}

    /**
     * What a struct field or file-scope variable held when the function was entered: whatever
     * any function of the file stored there.
     *
     * @param place the place
     */
    record Entry(Place place) implements Origin {}

    /**
     * NULL, 0, or an ERR_PTR(): nothing to free.
     *
     * @param site the start byte of the call whose result a NULL test showed to be NULL
     *     ({@code p = kmalloc(..); if (p) ...; else <here>}), or -1 for a NULL constant; it lets a
     *     later test of the same place still tell that call's failure apart from a NULL the code
     *     wrote ({@code p = NULL; if (c) p = kmalloc(..); if (p) ...; if (!p) p = vmalloc(..)})
     * @param line the 1-based line of that call, or 0
     */
    record Null(int site, int line) implements Origin {}

    /** Anything else: arithmetic, an address, an uninitialised local, an out-parameter. */
    record Unknown() implements Origin {}

    Null NULL = new Null(-1, 0);
    Unknown UNKNOWN = new Unknown();

    /**
     * The start byte of the call whose result {@code o} is (an allocation or another call), or -1.
     * Static, not a default method: an interface with default methods and constants of its own
     * type can deadlock class initialisation across threads.
     */
    static int site(Origin o) {
        return switch (o) {
            case Alloc a -> a.site();
            case Call c -> c.site();
            default -> -1;
        };
    }
}
