package org.kvlint.fix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.kvlint.rules.Fix.TextEdit;

/** Pure operations on byte-range edits: conflicts and application to the bytes of a file. */
public final class Edits {
    private Edits() {}

    /**
     * Do two edits touch the same bytes, or insert at the same point (where their order would be
     * a guess)? Identical edits do not conflict: two fixes may make the same change (a KV001 fix
     * and a KV004 fix both turning one {@code kfree()} into {@code kvfree()}).
     */
    public static boolean conflict(TextEdit a, TextEdit b) {
        if (a.equals(b)) {
            return false;
        }
        if (a.startByte() < b.endByte() && b.startByte() < a.endByte()) {
            return true;
        }
        boolean aInsert = a.startByte() == a.endByte();
        boolean bInsert = b.startByte() == b.endByte();
        return a.startByte() == b.startByte() && (aInsert || bInsert);
    }

    /** Does {@code edit} conflict with any of {@code accepted}? */
    public static boolean conflictsWithAny(TextEdit edit, Collection<TextEdit> accepted) {
        return accepted.stream().anyMatch(a -> conflict(edit, a));
    }

    /** True when some edit of {@code edits} conflicts with another one of them. */
    public static boolean selfConflicting(List<TextEdit> edits) {
        for (int i = 0; i < edits.size(); i++) {
            for (int j = i + 1; j < edits.size(); j++) {
                if (conflict(edits.get(i), edits.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when every edit stays inside a file of {@code length} bytes. */
    public static boolean inBounds(List<TextEdit> edits, int length) {
        return edits.stream().allMatch(e -> e.endByte() <= length);
    }

    /**
     * {@code bytes} with the edits applied. Bytes outside the edits are copied unchanged;
     * replacement text is UTF-8 with bare {@code '\n'} translated to {@code eol}. Identical
     * edits count once.
     *
     * @throws IllegalArgumentException when edits conflict or fall outside the file
     */
    public static byte[] apply(byte[] bytes, Collection<TextEdit> edits, LineEnding eol) {
        List<TextEdit> sorted = edits.stream().distinct().sorted(TextEdit.ORDER).toList();
        if (!inBounds(sorted, bytes.length) || selfConflicting(sorted)) {
            throw new IllegalArgumentException("conflicting or out-of-range edits");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 256);
        int at = 0;
        for (TextEdit e : sorted) {
            out.write(bytes, at, e.startByte() - at);
            out.writeBytes(eol.translate(e.replacement()).getBytes(StandardCharsets.UTF_8));
            at = e.endByte();
        }
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    /**
     * True when the edits replace only bytes that were read as they are on disk: where the
     * parsed copy differs from the raw bytes (invalid UTF-8 read as '?'), a generator that copied
     * text from the parsed copy would write '?' over the user's bytes.
     */
    public static boolean touchesOnlyExactBytes(byte[] raw, byte[] content, List<TextEdit> edits) {
        if (raw == content) {
            return true;
        }
        for (TextEdit e : edits) {
            if (!Arrays.equals(raw, e.startByte(), e.endByte(), content, e.startByte(), e.endByte())) {
                return false;
            }
        }
        return true;
    }
}
