package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The closure of helper names ({@link AnalysisOrder#helpers}, passes over the functions still
 * open in primitive sets) is the least fixed point as its definition states it: a name is a
 * helper when a function of that name calls a table name or a helper name.
 */
class AnalysisOrderProperties {
    /** A small alphabet of hashes, 0 and negatives included, so names repeat and chains form. */
    private static final Arbitrary<Integer> NAME = Arbitraries.integers().between(-6, 24);

    @Property(tries = 2000)
    void theClosureIsTheLeastFixedPoint(@ForAll("shapes") List<AnalysisOrder.Shape> shapes,
                                        @ForAll("tables") Set<Integer> table) {
        Set<Integer> want = reference(shapes, table);
        AnalysisOrder.Ints got = AnalysisOrder.helpers(shapes, table);
        for (int v = -8; v <= 26; v++) {
            assertEquals(want.contains(v), got.contains(v), "name " + v);
        }
        assertEquals(want.size(), got.size());
        Statistics.label("helpers").collect(want.isEmpty() ? "none" : want.size() < 4 ? "few" : "many");
        Statistics.label("helpers").coverage(c -> {
            c.check("none").percentage(p -> p > 2);
            c.check("many").percentage(p -> p > 10);
        });
    }

    @Property(tries = 1000)
    void aSetOfIntsHoldsWhatASetOfIntegersHolds(@ForAll("values") List<Integer> added,
                                                @ForAll("values") List<Integer> asked) {
        AnalysisOrder.Ints ints = new AnalysisOrder.Ints(1);
        Set<Integer> boxed = new HashSet<>();
        for (int v : added) {
            ints.add(v);
            boxed.add(v);
        }
        for (int v : asked) {
            assertEquals(boxed.contains(v), ints.contains(v), "value " + v);
        }
        for (int v : added) {
            assertEquals(true, ints.contains(v));
        }
        assertEquals(boxed.size(), ints.size());
    }

    /** The fixed point pass by pass over every function, in boxed sets: the definition. */
    private static Set<Integer> reference(List<AnalysisOrder.Shape> shapes, Set<Integer> table) {
        Set<Integer> helpers = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (AnalysisOrder.Shape s : shapes) {
                for (int i = 0; i < s.names().length; i++) {
                    if (helpers.contains(s.names()[i])) {
                        continue;
                    }
                    for (int h : s.calls()[i]) {
                        if (table.contains(h) || helpers.contains(h)) {
                            helpers.add(s.names()[i]);
                            grew = true;
                            break;
                        }
                    }
                }
            }
        }
        return helpers;
    }

    @Provide
    Arbitrary<List<AnalysisOrder.Shape>> shapes() {
        Arbitrary<int[]> calls = NAME.array(int[].class).ofMaxSize(4);
        Arbitrary<AnalysisOrder.Shape> shape = Combinators.combine(NAME.array(int[].class).ofMaxSize(6),
                calls.array(int[][].class).ofSize(6)).as((names, c) -> new AnalysisOrder.Shape(names,
                        new boolean[names.length], java.util.Arrays.copyOf(c, names.length)));
        return shape.list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Set<Integer>> tables() {
        return NAME.set().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Integer>> values() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-40, 40))
                .list().ofMaxSize(200);
    }
}
