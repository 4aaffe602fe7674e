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
     * @param guards branch conditions around the call in its function
     */
    record Alloc(CallSite call, AllocSite site, List<Guard> guards) implements Origin {
        public Alloc {
            guards = List.copyOf(guards);
        }
    }

    /**
     * The result of a call of a non-table function, resolved later through the function
     * summaries (a wrapper may return vmalloc memory).
     *
     * @param call the call_expression
     * @param callee the function's name
     * @param guards branch conditions around the call in its function
     */
    record Call(SyntaxNode call, String callee, List<Guard> guards) implements Origin {
        public Call {
            guards = List.copyOf(guards);
        }
    }

    /**
     * What a call of a non-table function stored through a pointer argument ({@code foo_alloc(&p)}
     * with {@code *out = vmalloc(n)} inside), resolved later through the function summaries.
     *
     * @param call the call_expression
     * @param callee the function's name
     * @param arg the argument index of {@code &p}
     * @param guards branch conditions around the call in its function
     */
    record Output(SyntaxNode call, String callee, int arg, List<Guard> guards) implements Origin {
        public Output {
            guards = List.copyOf(guards);
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
}
