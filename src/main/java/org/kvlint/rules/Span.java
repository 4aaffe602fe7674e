package org.kvlint.rules;

import org.kvlint.facts.Loc;
import org.kvlint.syntax.SyntaxNode;

/**
 * A source region: 1-based lines and 1-based byte columns (end exclusive), plus byte offsets.
 */
public record Span(int startLine, int startColumn, int endLine, int endColumn, int startByte, int endByte)
        implements Comparable<Span> {

    public static Span of(SyntaxNode n) {
        return new Span(n.startRow() + 1, n.startColumn() + 1, n.endRow() + 1, n.endColumn() + 1,
                n.startByte(), n.endByte());
    }

    public static Span of(Loc l) {
        return new Span(l.line(), l.column(), l.endLine(), l.endColumn(), l.startByte(), l.endByte());
    }

    @Override
    public int compareTo(Span o) {
        int c = Integer.compare(startLine, o.startLine);
        if (c == 0) {
            c = Integer.compare(startColumn, o.startColumn);
        }
        if (c == 0) {
            c = Integer.compare(endLine, o.endLine);
        }
        return c != 0 ? c : Integer.compare(endColumn, o.endColumn);
    }
}
