package org.kvlint.rules;

import java.util.Comparator;
import java.util.List;

/**
 * A proposed change for a finding: byte-range edits of the finding's file (and, once the fix
 * stage resolved where the memory goes, of other files that free it), never a re-print of the
 * tree, so tabs, comments and odd formatting survive. The {@code fix} package applies, checks
 * and renders them.
 *
 * @param description what the change does, e.g. "use kvzalloc() and kvfree()"
 * @param edits non-overlapping edits of the same file, in any order
 * @param applicability how far the change can be trusted
 * @param reason why it is not safe, when it is not (empty when safe)
 * @param otherFiles edits of other files made in the same change (frees converted there), by path
 * @param escapes where the memory leaves the file, still to be answered tree-wide (the fix stage
 *     does, see {@link Escapes}); {@link Escapes#NONE} once answered or when there are none
 * @param note what the fix did not check and says so (e.g. no kernel tree around the file); ""
 */
public record Fix(String description, List<TextEdit> edits, Applicability applicability, String reason,
                  List<FileEdits> otherFiles, Escapes escapes, String note) {

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

    /**
     * Edits of another file in the same change.
     *
     * @param path the file as the scan names it (its display path, or its key in the tree index)
     */
    public record FileEdits(String path, List<TextEdit> edits) {
        public FileEdits {
            edits = edits.stream().sorted(TextEdit.ORDER).distinct().toList();
        }
    }

    /**
     * The escapes a rule could not answer in its file, and what the fix would be without them:
     * the fix carries {@code applicability}/{@code reason} with the escapes counted as UNSAFE (so a
     * consumer that does not resolve them stays on the safe side), and this the rest.
     *
     * @param open the escapes, in the order met
     * @param applicability the fix's applicability without them
     * @param reason the fix's reason without them
     * @param familiesKept the rewrite keeps the set of allocator families that can produce the
     *     memory (a kmalloc/vmalloc fallback or choice becoming kvmalloc): an escape that cannot be
     *     checked at all (no kernel tree) does not by itself make it unsafe
     * @param completion the fix is right by itself (a wrong free becoming kvfree()); the escapes
     *     only find more wrong frees of the same memory to convert in the same change, and what
     *     cannot be converted goes to the note, never lowers it
     */
    public record Escapes(List<Escape> open, Applicability applicability, String reason, boolean familiesKept,
                         boolean completion) {
        public static final Escapes NONE = new Escapes(List.of(), Applicability.SAFE, "", false, false);

        public Escapes {
            open = List.copyOf(open);
        }

        public boolean isEmpty() {
            return open.isEmpty();
        }
    }

    public Fix {
        edits = edits.stream().sorted(TextEdit.ORDER).toList();
        otherFiles = otherFiles.stream().sorted(java.util.Comparator.comparing(FileEdits::path)).toList();
    }

    /** A fix of its own file only, with nothing left to resolve. */
    public Fix(String description, List<TextEdit> edits, Applicability applicability, String reason) {
        this(description, edits, applicability, reason, List.of(), Escapes.NONE, "");
    }

    /**
     * A fix whose memory leaves the file by {@code open}: UNSAFE with the escapes in its reason
     * until the fix stage answers them ({@link Escapes}); {@code applicability}/{@code reason} are
     * what it is without them.
     */
    public static Fix escaping(String description, List<TextEdit> edits, Applicability applicability, String reason,
                               List<Escape> open, boolean familiesKept) {
        if (open.isEmpty()) {
            return new Fix(description, edits, applicability, reason);
        }
        Applicability worst = applicability == Applicability.DISPLAY_ONLY ? applicability : Applicability.UNSAFE;
        List<String> whys = new java.util.ArrayList<>();
        if (!reason.isEmpty()) {
            whys.add(reason);
        }
        open.stream().map(Escape::text).distinct().forEach(whys::add);
        return new Fix(description, edits, worst, joinReasons(whys), List.of(),
                new Escapes(open, applicability, reason, familiesKept, false), "");
    }

    /**
     * A fix that is right by itself and may have more of the same to do where the memory is
     * stored: the fix stage converts the other wrong frees it finds in the same change.
     */
    public static Fix completing(Fix fix, List<Escape> open) {
        return open.isEmpty() ? fix : new Fix(fix.description, fix.edits, fix.applicability, fix.reason, fix.otherFiles,
                new Escapes(open, fix.applicability, fix.reason, false, true), fix.note);
    }

    /** Reasons joined, at most three of them shown: enough to act on, short enough to read. */
    public static String joinReasons(List<String> whys) {
        List<String> distinct = whys.stream().filter(w -> !w.isEmpty()).distinct().toList();
        String shown = String.join("; ", distinct.subList(0, Math.min(3, distinct.size())));
        return distinct.size() > 3 ? shown + "; and " + (distinct.size() - 3) + " more" : shown;
    }

    /**
     * The same change with one more concern: the applicability is the worse of the two, the
     * concern's reason comes first; the escapes' own level is lowered alike.
     */
    public Fix concern(Applicability level, String why) {
        Applicability a = level.compareTo(applicability) > 0 ? level : applicability;
        String r = reason.isEmpty() ? why : why + "; " + reason;
        Escapes e = escapes.isEmpty() ? escapes : new Escapes(escapes.open(),
                level.compareTo(escapes.applicability()) > 0 ? level : escapes.applicability(),
                escapes.reason().isEmpty() ? why : why + "; " + escapes.reason(), escapes.familiesKept(),
                escapes.completion());
        return new Fix(description, edits, a, r, otherFiles, e, note);
    }

    /** The same change with another applicability and reason. */
    public Fix with(Applicability newApplicability, String newReason) {
        return new Fix(description, edits, newApplicability, newReason, otherFiles, escapes, note);
    }

    /** The same change with other edits of its own file. */
    public Fix withEdits(List<TextEdit> newEdits) {
        return new Fix(description, newEdits, applicability, reason, otherFiles, escapes, note);
    }

    /** Every file this fix touches besides its own. */
    public boolean crossFile() {
        return !otherFiles.isEmpty();
    }
}
