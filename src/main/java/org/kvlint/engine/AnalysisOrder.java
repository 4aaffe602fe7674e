package org.kvlint.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kvlint.source.CallScan;
import org.kvlint.source.ItemLexer;

/**
 * The order in which the files that matter are analysed: a file after the files that define the
 * functions it calls, so that when its items are chosen and its rules ask the tree-wide index about
 * a helper, the helper's own file has been analysed already and the answer is final. That is what
 * lets every file be parsed once: analysed in any other order, a file that calls a wrapper found
 * later has to be analysed again.
 *
 * <p>Who defines what is read without parsing, from the top-level items ({@link ItemLexer}): the
 * name before the first parenthesis of every function definition and function-like
 * {@code #define}. Files that call each other (a cycle) land in one level, and the level names its
 * cycles: the scan keeps their parsed items and analyses them again until they agree, without a
 * second parse. A misjudged order costs a second analysis in the solve rounds, never a wrong answer.
 */
final class AnalysisOrder {
    private AnalysisOrder() {}

    /**
     * What the order needs of one file's functions and function-like macros, read without
     * parsing: each one's name, whether other files can call it (not {@code static} in a
     * {@code .c} file: {@code probe()} and {@code show()} are everywhere, and counting them would
     * tie unrelated files into one cycle), and the names it calls, all as {@link CallScan#hash}es.
     */
    record Shape(int[] names, boolean[] exported, int[][] calls) {
        static final Shape NONE = new Shape(new int[0], new boolean[0], new int[0][]);
    }

    static Shape shape(byte[] content, List<ItemLexer.Item> items, boolean header) {
        int[] names = new int[items.size()];
        boolean[] exported = new boolean[items.size()];
        int[][] calls = new int[items.size()][];
        int n = 0;
        for (ItemLexer.Item item : items) {
            int from = item.start();
            if (item.kind() == ItemLexer.Kind.MACRO) {
                from = macroName(content, item);
                if (from < 0) {
                    continue;
                }
            } else if (item.kind() != ItemLexer.Kind.FUNCTION) {
                continue;
            }
            int paren = indexOf(content, (byte) '(', from, item.end());
            if (paren < 0) {
                continue;
            }
            int end = paren;
            while (end > from && (content[end - 1] == ' ' || content[end - 1] == '\t' || content[end - 1] == '\n')) {
                end--;
            }
            int start = end;
            while (start > from && CallScan.isIdentifier(content[start - 1])) {
                start--;
            }
            if (start == end) {
                continue;
            }
            names[n] = CallScan.hash(content, start, end);
            exported[n] = header || item.kind() == ItemLexer.Kind.FUNCTION && !hasWord(content, from, start, STATIC);
            calls[n] = CallScan.callHashes(content, paren + 1, item.end());
            n++;
        }
        return new Shape(Arrays.copyOf(names, n), Arrays.copyOf(exported, n), Arrays.copyOf(calls, n));
    }

