package org.kvlint.fix.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel coding-style layout arithmetic for fix generators: visual columns with 8-wide tabs,
 * indentation rendered as tabs then spaces, re-aligning continuation lines when the text before
 * an open parenthesis changes length, and wrapping an argument list that would outgrow the line.
 *
 * <p>Pure functions over strings; every input line is given without its terminator (a trailing
 * {@code '\r'} of a CRLF line is treated as part of the terminator and kept where it was).
 */
public final class KernelLayout {
    /** Kernel tab width. */
    public static final int TAB = 8;
    /** checkpatch's default maximum line length since 5.7. */
    public static final int MAX_WIDTH = 100;

    private KernelLayout() {}

    /** The visual width of {@code text} when it starts at visual column {@code startColumn} (0-based). */
    public static int width(String text, int startColumn) {
        int col = startColumn;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t') {
                col = (col / TAB + 1) * TAB;
            } else if (cp != '\r' && cp != '\n') {
                col++;
            }
        }
        return col - startColumn;
    }

    /** The visual column reached after {@code text} placed at column 0. */
    public static int column(String text) {
        return width(text, 0);
    }

    /** The leading blanks (tabs and spaces) of a line. */
    public static String indentOf(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.substring(0, i);
    }

    /** Kernel-style indentation reaching visual column {@code column}: as many tabs as fit, then spaces. */
    public static String indent(int column) {
        int c = Math.max(0, column);
        return "\t".repeat(c / TAB) + " ".repeat(c % TAB);
    }

    /** True when the line is empty or only blanks (a CR counts as blank). */
    public static boolean isBlank(String line) {
        return line.chars().allMatch(ch -> ch == ' ' || ch == '\t' || ch == '\r');
    }

    /**
     * Moves the continuation lines of a multi-line construct whose opening line shifted by
     * {@code delta} visual columns at or before {@code oldParenColumn} (the column of the open
     * parenthesis in the original layout). Lines indented to at least {@code oldParenColumn + 1}
     * were aligned to that parenthesis or to something right of it on the opening line, so they
     * move by {@code delta}; lines indented less (plain tab continuation) stay as they are.
     *
     * @param text the construct, first line first; its first line is not touched
     */
    public static String shiftContinuations(String text, int oldParenColumn, int delta) {
        if (delta == 0 || text.indexOf('\n') < 0) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            String ind = indentOf(line);
            int col = column(ind);
            out.append('\n');
            if (ind.length() < line.length() && col >= oldParenColumn + 1) {
                out.append(indent(col + delta)).append(line.substring(ind.length()));
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    /**
     * Re-indents every line of {@code text} after the first: lines that started with
     * {@code from} start with {@code to} instead (a block moved one nesting level out or in).
     * Lines that do not start with {@code from} (less indented, or blank) are left alone.
     */
    public static String reindent(String text, String from, String to) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            if (!from.isEmpty() && line.startsWith(from) && !isBlank(line)) {
                out.append(to).append(line.substring(from.length()));
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    /**
     * Wraps one line (no line terminator) that holds a call's argument list, if it is wider than
     * {@code limit}: breaks after the last ", " that keeps the first part within the limit and
     * continues aligned one column right of the call's open parenthesis, as the kernel does.
     * Returns the line unchanged when it fits or cannot be broken (no comma at paren depth 1 of
     * that call, or the continuation itself would not fit).
     *
     * @param line the whole line, indentation included
     * @param openParen index in {@code line} of the call's open parenthesis
     */
    public static String wrapArguments(String line, int openParen, int limit) {
        if (column(line) <= limit || openParen < 0 || openParen >= line.length()) {
            return line;
        }
        int alignCol = column(line.substring(0, openParen + 1));
        List<Integer> breaks = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        char quote = 0;
        for (int i = openParen; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                inString = true;
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    break;
                }
            } else if (c == ',' && depth == 1 && i + 1 < line.length() && line.charAt(i + 1) == ' ') {
                breaks.add(i);
            }
        }
        for (int k = breaks.size() - 1; k >= 0; k--) {
            int at = breaks.get(k);
            String head = line.substring(0, at + 1);
            if (column(head) > limit) {
                continue;
            }
            String tail = indent(alignCol) + line.substring(at + 2);
            String wrappedTail = column(tail) > limit ? wrapTail(tail, alignCol, limit) : tail;
            return head + "\n" + wrappedTail;
        }
        return line;
    }

    /** A continuation that is still too wide: break it again at its own depth-0 commas. */
    private static String wrapTail(String tail, int alignCol, int limit) {
        int depth = 0;
        int lastBreak = -1;
        for (int i = 0; i < tail.length(); i++) {
            char c = tail.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0 && i + 1 < tail.length() && tail.charAt(i + 1) == ' ') {
                if (column(tail.substring(0, i + 1)) <= limit) {
                    lastBreak = i;
                }
            }
        }
        if (lastBreak < 0) {
            return tail;
        }
        String rest = indent(alignCol) + tail.substring(lastBreak + 2);
        return tail.substring(0, lastBreak + 1) + "\n" + (column(rest) > limit ? wrapTail(rest, alignCol, limit) : rest);
    }
}
