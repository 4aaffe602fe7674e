package org.kvlint.facts;

import java.util.List;
import org.kvlint.syntax.SyntaxNode;

/**
 * Where a pointer value held at some point of a function may come from: one element of the
 * reaching-definitions set {@link FunctionFlow} computes for each place.
 */
public sealed interface Origin {

    /**
     * The result of an allocator-table call ({@code kmalloc}, {@code vmalloc}, {@code kvzalloc}...).
     *
     * @param call the table call
     * @param site the allocation's place when the result is stored (null for {@code return vmalloc(n)})
     * @param guards branch conditions around the call in its function (where it first ran)
     */
    record Alloc(CallSite call, AllocSite site, List<Guard> guards) implements Origin {
        public Alloc {
            guards = List.copyOf(guards);
        }

        /** One origin per call site, whatever path reached it. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Alloc a && a.call.call() == call.call();
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(call.call());
        }
    }

    /**
     * The result of a call of a non-table function, resolved later through the function
     * summaries (a wrapper may return vmalloc memory).
     *
     * @param call the call_expression
     * @param callee the function's name
     * @param guards branch conditions around the call in its function (where it first ran)
     */
    record Call(SyntaxNode call, String callee, List<Guard> guards) implements Origin {
        public Call {
            guards = List.copyOf(guards);
        }

        /** One origin per call site, whatever path reached it. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && c.call == call;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(call);
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

    /** NULL, 0, or an ERR_PTR(): nothing to free. */
    record Null() implements Origin {}

    /** Anything else: arithmetic, an address, an uninitialised local, an out-parameter. */
    record Unknown() implements Origin {}

    Null NULL = new Null();
    Unknown UNKNOWN = new Unknown();

    /**
     * The call whose result {@code o} is (an allocation or another call), or null. Static, not a
     * default method: an interface with default methods and constants of its own type can
     * deadlock class initialisation across threads.
     */
    static SyntaxNode callNode(Origin o) {
        return switch (o) {
            case Alloc a -> a.call().call();
            case Call c -> c.call();
            default -> null;
        };
    }
}