    /** Where the name of {@code #define NAME(} starts, or -1 for an object-like macro. */
    private static int macroName(byte[] b, ItemLexer.Item item) {
        int i = item.start() + 1; // past '#'
        while (i < item.end() && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i + 6 > item.end() || !new String(b, i, 6, java.nio.charset.StandardCharsets.ISO_8859_1).equals("define")) {
            return -1;
        }
        i += 6;
        while (i < item.end() && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int name = i;
        while (i < item.end() && CallScan.isIdentifier(b[i])) {
            i++;
        }
        return i > name && i < item.end() && b[i] == '(' ? name : -1;
    }

    private static final byte[] STATIC = "static".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    /** Does {@code word} occur as a whole word in {@code b[from, to)}? */
    private static boolean hasWord(byte[] b, int from, int to, byte[] word) {
        outer:
        for (int i = from; i + word.length <= to; i++) {
            for (int j = 0; j < word.length; j++) {
                if (b[i + j] != word[j]) {
                    continue outer;
                }
            }
            boolean before = i == from || !CallScan.isIdentifier(b[i - 1]);
            boolean after = i + word.length == to || !CallScan.isIdentifier(b[i + word.length]);
            if (before && after) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Levels of file positions: every file depends (calls a function another file defines that
     * may be a helper of the allocators) only on files of earlier levels or of its own cycle, which
     * shares its level. Within a level, files keep their positions' order.
     *
     * <p>A function may be such a helper when it calls a table function or another function that
     * may be one (the closure over every file's functions): no other function can return, store or
     * free allocator memory for its caller, so only these definitions order the files.
     *
     * @param shapes per file, its functions
     * @param calls per file, the hashes of every name it calls, ascending
     * @param table the hashes of the allocator table's names
     */
    static List<List<Integer>> levels(List<Shape> shapes, int[][] calls, Set<Integer> table) {
        return plan(shapes, calls, table).stream().map(Level::files).toList();
    }

    /**
     * One level of the order.
     *
     * @param files its file positions, ascending
     * @param cycles the cycles among them (strongly connected components of two files or more),
     *     each ascending, ordered by their first file: the files whose first analysis cannot see
     *     every helper they call, because some of those are defined by another file of the cycle
     */
    record Level(List<Integer> files, List<List<Integer>> cycles) {
        Level {
            files = List.copyOf(files);
            cycles = cycles.stream().map(List::copyOf).toList();
        }
    }

    /** {@link #levels}, with each level's cycles. */
    static List<Level> plan(List<Shape> shapes, int[][] calls, Set<Integer> table) {
        int n = calls.length;
        Ints helpers = helpers(shapes, table);
        Map<Integer, List<Integer>> definers = new HashMap<>();
        for (int f = 0; f < n; f++) {
            Shape s = shapes.get(f);
            for (int i = 0; i < s.names().length; i++) {
                int h = s.names()[i];
                if (s.exported()[i] && helpers.contains(h) && !table.contains(h)) {
                    List<Integer> by = definers.computeIfAbsent(h, k -> new ArrayList<>(1));
                    if (by.isEmpty() || by.getLast() != f) {
                        by.add(f);
                    }
                }
            }
        }
        int[][] deps = new int[n][];
        for (int f = 0; f < n; f++) {
            int[] d = new int[8];
            int k = 0;
            for (int h : calls[f]) {
                List<Integer> by = definers.get(h);
                if (by == null) {
                    continue;
                }
                for (int g : by) {
                    if (g != f) {
                        if (k == d.length) {
                            d = Arrays.copyOf(d, k * 2);
                        }
                        d[k++] = g;
                    }
                }
            }
            deps[f] = Arrays.stream(Arrays.copyOf(d, k)).sorted().distinct().toArray();
        }
        int[] component = components(deps);
        // Tarjan numbers components dependencies first: a component's level follows its dependencies'
        int components = 0;
        for (int c : component) {
            components = Math.max(components, c + 1);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < components; c++) {
            members.add(new ArrayList<>());
        }
        for (int f = 0; f < n; f++) {
            members.get(component[f]).add(f);
        }
        int[] level = new int[components];
        int top = 0;
        for (int c = 0; c < components; c++) {
            int l = 0;
            for (int f : members.get(c)) {
                for (int g : deps[f]) {
                    if (component[g] != c) {
                        l = Math.max(l, level[component[g]] + 1);
                    }
                }
            }
            level[c] = l;
            top = Math.max(top, l);
        }
        List<List<Integer>> files = new ArrayList<>();
        List<List<List<Integer>>> cycles = new ArrayList<>();
        for (int l = 0; l <= top && n > 0; l++) {
            files.add(new ArrayList<>());
            cycles.add(new ArrayList<>());
        }
        for (int f = 0; f < n; f++) {
            files.get(level[component[f]]).add(f);
        }
        // members ascend, so components with two files or more come in the order of their first file
        for (int f = 0; f < n; f++) {
            List<Integer> cycle = members.get(component[f]);
            if (cycle.size() > 1 && cycle.getFirst() == f) {
                cycles.get(level[component[f]]).add(cycle);
            }
        }
        List<Level> out = new ArrayList<>(files.size());
        for (int l = 0; l < files.size(); l++) {
            out.add(new Level(files.get(l), cycles.get(l)));
        }
        return out;
    }

    /**
     * The names of the functions that may be helpers: those that call a table function or
     * another such name, to the least fixed point. Each pass looks only at the functions not
     * found yet, in primitive sets: a tree's shapes hold about a million calls, and the closure
     * takes eight passes on 6.1.
     */
    static Ints helpers(List<Shape> shapes, Set<Integer> table) {
        Ints tableSet = new Ints(table.size());
        table.forEach(tableSet::add);
        int total = 0;
        for (Shape s : shapes) {
            total += s.names().length;
        }
        int[] names = new int[total];
        int[][] calls = new int[total][];
        int open = 0;
        for (Shape s : shapes) {
            for (int i = 0; i < s.names().length; i++) {
                names[open] = s.names()[i];
                calls[open++] = s.calls()[i];
            }
        }
        Ints helpers = new Ints(1024);
        boolean grew = true;
        while (grew) {
            grew = false;
            int kept = 0;
            for (int j = 0; j < open; j++) {
                boolean helper = helpers.contains(names[j]);
                for (int c = 0; !helper && c < calls[j].length; c++) {
                    int h = calls[j][c];
                    if (tableSet.contains(h) || helpers.contains(h)) {
                        helpers.add(names[j]);
                        helper = true;
                        grew = true;
                    }
                }
                if (!helper) { // still open: the next pass looks at it again
                    names[kept] = names[j];
                    calls[kept++] = calls[j];
                }
            }
            open = kept;
        }
        return helpers;
    }

    /** A set of ints, open addressing, without boxing. */
    static final class Ints {
        private static final int FREE = 0; // 0 itself is kept aside
        private int[] slots;
        private int size;
        private boolean zero;

        Ints(int expected) {
            slots = new int[Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1];
        }

        boolean contains(int v) {
            if (v == FREE) {
                return zero;
            }
            int mask = slots.length - 1;
            for (int s = mix(v) & mask; slots[s] != FREE; s = (s + 1) & mask) {
                if (slots[s] == v) {
                    return true;
                }
            }
            return false;
        }

        void add(int v) {
            if (v == FREE) {
                zero = true;
                return;
            }
            if (2 * (size + 1) > slots.length) {
                int[] old = slots;
                slots = new int[old.length * 2];
                size = 0;
                for (int o : old) {
                    if (o != FREE) {
                        insert(o);
                    }
                }
            }
            insert(v);
        }

        private void insert(int v) {
            int mask = slots.length - 1;
            int s = mix(v) & mask;
            while (slots[s] != FREE) {
                if (slots[s] == v) {
                    return;
                }
                s = (s + 1) & mask;
            }
            slots[s] = v;
            size++;
        }

        int size() {
            return size + (zero ? 1 : 0);
        }

        /** The name hashes are hashes already, but their low bits need not be spread. */
        private static int mix(int v) {
            int h = v * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }

    /**
     * Strongly connected components (Tarjan's algorithm, without recursion: dependency chains can
     * be long), numbered so that a component comes after every component it depends on.
     */
    private static int[] components(int[][] deps) {
        int n = deps.length;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int next = 0;
        int found = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = 0;
            index[root] = low[root] = next++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                if (callEdge[depth] < deps[v].length) {
                    int w = deps[v][callEdge[depth]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = 0;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int w;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        component[w] = found;
                    } while (w != v);
                    found++;
                }
                depth--;
                if (depth >= 0) {
                    int u = callNode[depth];
                    low[u] = Math.min(low[u], low[v]);
                }
            }
        }
        return component;
    }
}
