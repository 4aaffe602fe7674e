package org.kvlint.rules;

import java.util.Comparator;
import java.util.List;

/**
 * A proposed change for a finding: byte-range edits of the finding's file, never a re-print of
 * the tree, so tabs, comments and odd formatting survive. The {@code fix} package applies,
 * checks and renders them.
 *
 * @param description what the change does, e.g. "use kvzalloc() and kvfree()"
 * @param edits non-overlapping edits of the same file, in any order
 * @param applicability how far the change can be trusted
 * @param reason why it is not safe, when it is not (empty when safe)
 */
public record Fix(String description, List<TextEdit> edits, Applicability applicability, String reason) {

    /** ruff's contracts; for kvlint SAFE also means "proven on the allocator model" once validated. */
    public enum Applicability {
        /** keeps the meaning (or improves it as the rule documents); applied by {@code kvlint fix}. */
        SAFE,
        /** may change behaviour; applied only with {@code --unsafe-fixes}. */
        UNSAFE,
        /** shown as a suggestion, never applied. */
        DISPLAY_ONLY
    }

    /**
     * Replace bytes [startByte, endByte) of the file with {@code replacement}.
     * Offsets index the file's bytes exactly as read (see SourceReader).
     */
    public record TextEdit(int startByte, int endByte, String replacement) {
        public static final Comparator<TextEdit> ORDER = Comparator.comparingInt(TextEdit::startByte)
                .thenComparingInt(TextEdit::endByte).thenComparing(TextEdit::replacement);

        public TextEdit {
            if (startByte < 0 || endByte < startByte) {
                throw new IllegalArgumentException("bad edit range " + startByte + ".." + endByte);
            }
        }
    }

    public Fix {
        edits = edits.stream().sorted(TextEdit.ORDER).toList();
    }
}
