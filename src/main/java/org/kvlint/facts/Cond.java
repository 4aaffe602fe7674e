package org.kvlint.facts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A path condition: a conjunction of {@link Atom}s, oldest first, immutable. Bounded: beyond
 * {@link #MAX_ATOMS} the oldest branch guard is dropped (a weaker condition, never a wrong one),
 * so that joining and testing conditions costs a constant however deep the code nests.
 */
public final class Cond implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Atoms kept per condition. */
    public static final int MAX_ATOMS = 16;
    public static final Cond TRUE = new Cond(new Atom[0], false);

    private final Atom[] atoms;
    /** Two atoms contradict: no execution takes this path. */
    private final boolean infeasible;

    private Cond(Atom[] atoms, boolean infeasible) {
        this.atoms = atoms;
        this.infeasible = infeasible;
    }

    public List<Atom> atoms() {
        return List.of(atoms);
    }

    public boolean isEmpty() {
        return atoms.length == 0;
    }

    /** Some two atoms contradict each other. */
    public boolean infeasible() {
        return infeasible;
    }

    public boolean contains(Atom a) {
        for (Atom x : atoms) {
            // the paths of one function share their atoms: most hits are the same object
            if (x == a || x.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** This condition and {@code a}. */
    public Cond and(Atom a) {
        if (contains(a)) {
            return this;
        }
        boolean bad = infeasible;
        for (Atom x : atoms) {
            bad |= x.contradicts(a);
        }
        Atom[] out;
        if (atoms.length < MAX_ATOMS) {
            out = Arrays.copyOf(atoms, atoms.length + 1);
        } else {
            out = new Atom[MAX_ATOMS];
            int drop = dropIndex();
            int j = 0;
            for (int i = 0; i < atoms.length; i++) {
                if (i != drop) {
                    out[j++] = atoms[i];
                }
            }
        }
        out[out.length - 1] = a;
        return new Cond(out, bad);
    }

    /** The oldest atom that says least: a runtime branch guard before a preprocessor side or a result. */
    private int dropIndex() {
        for (int i = 0; i < atoms.length; i++) {
            if (atoms[i] instanceof Guard g && g.kind() != Guard.Kind.PREPROCESSOR) {
                return i;
            }
        }
        return 0;
    }

    public Cond and(Cond other) {
        Cond c = this;
        for (Atom a : other.atoms) {
            c = c.and(a);
        }
        return other.infeasible && !c.infeasible ? new Cond(c.atoms, true) : c;
    }

    /** The atoms both conditions have (what holds whichever of the two paths was taken). */
    public Cond intersect(Cond other) {
        if (this == other) {
            return this;
        }
        List<Atom> out = new ArrayList<>(atoms.length);
        for (Atom a : atoms) {
            if (other.contains(a)) {
                out.add(a);
            }
        }
        return out.size() == atoms.length ? this : new Cond(out.toArray(Atom[]::new), false);
    }

    /** The atoms of this condition that {@code other} lacks. */
    public Cond minus(Cond other) {
        List<Atom> out = new ArrayList<>(atoms.length);
        for (Atom a : atoms) {
            if (!other.contains(a)) {
                out.add(a);
            }
        }
        return out.size() == atoms.length ? this : new Cond(out.toArray(Atom[]::new), false);
    }

    /** Does some atom of this condition contradict one of {@code other}? */
    public boolean contradicts(Cond other) {
        for (Atom a : atoms) {
            for (Atom b : other.atoms) {
                if (a.contradicts(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The branch guards, oldest first. */
    public List<Guard> guards() {
        List<Guard> out = new ArrayList<>(atoms.length);
        for (Atom a : atoms) {
            if (a instanceof Guard g) {
                out.add(g);
            }
        }
        return out;
    }

    /** The result of the call at {@code site} this path saw, if any (a certain one first). */
    public Optional<Atom.Result> resultOf(int site) {
        Atom.Result found = null;
        for (Atom a : atoms) {
            if (a instanceof Atom.Result r && r.site() == site && (found == null || r.certain() && !found.certain())) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Did this path see the call at {@code site} return NULL (certainly or possibly)? */
    public boolean sawNull(int site) {
        for (Atom a : atoms) {
            if (a instanceof Atom.Result r && r.site() == site && r.isNull()) {
                return true;
            }
        }
        return false;
    }

    /** Did this path certainly see the call at {@code site} return non-NULL? */
    public boolean sawNonNull(int site) {
        for (Atom a : atoms) {
            if (a instanceof Atom.Result r && r.site() == site && !r.isNull() && r.certain()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Result atoms weakened to "may have", for the calls {@code other} says nothing about: what a
     * joined path keeps of one side's results (a result both sides saw, one way each, says nothing).
     */
    Cond weakResultsUnknownTo(Cond other) {
        List<Atom> out = new ArrayList<>(atoms.length);
        for (Atom a : atoms) {
            if (a instanceof Atom.Result r && other.resultOf(r.site()).isEmpty()) {
                out.add(r.weak());
            }
        }
        return new Cond(out.toArray(Atom[]::new), false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cond c && c.infeasible == infeasible && Arrays.equals(atoms, c.atoms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(atoms) * 31 + (infeasible ? 1 : 0);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(infeasible ? "FALSE[" : "[");
        for (int i = 0; i < atoms.length; i++) {
            if (i > 0) {
                b.append(" && ");
            }
            b.append(switch (atoms[i]) {
                case Guard g -> (g.positive() ? "" : "!") + "(" + g.text() + ")";
                case Atom.Result r -> (r.certain() ? "" : "?") + (r.isNull() ? "null@" : "ok@") + r.line();
            });
        }
        return b.append(']').toString();
    }
}
