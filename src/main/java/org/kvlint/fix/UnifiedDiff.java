package org.kvlint.fix;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Git-style unified diffs of one file, byte-exact: lines are compared as bytes (ISO-8859-1 maps
 * each byte to one char), CR stays part of its line, a missing final newline gets git's
 * "\ No newline at end of file" marker, and each hunk header carries the enclosing function the
 * way git's C funcname rule finds it. The line diff comes from java-diff-utils; the rendering is
 * here, so that {@code git apply} and {@code git am} take it as their own.
 */
public final class UnifiedDiff {
    /** Lines of context around each change, as git and the kernel's patches use. */
    public static final int CONTEXT = 3;
    private static final String NO_EOL = "\u0000";

    private UnifiedDiff() {}

    /**
     * One file's diff.
     *
     * @param path the path in {@code a/}/{@code b/} form without the prefix
     * @param text the whole diff (diff --git header, index line, hunks), bytes as ISO-8859-1 chars
     */
    public record FileDiff(String path, String text, int insertions, int deletions) {
        /** The diff's bytes exactly. */
        public byte[] bytes() {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }

        /** The diff for a terminal: the bytes decoded as UTF-8 (invalid bytes shown as U+FFFD). */
        public String display() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * @param path path relative to the tree root, '/'-separated
     * @param mode git file mode, "100644" or "100755"
     */
    public static FileDiff render(String path, byte[] before, byte[] after, String mode) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<AbstractDelta<String>> deltas = new ArrayList<>(DiffUtils.diff(a, b).getDeltas());
        deltas.sort(Comparator.comparingInt(d -> d.getSource().getPosition()));
        StringBuilder out = new StringBuilder();
        out.append("diff --git a/").append(path).append(" b/").append(path).append('\n');
        out.append("index ").append(blobId(before)).append("..").append(blobId(after)).append(' ').append(mode).append('\n');
        out.append("--- a/").append(path).append('\n');
        out.append("+++ b/").append(path).append('\n');
        int insertions = 0;
        int deletions = 0;
        int i = 0;
        while (i < deltas.size()) {
            int j = i;
            // merge changes whose context windows touch
            while (j + 1 < deltas.size() && start(deltas.get(j + 1)) - end(deltas.get(j)) <= 2 * CONTEXT) {
                j++;
            }
            int aFrom = Math.max(0, start(deltas.get(i)) - CONTEXT);
            int aTo = Math.min(a.size(), end(deltas.get(j)) + CONTEXT);
            int offset = deltas.get(i).getTarget().getPosition() - deltas.get(i).getSource().getPosition();
            int bFrom = aFrom + offset;
            StringBuilder body = new StringBuilder();
            int aCount = 0;
            int bCount = 0;
            int at = aFrom;
            for (int k = i; k <= j; k++) {
                AbstractDelta<String> d = deltas.get(k);
                for (; at < start(d); at++, aCount++, bCount++) {
                    line(body, ' ', a.get(at));
                }
                for (String s : d.getSource().getLines()) {
                    line(body, '-', s);
                    aCount++;
                    deletions++;
                }
                for (String s : d.getTarget().getLines()) {
                    line(body, '+', s);
                    bCount++;
                    insertions++;
                }
                at = end(d);
            }
            for (; at < aTo; at++, aCount++, bCount++) {
                line(body, ' ', a.get(at));
            }
            out.append("@@ -").append(range(aFrom, aCount)).append(" +").append(range(bFrom, bCount)).append(" @@");
            String fn = funcname(a, aFrom);
            if (!fn.isEmpty()) {
                out.append(' ').append(fn);
            }
            out.append('\n').append(body);
            i = j + 1;
        }
        return new FileDiff(path, out.toString(), insertions, deletions);
    }

    private static int start(AbstractDelta<String> d) {
        return d.getSource().getPosition();
    }

    private static int end(AbstractDelta<String> d) {
        return d.getSource().getPosition() + d.getSource().size();
    }

    /** git prints "l,n", or just "l" when n is 1, and the line before for an empty range. */
    private static String range(int from, int count) {
        if (count == 0) {
            return from + ",0";
        }
        return count == 1 ? String.valueOf(from + 1) : (from + 1) + "," + count;
    }

    private static void line(StringBuilder out, char tag, String line) {
        out.append(tag);
        if (line.endsWith(NO_EOL)) {
            out.append(line, 0, line.length() - 1).append("\n\\ No newline at end of file\n");
        } else {
            out.append(line).append('\n');
        }
    }

    /** The file's lines without '\n'; a last line without one carries a marker, so EOL changes show. */
    static List<String> lines(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < s.length()) {
            int nl = s.indexOf('\n', at);
            if (nl < 0) {
                out.add(s.substring(at) + NO_EOL);
                break;
            }
            out.add(s.substring(at, nl));
            at = nl + 1;
        }
        return out;
    }

    /**
     * Git's C hunk-header rule (the kernel's .gitattributes sets diff=cpp): the nearest line
     * above the hunk that starts with a letter or '_' and is not a goto label, cut to 80 bytes.
     */
    private static String funcname(List<String> a, int hunkStart) {
        for (int i = hunkStart - 1; i >= 0; i--) {
            String l = a.get(i).replace(NO_EOL, "");
            if (!l.isEmpty() && (Character.isLetter(l.charAt(0)) || l.charAt(0) == '_' || l.charAt(0) == '$')
                    && !l.matches("[A-Za-z_][A-Za-z_0-9]*:\\s*(|/[/*].*)")) {
                String f = l.length() > 80 ? l.substring(0, 80) : l;
                return f.stripTrailing();
            }
        }
        return "";
    }

    /** Git's blob id of {@code bytes}, abbreviated as in kernel patches. */
    public static String blobId(byte[] bytes) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            sha1.update(bytes);
            return HexFormat.of().formatHex(sha1.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }
}
