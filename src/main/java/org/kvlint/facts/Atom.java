package org.kvlint.facts;

import java.io.Serializable;

/**
 * One fact on a path through a function: a branch condition that held or failed ({@link Guard}),
 * or what an allocation returned ({@link Result}). A {@link Cond} is a conjunction of atoms.
 */
public sealed interface Atom extends Serializable permits Guard, Atom.Result {

    /** The same fact, the other way. */
    Atom negate();

    /** Can no path satisfy both atoms? */
    boolean contradicts(Atom other);

    /**
     * The value of the call at {@code site} (an allocator-table call or any call whose result is
     * tracked) was NULL ({@code isNull}) or not, on this path.
     *
     * @param site the call's start byte
     * @param isNull true for "returned NULL"
     * @param certain false when the path only may have seen that result: the tested place held
     *     this call's value or something else (another allocation, NULL), or the path joined one
     *     on which the fact held with one on which nothing was known
     * @param line 1-based line of the call, for messages
     */
    record Result(int site, boolean isNull, boolean certain, int line) implements Atom {
        @Override
        public Result negate() {
            return new Result(site, !isNull, certain, line);
        }

        @Override
        public boolean contradicts(Atom other) {
            return certain && other instanceof Result r && r.certain && r.site == site && r.isNull != isNull;
        }

        // written out: the generated ones go through method handles that C1 does not inline, and
        // conditions compare atoms millions of times a scan (the same values as generated)
        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && r.site == site && r.isNull == isNull && r.certain == certain
                    && r.line == line;
        }

        @Override
        public int hashCode() {
            return ((site * 31 + Boolean.hashCode(isNull)) * 31 + Boolean.hashCode(certain)) * 31 + line;
        }

        /** The same fact, weakened to "may have". */
        public Result weak() {
            return certain ? new Result(site, isNull, false, line) : this;
        }
    }
}
