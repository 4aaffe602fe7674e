package org.kvlint.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed nodes stored compactly, to be made into {@link SyntaxNode}s again without a parse: a
 * scan keeps the items of the files of a cycle (which are analysed again until the cycle agrees)
 * this way, at about a tenth of the memory of the node objects, and every analysis gets nodes of
 * its own (an analysis grafts macro bodies into the nodes it is given, see {@link MacroBodies}).
 *
 * <p>Each node is written in pre-order as variable-length integers: type and field (indexes into
 * a table of names), flags, its byte range and positions relative to its parent's, and its number
 * of children. {@link #thaw} gives nodes equal in every field to the ones frozen.
 */
public final class FrozenNodes {
    private final byte[] data;
    private final String[] names;
    private final int roots;

    private FrozenNodes(byte[] data, String[] names, int roots) {
        this.data = data;
        this.names = names;
        this.roots = roots;
    }

    /**
     * The nodes and all their descendants, as they are now. The scan freezes an item's nodes as
     * it copies them ({@link Builder}); this is the same from the node objects, the reference the
     * tests compare with.
     */
    public static FrozenNodes freeze(List<SyntaxNode> nodes) {
        Writer w = new Writer();
        // explicit stack: generated code nests deep; each entry is a node and its parent's start
        List<SyntaxNode> stack = new ArrayList<>();
        List<SyntaxNode> parents = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            stack.add(nodes.get(i));
            parents.add(null);
        }
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.removeLast();
            SyntaxNode p = parents.removeLast();
            w.varint(w.name(n.type()));
            w.varint(n.field() == null ? 0 : w.name(n.field()) + 1);
            w.varint((n.isNamed() ? 1 : 0) | (n.isMissing() ? 2 : 0) | (n.hasError() ? 4 : 0));
            w.signed(n.startByte() - (p == null ? 0 : p.startByte()));
            w.signed(n.endByte() - n.startByte());
            w.signed(n.startRow() - (p == null ? 0 : p.startRow()));
            w.signed(n.startColumn());
            w.signed(n.endRow() - n.startRow());
            w.signed(n.endColumn());
            List<SyntaxNode> kids = n.children();
            w.varint(kids.size());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
                parents.add(n);
            }
        }
        return new FrozenNodes(w.bytes(), w.names.toArray(String[]::new), nodes.size());
    }

    /**
     * Frozen nodes written straight from the parser's flattened records, as it copies a subtree
     * (see {@code CParser}): the same encoding as {@link #freeze} of the nodes made from them,
     * without walking node objects or looking names up by string. Each record is {@code words}
     * ints: symbol id | field id << 16, flags (named 1, missing 2, error 4), start and end byte,
     * start row and column, end row and column, and the subtree's record count.
     */
    public static final class Builder {
        private final Writer w = new Writer();
        private final Ids symbols;
        private final Ids fields;
        private int roots;

        /** @param symbols the grammar's symbol names by id; {@code fields} its field names (id 0: none) */
        public Builder(java.util.function.IntFunction<String> symbols, java.util.function.IntFunction<String> fields) {
            this.symbols = new Ids(symbols, 512);
            this.fields = new Ids(fields, 128);
        }

        /** One more top-level node: the subtree in records {@code [0, count)} of {@code flat}. */
        public void add(int[] flat, int count, int words, int flagsAt, int startByteAt, int sizeAt) {
            // per record: its parent's record, found with a stack of the open ancestors
            int[] stack = new int[16];
            int depth = 0;
            for (int i = 0; i < count; i++) {
                while (depth > 0 && stack[depth - 1] + flat[stack[depth - 1] * words + sizeAt] <= i) {
                    depth--;
                }
                int parent = depth == 0 ? -1 : stack[depth - 1];
                int at = i * words;
                int symbolAndField = flat[at];
                w.varint(symbols.of(symbolAndField & 0xffff, w));
                int field = symbolAndField >>> 16;
                w.varint(field == 0 ? 0 : fields.of(field, w) + 1);
                w.varint(flat[at + flagsAt] & 7);
                int start = flat[at + startByteAt];
                int startRow = flat[at + startByteAt + 2];
                w.signed(start - (parent < 0 ? 0 : flat[parent * words + startByteAt]));
                w.signed(flat[at + startByteAt + 1] - start);
                w.signed(startRow - (parent < 0 ? 0 : flat[parent * words + startByteAt + 2]));
                w.signed(flat[at + startByteAt + 3]);
                w.signed(flat[at + startByteAt + 4] - startRow);
                w.signed(flat[at + startByteAt + 5]);
                int end = i + flat[at + sizeAt];
                int children = 0;
                for (int c = i + 1; c < end; c += flat[c * words + sizeAt]) {
                    children++;
                }
                w.varint(children);
                if (children > 0) {
                    if (depth == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = i;
                }
            }
            roots++;
        }

        /** A grammar's ids of one kind (symbols or fields) to indexes in the names table, each name added when first met. */
        private static final class Ids {
            private final java.util.function.IntFunction<String> names;
            /** Ids below this are looked up in {@link #index}, the rest in {@link #sparse}. */
            private static final int DENSE = 4096;
            /** Index + 1 per id, 0 when not met yet. */
            private int[] index;
            /** Index per id of the few ids past {@link #DENSE}, or null. */
            private java.util.Map<Integer, Integer> sparse;

            Ids(java.util.function.IntFunction<String> names, int size) {
                this.names = names;
                this.index = new int[size];
            }

            int of(int id, Writer w) {
                if (id >= index.length) {
                    if (id >= DENSE) {
                        // tree-sitter's ERROR symbol is 65535: a table that long per item was 8 % of
                        // a cold scan's allocation
                        if (sparse == null) {
                            sparse = new java.util.HashMap<>();
                        }
                        return sparse.computeIfAbsent(id, i -> w.add(names.apply(i)));
                    }
                    index = java.util.Arrays.copyOf(index, Math.max(id + 1, 2 * index.length));
                }
                if (index[id] == 0) {
                    index[id] = w.add(names.apply(id)) + 1;
                }
                return index[id] - 1;
            }
        }

        /** The nodes added so far. */
        public FrozenNodes build() {
            return new FrozenNodes(w.bytes(), w.names.toArray(String[]::new), roots);
        }
    }

    /** New nodes, equal to the frozen ones, reading {@code source} (the text they were parsed from). */
    public List<SyntaxNode> thaw(SourceText source) {
        int[] at = {0};
        List<SyntaxNode> top = new ArrayList<>(roots);
        // per open node: the node, its children so far, and how many it has
        List<SyntaxNode> open = new ArrayList<>();
        List<List<SyntaxNode>> kids = new ArrayList<>();
        List<Integer> wanted = new ArrayList<>();
        while (top.size() < roots) {
            SyntaxNode parent = open.isEmpty() ? null : open.getLast();
            String type = names[varint(at)];
            int f = varint(at);
            int flags = varint(at);
            int start = signed(at) + (parent == null ? 0 : parent.startByte());
            int end = start + signed(at);
            int startRow = signed(at) + (parent == null ? 0 : parent.startRow());
            int startColumn = signed(at);
            int endRow = startRow + signed(at);
            int endColumn = signed(at);
            int children = varint(at);
            SyntaxNode n = new SyntaxNode(type, f == 0 ? null : names[f - 1], (flags & 1) != 0, (flags & 2) != 0,
                    (flags & 4) != 0, start, end, startRow, startColumn, endRow, endColumn, source);
            if (children > 0) {
                open.add(n);
                kids.add(new ArrayList<>(children));
                wanted.add(children);
                continue;
            }
            // a complete node: hand it to its parent, closing every parent it completes
            SyntaxNode done = n;
            while (true) {
                if (open.isEmpty()) {
                    top.add(done);
                    break;
                }
                List<SyntaxNode> siblings = kids.getLast();
                siblings.add(done);
                if (siblings.size() < wanted.getLast()) {
                    break;
                }
                done = open.removeLast();
                done.setChildren(kids.removeLast());
                wanted.removeLast();
            }
        }
        return top;
    }

    /** The bytes this holds (for accounting). */
    public int size() {
        return data.length;
    }

    /**
     * The same nodes with their encoded bytes held elsewhere meanwhile: {@code store} takes the
     * bytes and gives back what {@link Parked#unpark} reads them again with.
     */
    public <T> Parked<T> park(java.util.function.Function<byte[], T> store) {
        return new Parked<>(store.apply(data), names, roots);
    }

    /** Frozen nodes whose bytes are kept elsewhere (see {@link #park}). */
    public record Parked<T>(T where, String[] names, int roots) {
        public FrozenNodes unpark(java.util.function.Function<T, byte[]> load) {
            return new FrozenNodes(load.apply(where), names, roots);
        }
    }

    private int varint(int[] at) {
        int v = 0;
        int shift = 0;
        while (true) {
            byte b = data[at[0]++];
            v |= (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    private int signed(int[] at) {
        int v = varint(at);
        return (v >>> 1) ^ -(v & 1);
    }

    private static final class Writer {
        private byte[] out = new byte[256];
        private int n;
        final List<String> names = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        int name(String s) {
            Integer at = index.get(s); // not computeIfAbsent: its capturing lambda is an object per node
            if (at == null) {
                at = add(s);
                index.put(s, at);
            }
            return at;
        }

        /** A name added to the table (the builder looks names up by the grammar's ids itself). */
        int add(String s) {
            names.add(s);
            return names.size() - 1;
        }

        void varint(int v) {
            if (n + 5 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            int x = v;
            while ((x & ~0x7f) != 0) {
                out[n++] = (byte) ((x & 0x7f) | 0x80);
                x >>>= 7;
            }
            out[n++] = (byte) x;
        }

        void signed(int v) {
            varint((v << 1) ^ (v >> 31));
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(out, n);
        }
    }
}
