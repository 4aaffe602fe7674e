package org.kvlint.syntax;

import java.nio.charset.StandardCharsets;

/**
 * The exact bytes a tree was parsed from (valid UTF-8), with line-start offsets.
 * Node offsets index into these bytes.
 */
public final class SourceText {
    private final byte[] utf8;
    /**
     * Computed on first use: most files a scan analyses never ask for a line (nodes carry their
     * rows), and the table costs a pass over the bytes and four bytes a line while kept. Two
     * threads may both compute it; either result is the same.
     */
    private volatile int[] lineStarts;

    public SourceText(byte[] utf8) {
        this.utf8 = utf8;
    }

    public byte[] bytes() {
        return utf8;
    }

    public int length() {
        return utf8.length;
    }

    public String text(int start, int end) {
        return new String(utf8, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * Appends {@code text(start, end)} to {@code out}, without the String when the bytes are ASCII
     * (each byte is then its char): the canonical text of a place is built leaf by leaf.
     */
    public void appendText(int start, int end, StringBuilder out) {
        for (int i = start; i < end; i++) {
            if (utf8[i] < 0) {
                out.append(text(start, end));
                return;
            }
        }
        for (int i = start; i < end; i++) {
            out.append((char) utf8[i]);
        }
    }

    public String asString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** 0-based line number of a byte offset. */
    public int rowOf(int offset) {
        int[] starts = lineStarts();
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Byte offset where a 0-based row starts. */
    public int lineStart(int row) {
        int[] starts = lineStarts();
        return row < starts.length ? starts[row] : utf8.length;
    }

    /** Byte offset of the end of a 0-based row, before its line terminator. */
    public int lineEnd(int row) {
        int end = row + 1 < lineStarts().length ? lineStarts()[row + 1] - 1 : utf8.length;
        if (end > 0 && end <= utf8.length && end - 1 >= lineStart(row) && utf8[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    public int lineCount() {
        return lineStarts().length;
    }

    private int[] lineStarts() {
        int[] starts = lineStarts;
        if (starts == null) {
            starts = NativeScan.lineStarts(utf8);
            lineStarts = starts;
        }
        return starts;
    }

    /** {@link NativeScan#lineStarts} in Java: the reference its tests compare with. */
    static int[] lineStartsInJava(byte[] utf8) {
        int count = 1;
        for (byte b : utf8) {
            if (b == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }
}
