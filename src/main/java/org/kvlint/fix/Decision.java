package org.kvlint.fix;

import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;

/** What happened to one finding's fix in a run. */
public sealed interface Decision {
    Finding finding();

    /** Its fix is in the output. */
    record Applied(Finding finding, Fix fix) implements Decision {}

    /**
     * Its fix is not in the output.
     *
     * @param fix the fix that was considered; null when the finding has none
     * @param detail the specifics (the fix's own reason, the finding it overlapped...)
     */
    record Skipped(Finding finding, Fix fix, Why why, String detail) implements Decision {
        public String message() {
            return why.text + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** Why a fix was left out; the text is what the summary says. */
    enum Why {
        NO_FIX("no automatic fix"),
        UNSAFE("not proven safe (use --unsafe-fixes)"),
        DISPLAY_ONLY("shown only, never applied"),
        OVERLAP("overlaps a fix applied before it"),
        DUPLICATE("already made by another fix"),
        PARSE_ERRORS("the fixed file would not parse as cleanly"),
        INVALID_UTF8("touches bytes that are not valid UTF-8"),
        BAD_EDIT("its edits conflict or fall outside the file"),
        CHANGED_ON_DISK("the file changed on disk since kvlint read it"),
        OTHER_FILE("its edits of another file cannot be made");

        final String text;

        Why(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
