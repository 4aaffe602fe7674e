package org.kvlint.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the suppression comments of a C file, in clang-tidy's spelling so kernel developers
 * already know it:
 * <ul>
 *   <li>{@code NOLINT(KV004)} silences its own line;</li>
 *   <li>{@code NOLINTNEXTLINE(KV004)} the line after it;</li>
 *   <li>{@code NOLINTBEGIN(KV004)} ... {@code NOLINTEND(KV004)} every line from one to the other.</li>
 * </ul>
 * Only inside comments ({@code /* *}{@code /} or {@code //}), never in strings; several ids
 * comma-separated; an id may be a rule id, a rule name or a {@code *} glob (matched later, by the
 * engine). A bare {@code NOLINT} without ids is clang-tidy's "silence every check" and does not
 * silence kvlint: a kernel file's blanket NOLINT was written for another tool.
 *
 * <p>A pure function of the bytes, called on every file of a tree: it returns at once when the
 * bytes do not contain {@code NOLINT} (a skipping search that looks at about one byte in six),
 * and only then lexes the file's comments and strings, once, in linear time.
 */
public final class NolintDirectives {
    private static final byte[] MARK = {'N', 'O', 'L', 'I', 'N', 'T'};
    /** Horspool's shift per byte value for {@link #MARK}. */
    private static final int[] SHIFT = new int[256];

    static {
        java.util.Arrays.fill(SHIFT, MARK.length);
        for (int i = 0; i < MARK.length - 1; i++) {
            SHIFT[MARK[i] & 0xff] = MARK.length - 1 - i;
        }
    }

    private NolintDirectives() {}

    /** The directives of a file's bytes; {@link FileDirectives#NONE} when it has none. */
    public static FileDirectives scan(byte[] bytes) {
        if (indexOf(bytes, 0, bytes.length) < 0) {
            return FileDirectives.NONE;
        }
        Collector c = new Collector(bytes);
        lex(bytes, c);
        return c.result();
    }

    /** Where {@code NOLINT} first occurs in [from, to), or -1 (Boyer-Moore-Horspool). */
    static int indexOf(byte[] b, int from, int to) {
        int last = MARK.length - 1;
        for (int i = from; i + last < to; ) {
            int c = b[i + last] & 0xff;
            if (c == 'T') {
                int j = last - 1;
                while (j >= 0 && b[i + j] == MARK[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += SHIFT[c];
        }
        return -1;
    }

    /**
     * Walks the file once, tracking lines, and hands every comment to {@code c}. Strings and
     * character literals are skipped (a "NOLINT" in a string is not a directive); a line comment
     * continues over backslash-newline, as in C.
     */
    private static void lex(byte[] b, Collector c) {
        int n = b.length;
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < n) {
            byte x = b[i];
            if (x == '\n') {
                line++;
                lineStart = ++i;
            } else if (x == '/' && i + 1 < n && b[i + 1] == '*') {
                int start = i;
                int startLine = line;
                int startLineStart = lineStart;
                i += 2;
                while (i < n && !(b[i] == '*' && i + 1 < n && b[i + 1] == '/')) {
                    if (b[i] == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                    i++;
                }
                i = Math.min(n, i + 2);
                c.comment(start, i, startLine, startLineStart);
            } else if (x == '/' && i + 1 < n && b[i + 1] == '/') {
                int start = i;
                int startLine = line;
                int startLineStart = lineStart;
                while (i < n && b[i] != '\n') {
                    if (b[i] == '\\' && continuesLine(b, i)) {
                        i = b[i + 1] == '\r' ? i + 3 : i + 2;
                        line++;
                        lineStart = i;
                        continue;
                    }
                    i++;
                }
                c.comment(start, i, startLine, startLineStart);
            } else if (x == '"' || x == '\'') {
                i++;
                while (i < n && b[i] != x && b[i] != '\n') {
                    if (b[i] == '\\' && i + 1 < n) {
                        if (continuesLine(b, i)) {
                            i = b[i + 1] == '\r' ? i + 3 : i + 2;
                            line++;
                            lineStart = i;
                            continue;
                        }
                        i++;
                    }
                    i++;
                }
                if (i < n && b[i] == x) {
                    i++;
                }
            } else {
                i++;
            }
        }
    }

    /** A backslash at {@code i} followed by a newline (LF or CRLF). */
    private static boolean continuesLine(byte[] b, int i) {
        return i + 1 < b.length && (b[i + 1] == '\n' || b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n');
    }

    /** Reads directives out of comments and pairs the regions. */
    private static final class Collector {
        private final byte[] b;
        private final List<FileDirectives.Suppression> out = new ArrayList<>();
        private final List<FileDirectives.Problem> problems = new ArrayList<>();
        /** Open NOLINTBEGIN regions by id (as written, case-insensitive), innermost last. */
        private final Map<String, Deque<int[]>> open = new LinkedHashMap<>();
        private final Map<String, String> openSpelling = new LinkedHashMap<>();

        Collector(byte[] b) {
            this.b = b;
        }

        /** A comment [start, end) that begins on {@code line}, whose line starts at {@code lineStart}. */
        void comment(int start, int end, int line, int lineStart) {
            int from = start;
            int at;
            while ((at = indexOf(b, from, end)) >= 0) {
                // the line and column of this NOLINT: count the newlines between
                for (int k = lineStart; k < at; k++) {
                    if (b[k] == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                from = directive(at, end, line, at - lineStart + 1);
            }
        }

        /** Reads the directive at {@code at}; returns where to go on searching. */
        private int directive(int at, int end, int line, int column) {
            int i = at + MARK.length;
            if (at > 0 && identifier(b[at - 1])) {
                return i; // part of a longer word, e.g. XNOLINT
            }
            FileDirectives.Kind kind = FileDirectives.Kind.NOLINT;
            boolean isEnd = false;
            if (word(i, end, "NEXTLINE")) {
                kind = FileDirectives.Kind.NOLINTNEXTLINE;
                i += 8;
            } else if (word(i, end, "BEGIN")) {
                kind = FileDirectives.Kind.NOLINTBEGIN;
                i += 5;
            } else if (word(i, end, "END")) {
                isEnd = true;
                i += 3;
            }
            if (i >= end || b[i] != '(') {
                return i; // bare: silences every check for clang-tidy, nothing for kvlint
            }
            int close = i + 1;
            while (close < end && b[close] != ')' && b[close] != '\n') {
                close++;
            }
            if (close >= end || b[close] != ')') {
                return i;
            }
            List<String> ids = new ArrayList<>();
            for (String id : new String(b, i + 1, close - i - 1, java.nio.charset.StandardCharsets.UTF_8).split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
            if (isEnd) {
                end(ids, line, column);
            } else if (kind == FileDirectives.Kind.NOLINTBEGIN) {
                for (String id : ids) {
                    String key = id.toLowerCase(java.util.Locale.ROOT);
                    open.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new int[] {line, column});
                    openSpelling.putIfAbsent(key, id);
                }
            } else {
                int target = kind == FileDirectives.Kind.NOLINT ? line : line + 1;
                for (String id : ids) {
                    out.add(new FileDirectives.Suppression(kind, id, line, column, target, target));
                }
            }
            return close + 1;
        }

        private void end(List<String> ids, int line, int column) {
            for (String id : ids) {
                Deque<int[]> stack = open.get(id.toLowerCase(java.util.Locale.ROOT));
                if (stack == null || stack.isEmpty()) {
                    problems.add(new FileDirectives.Problem(line, column, "NOLINTEND(" + id
                            + ") without a NOLINTBEGIN(" + id + ") before it"));
                    continue;
                }
                int[] begin = stack.removeLast();
                out.add(new FileDirectives.Suppression(FileDirectives.Kind.NOLINTBEGIN, id, begin[0], begin[1], begin[0],
                        line));
            }
        }

        FileDirectives result() {
            open.forEach((key, stack) -> {
                for (int[] begin : stack) {
                    String id = openSpelling.get(key);
                    problems.add(new FileDirectives.Problem(begin[0], begin[1], "NOLINTBEGIN(" + id
                            + ") without a NOLINTEND(" + id + "); it silences nothing"));
                }
            });
            out.sort(java.util.Comparator.comparingInt(FileDirectives.Suppression::line)
                    .thenComparingInt(FileDirectives.Suppression::column));
            problems.sort(java.util.Comparator.comparingInt(FileDirectives.Problem::line)
                    .thenComparingInt(FileDirectives.Problem::column));
            return out.isEmpty() && problems.isEmpty() ? FileDirectives.NONE : new FileDirectives(out, problems);
        }

        /** {@code w} at {@code i}, not followed by an identifier character other than '('. */
        private boolean word(int i, int end, String w) {
            if (i + w.length() > end) {
                return false;
            }
            for (int k = 0; k < w.length(); k++) {
                if (b[i + k] != w.charAt(k)) {
                    return false;
                }
            }
            return i + w.length() >= end || !identifier(b[i + w.length()]);
        }

        private static boolean identifier(byte c) {
            return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
        }
    }
}
