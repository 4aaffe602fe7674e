package org.kvlint.facts;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Immutable copies that iterate in a fixed order. {@code Set.copyOf} and {@code Map.copyOf}
 * iterate in an order salted afresh in every JVM, so whatever is built by walking them (which
 * callee a summary's evidence names, the order a resolver meets a cycle in) changed from one run
 * to the next: a scan after an edit found answers of untouched files "changed" and analysed them
 * again, and a message naming one of two evidences could differ between runs.
 */
final class Ordered {
    private Ordered() {}

    /** The set sorted (its natural order); the shared empty set when empty. */
    static <T extends Comparable<? super T>> Set<T> set(Set<T> s) {
        if (s.isEmpty()) {
            return Set.of();
        }
        return s.size() == 1 ? Set.of(s.iterator().next()) : Collections.unmodifiableSortedSet(new TreeSet<>(s));
    }

    /** The map sorted by key; the shared empty map when empty. */
    static <K extends Comparable<? super K>, V> Map<K, V> map(Map<K, V> m) {
        if (m.isEmpty()) {
            return Map.of();
        }
        SortedMap<K, V> copy = new TreeMap<>(m);
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The map in the enum's declaration order; the shared empty map when empty. */
    static <K extends Enum<K>, V> Map<K, V> byEnum(Class<K> type, Map<K, V> m) {
        if (m.isEmpty()) {
            return Map.of();
        }
        EnumMap<K, V> copy = new EnumMap<>(type);
        copy.putAll(m);
        return Collections.unmodifiableMap(copy);
    }
}
