package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import org.kvlint.fix.text.KernelLayout;
import org.kvlint.syntax.SourceText;

/**
 * Fix edits inside a multi-line macro body ({@code #define} lines joined by backslash-newlines):
 * every line a fix creates or reshapes gets its continuation back, aligned like the macro's
 * other lines. Fix generators write plain C (their line arithmetic stops before a line's
 * continuation, see {@code SourceLines#lineEnd}); this is the one place that knows about the
 * backslashes, so a macro fix rewrites the body and keeps its backslash-newline layout.
 *
 * <p>Outside macro bodies an edit is returned unchanged.
 */
public final class MacroLayout {
    private MacroLayout() {}

    /** The finding with its fixes' edits laid out for the macro bodies they touch. */
    public static Finding adapt(SourceText src, Finding f) {
        if (f.fixes().isEmpty()) {
            return f;
        }
        List<Fix> fixes = new ArrayList<>();
        boolean changed = false;
        for (Fix fix : f.fixes()) {
            List<Fix.TextEdit> edits = new ArrayList<>();
            for (Fix.TextEdit e : fix.edits()) {
                Fix.TextEdit a = adapt(src, e, fix.edits());
                changed |= a != e;
                edits.add(a);
            }
            fixes.add(fix.withEdits(edits));
        }
        return changed ? f.withFixes(fixes) : f;
    }

    /** One edit, with {@code all} the edits of its fix (an edit is never stretched over another). */
    static Fix.TextEdit adapt(SourceText src, Fix.TextEdit e, List<Fix.TextEdit> all) {
        byte[] b = src.bytes();
        if (e.startByte() > b.length || e.endByte() > b.length) {
            return e;
        }
        int row = src.rowOf(e.startByte());
        int first = row;
        while (first > 0 && continues(src, first - 1)) {
            first--;
        }
        if (first == row && !continues(src, row)) {
            return e; // not a multi-line macro (a one-line #define keeps its one line)
        }
        if (!src.text(src.lineStart(first), src.lineEnd(first)).stripLeading().startsWith("#")) {
            return e;
        }
        int last = row;
        while (continues(src, last)) {
            last++;
        }
        if (e.endByte() > src.lineEnd(last)) {
            return e; // reaches past the macro's last line
        }
        int column = backslashColumn(src, row, first, last);
        boolean single = column < 0; // "code \" with one blank, no alignment
        String r = e.replacement();
        int endRow = src.rowOf(e.endByte());
        boolean reshapes = r.indexOf('\n') >= 0 || endRow != row;
        if (!reshapes && (single || r.length() == e.endByte() - e.startByte())) {
            return e;
        }
        StringBuilder out = new StringBuilder();
        String lineSoFar = src.text(src.lineStart(row), e.startByte());
        int at = 0;
        for (int nl = r.indexOf('\n'); nl >= 0; nl = r.indexOf('\n', at)) {
            String segment = r.substring(at, nl);
            String line = lineSoFar + segment;
            out.append(segment);
            if (!line.stripTrailing().endsWith("\\")) {
                String code = line.stripTrailing();
                out.setLength(out.length() - (line.length() - code.length()));
                out.append(pad(code, column, single)).append('\\');
            }
            out.append('\n');
            lineSoFar = "";
            at = nl + 1;
        }
        out.append(r.substring(at));
        int end = e.endByte();
        boolean atLineStart = end == src.lineStart(endRow);
        if (!atLineStart && endRow < last && !single && aligned(src, endRow)) {
            // realign the continuation of the line the edit ends on
            int slash = backslashAt(src, endRow);
            int codeEnd = slash;
            while (codeEnd > end && (b[codeEnd - 1] == ' ' || b[codeEnd - 1] == '\t')) {
                codeEnd--;
            }
            if (noOtherEdit(all, e, end, slash)) {
                String tail = src.text(end, codeEnd);
                String resultLine = lastLine(src.text(src.lineStart(row), e.startByte()) + out) + tail;
                out.append(tail).append(pad(resultLine, column, single));
                end = slash;
            }
        }
        return end == e.endByte() && out.toString().equals(r) ? e : new Fix.TextEdit(e.startByte(), end, out.toString());
    }

    /** No edit but {@code e} touches [from, to]. */
    private static boolean noOtherEdit(List<Fix.TextEdit> all, Fix.TextEdit e, int from, int to) {
        for (Fix.TextEdit o : all) {
            if (o != e && o.startByte() <= to && o.endByte() > from) {
                return false;
            }
        }
        return true;
    }

    private static String lastLine(String s) {
        int nl = s.lastIndexOf('\n');
        return nl < 0 ? s : s.substring(nl + 1);
    }

    /** Blanks after {@code code} so that a backslash lands on the macro's column. */
    private static String pad(String code, int column, boolean single) {
        int w = KernelLayout.column(code);
        if (single || w >= column) {
            return " ";
        }
        StringBuilder p = new StringBuilder();
        while ((w / KernelLayout.TAB + 1) * KernelLayout.TAB <= column) {
            p.append('\t');
            w = (w / KernelLayout.TAB + 1) * KernelLayout.TAB;
        }
        p.append(" ".repeat(column - w));
        return p.toString();
    }

    /**
     * The visual column the macro aligns its backslashes on: the most common column among its
     * lines whose backslash follows a tab or several blanks (the larger one on a tie); -1 when
     * every backslash follows its code after a single blank (no alignment).
     */
    private static int backslashColumn(SourceText src, int row, int first, int last) {
        java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
        for (int r = first; r < last; r++) {
            if (aligned(src, r)) {
                int slash = backslashAt(src, r);
                counts.merge(KernelLayout.column(src.text(src.lineStart(r), slash)), 1, Integer::sum);
            }
        }
        int best = -1;
        int bestCount = 0;
        for (var c : counts.entrySet()) {
            if (c.getValue() >= bestCount) {
                best = c.getKey();
                bestCount = c.getValue();
            }
        }
        return best;
    }

    /** Does the line's backslash follow a tab or several blanks (so it was placed on a column)? */
    private static boolean aligned(SourceText src, int row) {
        int slash = backslashAt(src, row);
        if (slash < 0 || row >= src.lineCount() - 1) {
            return false;
        }
        String before = src.text(src.lineStart(row), slash);
        return before.endsWith("\t") || before.endsWith("  ");
    }

    /** Does the line end with a backslash-newline? */
    static boolean continues(SourceText src, int row) {
        return row < src.lineCount() - 1 && backslashAt(src, row) >= 0;
    }

    /** Offset of the line's final backslash (before an optional CR), or -1. */
    private static int backslashAt(SourceText src, int row) {
        int end = src.lineEnd(row);
        byte[] b = src.bytes();
        int i = end;
        if (i > src.lineStart(row) && b[i - 1] == '\r') {
            i--;
        }
        return i > src.lineStart(row) && b[i - 1] == '\\' ? i - 1 : -1;
    }
}
