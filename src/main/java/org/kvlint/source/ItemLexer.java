package org.kvlint.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a C file into its top-level items without parsing it: functions, declarations (anything
 * that ends with a {@code ;} at file scope: prototypes, variables, struct definitions),
 * {@code #define}s and other preprocessor lines. It knows only comments, string and character
 * literals, preprocessor lines (with their continuations) and brace and parenthesis depth, so it
 * costs one linear pass; the scan uses it to hand tree-sitter only the items that can matter.
 *
 * <p>Conditional compilation is followed the way a compiler with every {@code #if} true would:
 * the depth after {@code #else}/{@code #elif} restarts from the depth at the {@code #if}, and after
 * {@code #endif} is the depth the first branch ended with, so that
 * {@code #ifdef X / int f(int a) { / #else / int f(void) { / #endif} opens one body, not two.
 *
 * <p>An item never spans a preprocessor line at file scope (a {@code #if} in the middle of a
 * function header splits it: rare, and tree-sitter's error recovery handles the pieces); an
 * unbalanced {@code }} closes the current item; a missing one runs the item to the end of the
 * file. Every result is still a set of valid, non-overlapping byte ranges in order.
 */
public final class ItemLexer {
    /** What a top-level item is. */
    public enum Kind {
        /** a function definition: a body in braces right after a parenthesis. */
        FUNCTION,
        /** anything else that ends at a file-scope semicolon (or at the end of the file). */
        DECLARATION,
        /** a {@code #define}. */
        MACRO,
        /** any other preprocessor line ({@code #include}, {@code #if}...). */
        DIRECTIVE
    }

    /**
     * One top-level item.
     *
     * @param start first byte (not a comment or blank)
     * @param end one past the last byte
     * @param kind what it is
     */
    public record Item(int start, int end, Kind kind) {}

    private ItemLexer() {}

    public static List<Item> items(byte[] b) {
        return new Run(b).lex();
    }

    private static final boolean[] IDENT = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            IDENT[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
        }
    }

    private static final class Run {
        private final byte[] b;
        private final int n;
        private final List<Item> out = new ArrayList<>();
        private int itemStart = -1;
        private int braces;
        private int parens;
        /** The last code byte outside comments and blanks, for telling a function body from an initializer. */
        private byte lastCode;
        /** Whether the brace that took the depth from 0 to 1 opened a function body. */
        private boolean bodyBrace;
        /** The current item has a parenthesised list at file scope and no {@code =}: a function header. */
        private boolean sawParams;
        private boolean sawAssign;
        /** Per open #if: the depths at the #if, and at the end of its first branch (-1 until an #else). */
        private int[] condBraces = new int[8];
        private int[] condParens = new int[8];
        private int[] firstBraces = new int[8];
        private int[] firstParens = new int[8];
        private int conds;

        Run(byte[] b) {
            this.b = b;
            this.n = b.length;
        }

        List<Item> lex() {
            int i = 0;
            boolean lineStart = true;
            while (i < n) {
                byte c = b[i];
                if (c == '\n') {
                    lineStart = true;
                    i++;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                    i++;
                    continue;
                }
                if (c == '/' && i + 1 < n && b[i + 1] == '/') {
                    i = lineCommentEnd(i);
                    continue;
                }
                if (c == '/' && i + 1 < n && b[i + 1] == '*') {
                    i = blockCommentEnd(i);
                    continue;
                }
                if (c == '#' && lineStart) {
                    i = directive(i);
                    lineStart = true;
                    continue;
                }
                lineStart = false;
                if (itemStart < 0) {
                    itemStart = i;
                }
                if (IDENT[c & 0xff]) {
                    // a name or number: none of its bytes is special, only the last is the last code
                    int j = i + 1;
                    while (j < n && IDENT[b[j] & 0xff]) {
                        j++;
                    }
                    lastCode = b[j - 1];
                    i = j;
                    continue;
                }
                switch (c) {
                    case '"', '\'' -> {
                        i = literalEnd(i, c);
                        lastCode = c;
                        continue;
                    }
                    case '(', '[' -> parens++;
                    case ')', ']' -> {
                        parens = Math.max(0, parens - 1);
                        sawParams |= c == ')' && parens == 0 && braces == 0;
                    }
                    case '=' -> sawAssign |= braces == 0 && parens == 0;
                    case '{' -> {
                        if (braces == 0) {
                            // f(...) {  or  f(...) __acquires(x) {  or  f(void) __must_check {
                            bodyBrace = parens == 0 && (lastCode == ')' || sawParams && !sawAssign && IDENT[lastCode & 0xff]);
                        }
                        braces++;
                    }
                    case '}' -> {
                        braces--;
                        if (braces <= 0) {
                            boolean unbalanced = braces < 0;
                            braces = 0;
                            parens = 0;
                            if (bodyBrace || unbalanced) {
                                close(i + 1, Kind.FUNCTION);
                                lastCode = c;
                                i++;
                                continue;
                            }
                        }
                    }
                    case ';' -> {
                        if (braces == 0 && parens == 0) {
                            close(i + 1, Kind.DECLARATION);
                            lastCode = c;
                            i++;
                            continue;
                        }
                    }
                    default -> { }
                }
                lastCode = c;
                i++;
            }
            if (itemStart >= 0) {
                close(lastNonBlank(n), braces > 0 && bodyBrace ? Kind.FUNCTION : Kind.DECLARATION);
            }
            return out;
        }

        private void close(int end, Kind kind) {
            if (itemStart >= 0 && end > itemStart) {
                out.add(new Item(itemStart, end, kind));
            }
            itemStart = -1;
            sawParams = false;
            sawAssign = false;
        }

        private int lastNonBlank(int end) {
            int e = end;
            while (e > itemStart && Character.isWhitespace(b[e - 1])) {
                e--;
            }
            return e;
        }

        private int lineCommentEnd(int i) {
            int j = i + 2;
            while (j < n && b[j] != '\n') {
                j++;
            }
            // a backslash before the newline continues a // comment (rare, but it is C)
            while (j < n && j > 0 && continued(j)) {
                j++;
                while (j < n && b[j] != '\n') {
                    j++;
                }
            }
            return j;
        }

        private int blockCommentEnd(int i) {
            int j = i + 2;
            while (j + 1 < n && !(b[j] == '*' && b[j + 1] == '/')) {
                j++;
            }
            return Math.min(n, j + 2);
        }

        /** The end of a string or character literal; an unescaped newline ends it too (recovery). */
        private int literalEnd(int i, byte quote) {
            int j = i + 1;
            while (j < n) {
                byte c = b[j];
                if (c == '\\' && j + 1 < n) {
                    j += 2;
                    continue;
                }
                if (c == quote) {
                    return j + 1;
                }
                if (c == '\n') {
                    return j;
                }
                j++;
            }
            return n;
        }

        /** A newline at {@code j} escaped by a backslash (possibly with a CR between). */
        private boolean continued(int j) {
            int k = j - 1;
            if (k >= 0 && b[k] == '\r') {
                k--;
            }
            return k >= 0 && b[k] == '\\';
        }

        /** One preprocessor line, continuations and comments included; returns where the next line starts. */
        private int directive(int i) {
            int j = i + 1;
            while (j < n && (b[j] == ' ' || b[j] == '\t')) {
                j++;
            }
            int wordStart = j;
            while (j < n && (b[j] >= 'a' && b[j] <= 'z')) {
                j++;
            }
            String word = new String(b, wordStart, j - wordStart, java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = j;
            while (end < n) {
                byte c = b[end];
                if (c == '\n') {
                    if (continued(end)) {
                        end++;
                        continue;
                    }
                    break;
                }
                if (c == '/' && end + 1 < n && b[end + 1] == '*') {
                    end = blockCommentEnd(end);
                    continue;
                }
                if (c == '/' && end + 1 < n && b[end + 1] == '/') {
                    end = lineCommentEnd(end);
                    break;
                }
                if ((c == '"' || c == '\'') && !word.equals("error") && !word.equals("warning")) {
                    end = literalEnd(end, c);
                    continue;
                }
                end++;
            }
            // whether it stands at file scope is decided by the depth before it: an #else inside a
            // function's first alternative belongs to the function
            boolean fileScope = braces == 0 && parens == 0;
            conditional(word);
            if (fileScope) {
                // file scope: the directive is an item of its own and ends any open one
                if (itemStart >= 0) {
                    close(lastNonBlankBefore(i), Kind.DECLARATION);
                }
                int e = end;
                while (e > i && Character.isWhitespace(b[e - 1])) {
                    e--;
                }
                out.add(new Item(i, e, word.equals("define") ? Kind.MACRO : Kind.DIRECTIVE));
            } else if (itemStart < 0) {
                itemStart = i;
            }
            return end;
        }

        private int lastNonBlankBefore(int i) {
            int e = i;
            while (e > itemStart && Character.isWhitespace(b[e - 1])) {
                e--;
            }
            return e;
        }

        private void conditional(String word) {
            switch (word) {
                case "if", "ifdef", "ifndef" -> {
                    if (conds == condBraces.length) {
                        condBraces = java.util.Arrays.copyOf(condBraces, conds * 2);
                        condParens = java.util.Arrays.copyOf(condParens, conds * 2);
                        firstBraces = java.util.Arrays.copyOf(firstBraces, conds * 2);
                        firstParens = java.util.Arrays.copyOf(firstParens, conds * 2);
                    }
                    condBraces[conds] = braces;
                    condParens[conds] = parens;
                    firstBraces[conds] = -1;
                    firstParens[conds] = -1;
                    conds++;
                }
                case "else", "elif", "elifdef", "elifndef" -> {
                    if (conds > 0) {
                        int k = conds - 1;
                        if (firstBraces[k] < 0) {
                            firstBraces[k] = braces;
                            firstParens[k] = parens;
                        }
                        braces = condBraces[k];
                        parens = condParens[k];
                    }
                }
                case "endif" -> {
                    if (conds > 0) {
                        conds--;
                        if (firstBraces[conds] >= 0) {
                            braces = firstBraces[conds];
                            parens = firstParens[conds];
                        }
                    }
                }
                default -> { }
            }
        }
    }
}
