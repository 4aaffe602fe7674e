package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void largestFirstStartsTheCostliestWorkFirstAndKeepsTheListOrder() {
        List<Integer> sizes = List.of(3, 40, 7, 40, 1, 12);
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        List<String> out = Workers.mapLargestFirst(sizes, 1, "test", s -> s, (s, parser) -> {
            started.add(s);
            return "r" + s;
        });
        // one thread: the order of the work is the order of cost, ties in list order
        assertEquals(List.of(40, 40, 12, 7, 3, 1), started);
        assertEquals(List.of("r3", "r40", "r7", "r40", "r1", "r12"), out);
    }

    @Test
    void largestFirstOnTwoThreadsGivesEveryResultInPlace() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add((i * 7919) % 503);
        }
        List<Integer> out = Workers.mapLargestFirst(items, 2, "test", i -> i, (i, parser) -> i * 2);
        for (int i = 0; i < items.size(); i++) {
            assertEquals(items.get(i) * 2, out.get(i));
        }
    }

    @Test
    void aFailureEndsTheRunAndIsRethrown() {
        assertThrows(IllegalArgumentException.class, () -> Workers.mapLargestFirst(List.of(1, 2, 3), 2, "test",
                i -> i, (i, parser) -> {
                    if (i == 2) {
                        throw new IllegalArgumentException("boom");
                    }
                    return i;
                }));
    }
}
