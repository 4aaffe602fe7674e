package org.kvlint.report;

import org.kvlint.rules.Span;

/**
 * A place in a file as reports give it: 1-based lines, 1-based columns in UTF-16 code units (SARIF's
 * {@code utf16CodeUnits}; equal to byte columns on ASCII lines), end column exclusive, plus the
 * byte range the columns were computed from.
 */
public record Region(int startLine, int startColumn, int endLine, int endColumn, int byteOffset, int byteLength) {
    /** A span whose file could not be read again: its byte columns stand in for UTF-16 ones. */
    static Region ofBytes(Span s) {
        return new Region(s.startLine(), s.startColumn(), s.endLine(), s.endColumn(), s.startByte(),
                s.endByte() - s.startByte());
    }
}
