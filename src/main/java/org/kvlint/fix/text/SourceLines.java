package org.kvlint.fix.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.kvlint.syntax.SourceText;

/**
 * Line arithmetic over the exact bytes a tree was parsed from, for fix generators: where a line
 * starts and ends, what stands before and after a node on its lines, and the text of a range
 * with some edits already applied inside it. Offsets are byte offsets; a line's end is the
 * offset of its {@code '\n'} (a preceding {@code '\r'} belongs to the line's text and is
 * treated as blank).
 */
public final class SourceLines {
    /** Replace bytes [start, end) with {@code text} (the fix package's edit, without depending on it). */
    public record Replacement(int start, int end, String text) {}

    private final SourceText source;
    private final byte[] bytes;

    public SourceLines(SourceText source) {
        this.source = source;
        this.bytes = source.bytes();
    }

    public SourceText source() {
        return source;
    }

    public int length() {
        return bytes.length;
    }

    public String text(int start, int end) {
        return source.text(start, end);
    }

    /** Offsets of every {@code '\n'}, built on first use: line lookups cost O(log lines), not O(line length). */
    private int[] newlines;

    private int[] newlines() {
        if (newlines == null) {
            int n = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    n++;
                }
            }
            int[] at = new int[n];
            int j = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    at[j++] = i;
                }
            }
            newlines = at;
        }
        return newlines;
    }

    /** Offset of the first byte of the line holding {@code offset}. */
    public int lineStart(int offset) {
        int i = Math.min(offset, bytes.length);
        // the last newline before i
        int[] nl = newlines();
        int k = java.util.Arrays.binarySearch(nl, i - 1);
        int idx = k >= 0 ? k : -k - 2;
        return idx < 0 ? 0 : nl[idx] + 1;
    }

    /**
     * Offset of the {@code '\n'} ending the line holding {@code offset}, or the file length. Inside
     * a macro body, a line's continuation (blanks and the {@code '\\'} before the newline) is part
     * of its terminator: the code of the line ends before it, so a fix generator treats a macro
     * line like any other (the fix's new lines get their continuations back, see
     * {@code rules.MacroLayout}).
     */
    public int lineEnd(int offset) {
        int nl = newline(offset);
        int i = nl;
        if (i > 0 && bytes[i - 1] == '\r') {
            i--;
        }
        if (i > 0 && i - 1 >= offset && bytes[i - 1] == '\\') {
            i--;
            while (i > offset && (bytes[i - 1] == ' ' || bytes[i - 1] == '\t')) {
                i--;
            }
            return i;
        }
        return nl;
    }

    private int newline(int offset) {
        int i = Math.max(0, offset);
        if (i >= bytes.length) {
            return bytes.length;
        }
        int[] nl = newlines();
        int k = java.util.Arrays.binarySearch(nl, i);
        int idx = k >= 0 ? k : -k - 1;
        return idx < nl.length ? nl[idx] : bytes.length;
    }

    /** Offset just past the line terminator of the line holding {@code offset} (the next line's start). */
    public int nextLineStart(int offset) {
        int e = newline(offset);
        return e < bytes.length ? e + 1 : e;
    }

    /** The whole line holding {@code offset}, without its {@code '\n'}. */
    public String line(int offset) {
        return text(lineStart(offset), lineEnd(offset));
    }

    /** True when only blanks stand between the start of its line and {@code offset}. */
    public boolean startsLine(int offset) {
        return isBlank(lineStart(offset), offset);
    }

    /** True when only blanks (spaces, tabs, CR) stand in [start, end). */
    public boolean isBlank(int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** True when the line holding {@code offset} is empty or blank. */
    public boolean isBlankLine(int offset) {
        return isBlank(lineStart(offset), lineEnd(offset));
    }

    /** The indentation (leading blanks) of the line holding {@code offset}. */
    public String indentAt(int offset) {
        return KernelLayout.indentOf(line(offset));
    }

    /** Visual column (tabs of 8) of {@code offset} on its line. */
    public int column(int offset) {
        return KernelLayout.column(text(lineStart(offset), offset));
    }

    /** What follows {@code offset} on its line, without the terminator and trailing blanks. */
    public String restOfLine(int offset) {
        return text(offset, lineEnd(offset)).stripTrailing();
    }

    /** The widest line (visual columns) among the lines touched by [start, end). */
    public int maxWidth(int start, int end) {
        int max = 0;
        for (int at = lineStart(start); at <= Math.max(start, end - 1) && at < bytes.length; at = nextLineStart(at)) {
            max = Math.max(max, KernelLayout.column(line(at)));
            if (lineEnd(at) >= bytes.length) {
                break;
            }
        }
        return max;
    }

    /**
     * The text of [start, end) with {@code edits} (absolute offsets, each inside the range, not
     * overlapping) applied: lets a generator move a statement it has already rewritten.
     */
    public String spliced(int start, int end, List<Replacement> edits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + 64);
        int at = start;
        for (Replacement e : edits.stream().sorted(Comparator.comparingInt(Replacement::start)).toList()) {
            if (e.start() < at || e.end() > end) {
                throw new IllegalArgumentException("edit " + e + " outside [" + start + ", " + end + ") or overlapping");
            }
            out.write(bytes, at, e.start() - at);
            out.writeBytes(e.text().getBytes(StandardCharsets.UTF_8));
            at = e.end();
        }
        out.write(bytes, at, end - at);
        return out.toString(StandardCharsets.UTF_8);
    }
}
