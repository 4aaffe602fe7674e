package org.kvlint.facts;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A call that may release memory, as plain data: every call whose arguments the value flow
 * recorded (a table free or realloc, or a call of another function, which the tree-wide
 * summaries may know to free an argument). What the mismatched-free rules need besides the
 * flow's values ({@link FunctionFacts.CallFact} with the same {@code id}), computed once while
 * the syntax is at hand.
 *
 * @param id the call's start byte (the {@link FunctionFacts.CallFact} of the same id holds the values)
 * @param loc the call
 * @param nameLoc the called name (a rename is an edit of it)
 * @param callee the called name
 * @param table true for an allocator-table function
 * @param args the arguments
 * @param function the name of the function the call is in, or ""
 * @param functionStart the start byte of that function (the identity of its locals)
 * @param written for a free that needs the allocated size ({@code kfree_sensitive()}): the lvalues
 *     its function writes (a size made of other names is the same at the free); else empty
 * @param context what is read from the syntax around the call only when a rule asks
 *     ({@link #atomic()}, {@link #rivals()}): most calls recorded are never asked about
 */
public record FreeFact(int id, Loc loc, Loc nameLoc, String callee, boolean table, List<Arg> args, String function,
                       int functionStart, Set<String> written, Context context) implements Serializable {

    public FreeFact {
        args = List.copyOf(args);
        written = Set.copyOf(written);
    }

    /**
     * "" or, when the call sits inside a section that must not sleep, its words ("under a
     * spinlock (spin_lock(&q->lock))").
     */
    public String atomic() {
        return context.atomic();
    }

    /**
     * Other calls that the code chooses between and this one: the other arm of the if/else, ?:
     * or switch it is in, or an earlier {@code if (...) { ...; return; }}.
     */
    public List<Rival> rivals() {
        return context.rivals();
    }

    /**
     * The syntax a call's atomic section and rivals are read from, each at most once, on first
     * use (within the analysis that made it, while its tree is the one the facts refer to). A
     * value all the same: serialised (every part read first) and compared by what it reads.
     */
    public static final class Context implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient java.util.function.Supplier<String> findAtomic;
        private final transient java.util.function.Supplier<List<Rival>> findRivals;
        private String atomic;
        private List<Rival> rivals;

        public Context(java.util.function.Supplier<String> atomic, java.util.function.Supplier<List<Rival>> rivals) {
            this.findAtomic = atomic;
            this.findRivals = rivals;
        }

        synchronized String atomic() {
            if (atomic == null) {
                atomic = findAtomic.get();
            }
            return atomic;
        }

        synchronized List<Rival> rivals() {
            if (rivals == null) {
                rivals = List.copyOf(findRivals.get());
            }
            return rivals;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            atomic();
            rivals();
            synchronized (this) {
                out.defaultWriteObject();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Context c && atomic().equals(c.atomic()) && rivals().equals(c.rivals());
        }

        @Override
        public int hashCode() {
            return atomic().hashCode() * 31 + rivals().hashCode();
        }

        @Override
        public String toString() {
            return "Context[atomic=" + atomic() + ", rivals=" + rivals() + "]";
        }
    }

    /**
     * One argument.
     *
     * @param text as written
     * @param canonical casts and parentheses removed, whitespace dropped ({@code priv->buf})
     * @param place the storage it denotes, or null when it is no lvalue
     */
    public record Arg(String text, String canonical, Place place) implements Serializable {}

    /**
     * A call the code may run instead of this one.
     *
     * @param callee its name
     * @param args its arguments, canonical
     * @param twoArmed it is in the other arm of the same if/else or ?: (not an earlier early exit)
     */
    public record Rival(String callee, List<String> args, boolean twoArmed) implements Serializable {
        public Rival {
            args = List.copyOf(args);
        }
    }

    public Optional<Arg> arg(int i) {
        return i >= 0 && i < args.size() ? Optional.of(args.get(i)) : Optional.empty();
    }
}
