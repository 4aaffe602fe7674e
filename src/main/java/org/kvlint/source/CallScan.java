package org.kvlint.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The one pass over every byte of every scanned file: finds each identifier written in call
 * position ({@code name(} or {@code name (}), which is how every allocator, free and wrapper call
 * is spelt, and answers from that alone:
 * <ul>
 *   <li>where the file calls a function of the allocator table (the top-level items to parse),</li>
 *   <li>whether it calls one of the vmalloc-side "token" functions (only such files can hold an
 *       open-coded fallback or a vmalloc/kvmalloc allocation of their own),</li>
 *   <li>the hashes of every name it calls, kept (and cached) so that once the tree-wide index knows
 *       which helpers wrap an allocator, a file that calls one is found without reading it again;</li>
 *   <li>the hashes of the functions it defines ({@link #definitionAt}), so that the one file
 *       that defines a function is found without reading every file that calls it.</li>
 * </ul>
 *
 * <p>It does not tokenise: a {@link NameFinder} finds the parentheses (in the natives,
 * {@code memchr()}), and only the identifier right before each is hashed. Comments
 * and strings are not skipped, so a name in a comment counts as a call: the answers are a superset,
 * which costs at most a parse, never a finding.
 */
public final class CallScan {
    /**
     * What one file calls.
     *
     * @param tableCalls start offsets of the names of calls of allocator-table functions, ascending
     * @param callsToken true when one of them is a token function
     * @param callHashes {@link #hash} of every distinct called name, ascending
     * @param mentionsNolint a suppression comment may be there: the file writes {@code NOLINT(},
     *     {@code NOLINTNEXTLINE(}, {@code NOLINTBEGIN(} or {@code NOLINTEND(}, the only spellings
     *     {@link NolintDirectives} reads a directive or a problem from
     * @param freedFieldHashes {@link #hash} of every struct member freed by name with a table free
     *     ({@code kfree(ip->i_hash_cache)} gives {@code i_hash_cache}), ascending: which files may
     *     free a field, for the tree-wide questions of a fix
     * @param definedHashes {@link #hash} of every name that has a function definition's shape
     *     ({@link #definitionAt}), ascending: which file defines a function a fix follows
     */
    public record Result(int[] tableCalls, boolean callsToken, int[] callHashes, boolean mentionsNolint,
                         int[] freedFieldHashes, int[] definedHashes) {
        /** Does the file (probably: hashes may collide) call one of these names? */
        public boolean mayCall(NameSet names) {
            return names.intersects(callHashes);
        }
    }

    /**
     * Finds the names in call position of a file's bytes: the byte loop of {@link #scan}, which {@link #JAVA} spells out and the natives do faster (the syntax
     * package's {@code NativeScan}; the tests hold the two to the same answers).
     */
    public interface NameFinder {
        /**
         * From {@code b[from]} on, for each {@code (} with an identifier right before it (blanks
         * and tabs between allowed, not starting with a digit), writes the name's {@link #hash},
         * start and end offset to {@code out[1 + 3k ...]} (the end as {@code ~end}, negative, when
         * the name is a function definition's: {@link #definitionAt}) and the number of names
         * written to {@code out[0]}, until {@code out} is full.
         *
         * @param length the bytes are {@code b[0, length)} (b may be a longer buffer)
         * @return the offset of the first {@code (} not looked at, or {@code length} when done
         */
        int names(byte[] b, int from, int length, int[] out);

        /** Sorts {@code a[0, n)} ascending and removes repeats; returns how many values are left. */
        int distinctSorted(int[] a, int n);
    }

    /** Shared by every file with nothing of a kind: most files free no member by name, many define nothing. */
    private static final int[] NONE = new int[0];

    /** {@link NameFinder} in Java: the reference. */
    public static final NameFinder JAVA = new NameFinder() {
        @Override
        public int names(byte[] b, int from, int length, int[] out) {
            int n = 0;
            for (int paren = from; paren < length; paren++) {
                if (b[paren] != '(') {
                    continue;
                }
                if (1 + 3 * (n + 1) > out.length) {
                    out[0] = n;
                    return paren;
                }
                int end = nameEnd(b, paren, 0);
                int start = nameStart(b, end, 0);
                if (start >= 0) {
                    out[1 + 3 * n] = hash(b, start, end);
                    out[2 + 3 * n] = start;
                    out[3 + 3 * n] = definitionAt(b, start, end, length) ? ~end : end;
                    n++;
                }
            }
            out[0] = n;
            return length;
        }

        @Override
        public int distinctSorted(int[] a, int n) {
            Arrays.sort(a, 0, n);
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (m == 0 || a[i] != a[m - 1]) {
                    a[m++] = a[i];
                }
            }
            return m;
        }
    };

    /** The names a suppression directive starts with, when written as it must be: right before {@code (}. */
    private static final NameSet DIRECTIVES = new NameSet(List.of("NOLINT", "NOLINTNEXTLINE", "NOLINTBEGIN",
            "NOLINTEND"));
    /**
     * Names found per call of the finder (a file with more is scanned in several calls): 3 KB of
     * room; a call costs a fraction of a microsecond, and this array is allocated per file (at
     * 1024 names it was 0.7 GB of a whole-tree scan's allocation).
     */
    private static final int NAMES_PER_CALL = 256;

    private final NameSet table;
    private final NameSet tokens;
    private final NameSet frees;
    private final NameFinder finder;

    /**
     * @param tableNames every function of the allocator table
     * @param tokenNames the table functions that make a file worth parsing by themselves
     * @param freeNames the table's frees, whose freed members are noted
     */
    public CallScan(Collection<String> tableNames, Collection<String> tokenNames, Collection<String> freeNames) {
        this(tableNames, tokenNames, freeNames, JAVA);
    }

    /** As above, with the byte loop done by {@code finder}. */
    public CallScan(Collection<String> tableNames, Collection<String> tokenNames, Collection<String> freeNames,
                    NameFinder finder) {
        this.table = new NameSet(tableNames);
        this.tokens = new NameSet(tokenNames);
        this.frees = new NameSet(freeNames);
        this.finder = finder;
    }

    public Result scan(byte[] content) {
        return scan(content, content.length);
    }

    /** The same for the bytes {@code content[0, length)} (content may be a longer buffer: nothing past length is read). */
    public Result scan(byte[] content, int length) {
        // room for about one name in 64 bytes (C has one in 90): most files in one or two calls
        int[] found = new int[1 + 3 * Math.min(NAMES_PER_CALL, length / 64 + 8)];
        int[] hashes = new int[64];
        int nHashes = 0;
        int[] calls = new int[8];
        int nCalls = 0;
        boolean token = false;
        boolean nolint = false;
        int[] fields = new int[4];
        int nFields = 0;
        int[] defined = new int[8];
        int nDefined = 0;
        for (int from = 0; from < length; ) {
            from = finder.names(content, from, length, found);
            int names = found[0];
            if (nHashes + names > hashes.length) {
                hashes = Arrays.copyOf(hashes, Math.max(hashes.length * 2, nHashes + names));
            }
            for (int k = 0; k < names; k++) {
                int h = found[1 + 3 * k];
                int start = found[2 + 3 * k];
                int end = found[3 + 3 * k];
                if (end < 0) {
                    end = ~end;
                    if (nDefined == defined.length) {
                        defined = Arrays.copyOf(defined, nDefined * 2);
                    }
                    defined[nDefined++] = h;
                }
                hashes[nHashes++] = h;
                if (!table.contains(h, content, start, end)) {
                    nolint = nolint || DIRECTIVES.contains(h, content, start, end);
                    continue;
                }
                if (nCalls == calls.length) {
                    calls = Arrays.copyOf(calls, nCalls * 2);
                }
                calls[nCalls++] = start;
                token |= tokens.contains(h, content, start, end);
                if (frees.contains(h, content, start, end)) {
                    int paren = end;
                    while (content[paren] != '(') {
                        paren++; // past the blanks nameEnd allowed
                    }
                    int field = freedMember(content, paren, length);
                    if (field != 0) {
                        if (nFields == fields.length) {
                            fields = Arrays.copyOf(fields, nFields * 2);
                        }
                        fields[nFields++] = field;
                    }
                }
            }
        }
        return new Result(Arrays.copyOf(calls, nCalls), token,
                Arrays.copyOf(hashes, finder.distinctSorted(hashes, nHashes)), nolint, distinctSorted(fields, nFields),
                distinctSorted(defined, nDefined));
    }

    /** How far back {@link #definitionAt} looks for the line that starts a declaration. */
    private static final int DEFINITION_BACK = 512;
    /** How far past the parenthesis it looks for the body's brace. */
    private static final int DEFINITION_ON = 4096;

    /**
     * Is the identifier {@code b[start, end)} the name of a function definition, by its shape? A
     * line that starts a declaration (a letter or underscore at its start, none of {@code ;{}()}
     * from there up to the name), its type right before the name (an identifier byte, then only
     * blanks, line ends and {@code *}), the name, a parameter list, and the opening brace of a
     * body — as the regular expression
     * {@code (?m)^[A-Za-z_](?:[^;{}()]*[A-Za-z0-9_])?[\s*]*\bNAME\s*\([^;{]*\)\s*\{} over the
     * bytes read as ISO-8859-1 finds it, with the line start looked for at most 512 bytes before
     * the name and the brace at most 4,096 bytes after the parenthesis, so that every name costs
     * a bounded look whatever the text (a definition spelt wider than that is not one here). The
     * natives' {@code definition_at} is the same.
     *
     * @param length the bytes are {@code b[0, length)}
     */
    public static boolean definitionAt(byte[] b, int start, int end, int length) {
        int t = start - 1;
        while (t >= 0 && start - t <= DEFINITION_BACK && (SPACE[b[t] & 0xff] || b[t] == '*')) {
            t--;
        }
        if (t < 0 || start - t > DEFINITION_BACK || !IDENT[b[t] & 0xff]) {
            return false; // no type right before the name: "= foo(", "(foo(", "\tfoo(" after a ';'
        }
        for (int k = start - 1; ; k--) {
            if (k < 0 || k < start - DEFINITION_BACK) {
                return false;
            }
            byte c = b[k];
            if (c == ';' || c == '{' || c == '}' || c == '(' || c == ')') {
                return false;
            }
            if (LETTER[c & 0xff] && (k == 0 || lineTerminator(b[k - 1]))) {
                break;
            }
        }
        int i = end;
        while (i < length && SPACE[b[i] & 0xff]) {
            i++;
        }
        if (i >= length || b[i] != '(') {
            return false;
        }
        int open = i;
        int stop = length - open > DEFINITION_ON ? open + DEFINITION_ON : length;
        int e = open + 1;
        while (e < stop && b[e] != ';' && b[e] != '{') {
            e++;
        }
        if (e >= stop || b[e] != '{') {
            return false;
        }
        int j = e - 1;
        while (j > open && SPACE[b[j] & 0xff]) {
            j--;
        }
        return j > open && b[j] == ')';
    }

    /** What ends a line for {@code (?m)^} in ISO-8859-1 text: {@code \n}, {@code \r}, NEL (0x85). */
    private static boolean lineTerminator(byte c) {
        return c == '\n' || c == '\r' || (c & 0xff) == 0x85;
    }

    /**
     * The hashes of the names written in call position ({@code name(}, {@code name (}) in
     * {@code b[from, to)}, in order, repeats kept: what {@link #scan} hashes, for one range.
     */
    public static int[] callHashes(byte[] b, int from, int to) {
        int[] out = new int[8];
        int n = 0;
        for (int paren = from; paren < to; paren++) {
            if (b[paren] != '(') {
                continue;
            }
            int end = nameEnd(b, paren, from);
            int start = nameStart(b, end, from);
            if (start >= 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = hash(b, start, end);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Is this byte part of a C identifier? */
    public static boolean isIdentifier(byte c) {
        return IDENT[c & 0xff];
    }

    /** Where the name before the parenthesis at {@code paren} ends: blanks between are allowed. */
    private static int nameEnd(byte[] b, int paren, int floor) {
        int end = paren;
        while (end > floor && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    /** Where the identifier ending at {@code end} starts, or -1 when there is none or it is a number. */
    private static int nameStart(byte[] b, int end, int floor) {
        int start = end;
        while (start > floor && IDENT[b[start - 1] & 0xff]) {
            start--;
        }
        return start == end || DIGIT[b[start] & 0xff] ? -1 : start;
    }

    /** Arguments longer than this are not looked into (a free's argument is a short expression). */
    private static final int MAX_ARGUMENT = 256;

    /**
     * The hash of the member a free's first argument ends with ({@code ->name} or {@code .name}
     * right before the first top-level comma or the closing parenthesis), or 0.
     */
    private static int freedMember(byte[] b, int open, int length) {
        int depth = 0;
        int end = -1;
        for (int i = open + 1; i < length && i <= open + MAX_ARGUMENT; i++) {
            byte c = b[i];
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                if (depth == 0) {
                    end = i;
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return 0;
        }
        int e = end;
        while (e > open && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        int s = e;
        while (s > open && IDENT[b[s - 1] & 0xff]) {
            s--;
        }
        if (s == e || DIGIT[b[s] & 0xff]) {
            return 0;
        }
        int p = s;
        while (p > open && (b[p - 1] == ' ' || b[p - 1] == '\t')) {
            p--;
        }
        boolean member = p > open && b[p - 1] == '.' || p > open + 1 && b[p - 1] == '>' && b[p - 2] == '-';
        if (!member) {
            return 0;
        }
        int h = hash(b, s, e);
        return h == 0 ? 1 : h;
    }

    private static int[] distinctSorted(int[] a, int n) {
        return n == 0 ? NONE : Arrays.copyOf(a, JAVA.distinctSorted(a, n));
    }

    /**
     * The hash of a name as {@link #scan} computes it: stable across runs and machines (the cache
     * keeps them), FNV-1a finished with murmur3's mixer.
     */
    public static int hash(byte[] b, int start, int end) {
        int h = 0x811c9dc5;
        for (int i = start; i < end; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    public static int hash(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        return hash(b, 0, b.length);
    }

    /** A fixed set of names, looked up by hash and then byte by byte. */
    public static final class NameSet {
        private final byte[][] names;
        private final int[] hashes;
        private final int[] slots;
        private final int mask;
        /** The distinct hashes, ascending, to intersect with a file's {@link Result#callHashes}. */
        private final int[] sortedHashes;

        public NameSet(Collection<String> all) {
            names = all.stream().distinct().map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
            int size = Integer.highestOneBit(Math.max(4, names.length * 4) - 1) << 1;
            slots = new int[size];
            Arrays.fill(slots, -1);
            mask = size - 1;
            hashes = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                hashes[i] = hash(names[i], 0, names[i].length);
                int s = hashes[i] & mask;
                while (slots[s] >= 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = i;
            }
            sortedHashes = distinctSorted(hashes.clone(), hashes.length);
        }

        public static NameSet of(Set<String> names) {
            return new NameSet(names);
        }

        public boolean isEmpty() {
            return names.length == 0;
        }

        boolean contains(int h, byte[] b, int start, int end) {
            for (int s = h & mask; slots[s] >= 0; s = (s + 1) & mask) {
                byte[] n = names[slots[s]];
                if (hashes[slots[s]] == h && Arrays.equals(n, 0, n.length, b, start, end)) {
                    return true;
                }
            }
            return false;
        }

        /** Do two ascending hash arrays share a value? Linear merge, or binary search when one is small. */
        public boolean intersects(int[] fileHashes) {
            int[] small = sortedHashes.length <= fileHashes.length ? sortedHashes : fileHashes;
            int[] large = small == sortedHashes ? fileHashes : sortedHashes;
            if (small.length * 16 < large.length) {
                for (int h : small) {
                    if (Arrays.binarySearch(large, h) >= 0) {
                        return true;
                    }
                }
                return false;
            }
            int i = 0;
            int j = 0;
            while (i < small.length && j < large.length) {
                if (small[i] == large[j]) {
                    return true;
                }
                if (small[i] < large[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return false;
        }
    }

    private static final boolean[] IDENT = new boolean[256];
    private static final boolean[] DIGIT = new boolean[256];
    private static final boolean[] LETTER = new boolean[256];
    /** Java's {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
    private static final boolean[] SPACE = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            IDENT[b] = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_';
            DIGIT[b] = b >= '0' && b <= '9';
            LETTER[b] = IDENT[b] && !DIGIT[b];
            SPACE[b] = b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
        }
    }
}
