package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Atom.Result} spells out equals and hashCode (the generated ones are slow under C1): they
 * answer as a record's generated ones would, so sets and maps of atoms behave (and iterate) as before.
 */
class AtomResultProperties {
    /** The same components, with the generated methods. */
    private record Generated(int site, boolean isNull, boolean certain, int line) {}

    @Property(tries = 2000)
    void asTheGeneratedMethods(@ForAll int site, @ForAll boolean isNull, @ForAll boolean certain, @ForAll int line,
                               @ForAll @IntRange(min = 0, max = 4) int change) {
        Atom.Result a = new Atom.Result(site, isNull, certain, line);
        assertEquals(new Generated(site, isNull, certain, line).hashCode(), a.hashCode());
        // one component changed (or none)
        Atom.Result b = new Atom.Result(change == 1 ? site + 1 : site, change == 2 != isNull,
                change == 3 != certain, change == 4 ? line + 1 : line);
        Generated gb = new Generated(b.site(), b.isNull(), b.certain(), b.line());
        assertEquals(new Generated(site, isNull, certain, line).equals(gb), a.equals(b));
        assertEquals(change == 0, a.equals(b));
        assertEquals(false, a.equals(null));
    }
}
