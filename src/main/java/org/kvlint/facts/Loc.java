package org.kvlint.facts;

import java.io.Serializable;
import org.kvlint.syntax.SyntaxNode;

/**
 * A region of a file's bytes, as plain data: what the facts use to name a site instead of a
 * syntax node (a site's identity is its {@code startByte}).
 *
 * @param startByte first byte (0-based offset into the bytes as read)
 * @param endByte one past the last byte
 * @param line 1-based line of the first byte
 * @param column 1-based byte column of the first byte
 * @param endLine 1-based line of the end
 * @param endColumn 1-based byte column of the end (exclusive)
 */
public record Loc(int startByte, int endByte, int line, int column, int endLine, int endColumn)
        implements Serializable, Comparable<Loc> {

    public static Loc of(SyntaxNode n) {
        return new Loc(n.startByte(), n.endByte(), n.startRow() + 1, n.startColumn() + 1, n.endRow() + 1,
                n.endColumn() + 1);
    }

    /** Does this region hold {@code other}? */
    public boolean contains(Loc other) {
        return startByte <= other.startByte && other.endByte <= endByte;
    }

    @Override
    public int compareTo(Loc o) {
        int c = Integer.compare(startByte, o.startByte);
        return c != 0 ? c : Integer.compare(endByte, o.endByte);
    }
}
