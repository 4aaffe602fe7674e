package org.kvlint.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.CallSite;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/** Building blocks for minimal byte-range edits. */
final class FixEdits {
    private FixEdits() {}

    /** One whole comment: {@code // ...} on one line, or a single {@code /* ... *\/}. */
    static boolean isWholeComment(String s) {
        return s.startsWith("//") && !s.contains("\n")
                || s.startsWith("/*") && s.endsWith("*/") && s.indexOf("*/") == s.length() - 2;
    }

    /** What stands after a statement on its line is nothing or one comment (an edit up to the statement keeps it). */
    static boolean nothingOrOneComment(String rest) {
        String r = rest.strip();
        return r.isEmpty() || isWholeComment(r);
    }

    /** Renames a call: replaces only the callee name. */
    static Fix.TextEdit renameCall(CallSite call, String newName) {
        SyntaxNode name = call.nameNode();
        return new Fix.TextEdit(name.startByte(), name.endByte(), newName);
    }

    /**
     * Deletes the whole lines a statement occupies, with their indentation and newline. Empty
     * when the statement shares a line with other code (a trailing comment may go with it).
     */
    static Optional<Fix.TextEdit> deleteLines(SourceText src, SyntaxNode stmt) {
        int firstRow = stmt.startRow();
        int lastRow = stmt.endRow();
        int start = src.lineStart(firstRow);
        if (!src.text(start, stmt.startByte()).isBlank()) {
            return Optional.empty();
        }
        String after = src.text(stmt.endByte(), src.lineEnd(lastRow)).strip();
        if (!after.isEmpty() && !(after.startsWith("/*") && after.endsWith("*/") && after.indexOf("*/") == after.length() - 2)
                && !after.startsWith("//")) {
            return Optional.empty();
        }
        int end = lastRow + 1 < src.lineCount() ? src.lineStart(lastRow + 1) : src.length();
        return Optional.of(new Fix.TextEdit(start, end, ""));
    }

    /** The text of [start, end) with edits (all inside that range) applied. */
    static String rewrite(SourceText src, int start, int end, List<Fix.TextEdit> inner) {
        StringBuilder out = new StringBuilder();
        int at = start;
        for (Fix.TextEdit e : inner.stream().sorted(Comparator.comparingInt(Fix.TextEdit::startByte)).toList()) {
            if (e.startByte() < at || e.endByte() > end) {
                throw new IllegalArgumentException("edit outside the rewritten range");
            }
            out.append(src.text(at, e.startByte())).append(e.replacement());
            at = e.endByte();
        }
        out.append(src.text(at, end));
        return out.toString();
    }
}
