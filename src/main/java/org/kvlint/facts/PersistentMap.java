package org.kvlint.facts;

import java.util.function.BiConsumer;

/**
 * An immutable map from small non-negative int keys to values, shared between versions: a
 * 32-way trie on the key's bits, updated by copying one path. The value flow keeps one version
 * per branch of the function, so a branch costs O(1) to start, a store O(log n), and a join
 * visits only the subtrees the two versions do not share (equal subtrees are the same object).
 * That keeps a function's analysis linear in its size whatever the number of tracked places.
 *
 * @param <V> the value type; values are compared with {@code equals} only by {@link #sameAs}
 */
final class PersistentMap<V> {
    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    private static final PersistentMap<?> EMPTY = new PersistentMap<>(null, 0, 0);

    /** Object[WIDTH] per level; leaves (level 0) hold values. */
    private final Object[] root;
    /** Levels below the root: keys up to 32^(height+1) - 1 fit. */
    private final int height;
    private final int size;

    private PersistentMap(Object[] root, int height, int size) {
        this.root = root;
        this.height = height;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> PersistentMap<V> empty() {
        return (PersistentMap<V>) EMPTY;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        if (root == null || key < 0 || key >= capacity(height)) {
            return null;
        }
        Object[] node = root;
        for (int level = height; level > 0; level--) {
            node = (Object[]) node[(key >>> (level * BITS)) & MASK];
            if (node == null) {
                return null;
            }
        }
        return (V) node[key & MASK];
    }

    private static long capacity(int height) {
        return 1L << (BITS * (height + 1));
    }

    /** This map with {@code key} bound to {@code value}; {@code value} null removes the key. */
    PersistentMap<V> put(int key, V value) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        if (value == null) {
            return remove(key);
        }
        Object[] r = root;
        int h = height;
        if (r == null) {
            h = 0;
            while (key >= capacity(h)) {
                h++;
            }
        } else {
            while (key >= capacity(h)) {
                Object[] up = new Object[WIDTH];
                up[0] = r;
                r = up;
                h++;
            }
        }
        boolean[] added = {false};
        Object[] nr = put(r, h, key, value, added);
        return nr == r ? this : new PersistentMap<>(nr, h, size + (added[0] ? 1 : 0));
    }

    private static Object[] put(Object[] node, int level, int key, Object value, boolean[] added) {
        Object[] copy = node == null ? new Object[WIDTH] : node.clone();
        int i = (key >>> (level * BITS)) & MASK;
        if (level == 0) {
            if (copy[i] == value) {
                return node;
            }
            added[0] = copy[i] == null;
            copy[i] = value;
            return copy;
        }
        Object[] child = (Object[]) copy[i];
        Object[] nc = put(child, level - 1, key, value, added);
        if (nc == child) {
            return node;
        }
        copy[i] = nc;
        return copy;
    }

    PersistentMap<V> remove(int key) {
        if (get(key) == null) {
            return this;
        }
        Object[] nr = remove(root, height, key);
        return new PersistentMap<>(nr, nr == null ? 0 : height, size - 1);
    }

    private static Object[] remove(Object[] node, int level, int key) {
        Object[] copy = node.clone();
        int i = (key >>> (level * BITS)) & MASK;
        if (level == 0) {
            copy[i] = null;
        } else {
            copy[i] = remove((Object[]) copy[i], level - 1, key);
        }
        for (Object o : copy) {
            if (o != null) {
                return copy;
            }
        }
        return null;
    }

    /** Every binding, in key order. */
    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Integer, V> action) {
        if (root != null) {
            walk(root, height, 0, (BiConsumer<Integer, Object>) (BiConsumer<?, ?>) action);
        }
    }

    private static void walk(Object[] node, int level, int prefix, BiConsumer<Integer, Object> action) {
        for (int i = 0; i < WIDTH; i++) {
            Object o = node[i];
            if (o == null) {
                continue;
            }
            int key = (prefix << BITS) | i;
            if (level == 0) {
                action.accept(key, o);
            } else {
                walk((Object[]) o, level - 1, key, action);
            }
        }
    }

    /** Called for each key bound differently in two maps (by identity): the values, either may be null. */
    interface Difference<V> {
        void at(int key, V a, V b);
    }

    /**
     * Visits the keys whose bindings differ between {@code a} and {@code b}, skipping every
     * subtree the two share: O(differences x height), not O(size).
     */
    @SuppressWarnings("unchecked")
    static <V> void differences(PersistentMap<V> a, PersistentMap<V> b, Difference<V> visit) {
        int h = Math.max(a.root == null ? 0 : a.height, b.root == null ? 0 : b.height);
        Object[] ra = lift(a, h);
        Object[] rb = lift(b, h);
        diff(ra, rb, h, 0, (Difference<Object>) (Difference<?>) visit);
    }

    private static Object[] lift(PersistentMap<?> m, int h) {
        if (m.root == null) {
            return null;
        }
        Object[] r = m.root;
        for (int level = m.height; level < h; level++) {
            Object[] up = new Object[WIDTH];
            up[0] = r;
            r = up;
        }
        return r;
    }

    private static void diff(Object[] a, Object[] b, int level, int prefix, Difference<Object> visit) {
        if (a == b) {
            return;
        }
        for (int i = 0; i < WIDTH; i++) {
            Object x = a == null ? null : a[i];
            Object y = b == null ? null : b[i];
            if (x == y) {
                continue;
            }
            int key = (prefix << BITS) | i;
            if (level == 0) {
                visit.at(key, x, y);
            } else {
                diff((Object[]) x, (Object[]) y, level - 1, key, visit);
            }
        }
    }

    /** Same bindings, values compared with {@code equals}; shared subtrees are not visited. */
    boolean sameAs(PersistentMap<V> other) {
        if (this == other) {
            return true;
        }
        if (size != other.size) {
            return false;
        }
        boolean[] same = {true};
        differences(this, other, (k, a, b) -> {
            if (a == null || !a.equals(b)) {
                same[0] = false;
            }
        });
        return same[0];
    }
}
