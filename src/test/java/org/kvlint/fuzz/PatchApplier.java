package org.kvlint.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a one-file git-style unified diff to bytes as strictly as {@code git apply} without
 * fuzz: every hunk at exactly its stated line, every context and removed line byte-equal, counts
 * in the header equal to the lines in the hunk, "\ No newline at end of file" honoured. Used to
 * check a million fuzzed diffs without starting a million git processes (the default suite also
 * hands some to real git).
 */
final class PatchApplier {
    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    private PatchApplier() {}

    /** Why a diff does not apply. */
    static final class Rejected extends Exception {
        Rejected(String why) {
            super(why);
        }
    }

    /** The bytes after applying {@code diff} to {@code before}. */
    static byte[] apply(byte[] before, byte[] diff) throws Rejected {
        List<String> old = lines(before);
        List<String> d = lines(diff);
        List<String> out = new ArrayList<>();
        int at = 0; // next line of old to copy
        int i = 0;
        while (i < d.size() && !d.get(i).startsWith("@@")) {
            i++; // headers
        }
        if (i == d.size()) {
            throw new Rejected("no hunk");
        }
        while (i < d.size()) {
            // what follows the second @@ is the function's line, any bytes up to the newline (a lone
            // CR, a NEL) as git writes and reads it
            Matcher m = HUNK.matcher(d.get(i));
            if (!m.lookingAt()) {
                throw new Rejected("bad hunk header: " + d.get(i));
            }
            int oldStart = Integer.parseInt(m.group(1));
            int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            int from = oldCount == 0 ? oldStart : oldStart - 1;
            if (from < at || from > old.size()) {
                throw new Rejected("hunk at line " + oldStart + " out of order or past the end");
            }
            out.addAll(old.subList(at, from));
            at = from;
            int seenOld = 0;
            int seenNew = 0;
            i++;
            while (i < d.size() && !d.get(i).startsWith("@@")) {
                String l = d.get(i);
                boolean noEol = i + 1 < d.size() && d.get(i + 1).startsWith("\\ No newline at end of file");
                String body = l.substring(1);
                if (noEol) {
                    body = strip(body); // the line really has no newline
                }
                switch (l.charAt(0)) {
                    case ' ', '-' -> {
                        if (at >= old.size() || !old.get(at).equals(body)) {
                            throw new Rejected("line " + (at + 1) + " differs from the diff's " + (l.charAt(0) == ' '
                                    ? "context" : "removed line"));
                        }
                        if (l.charAt(0) == ' ') {
                            out.add(old.get(at));
                            seenNew++;
                        }
                        at++;
                        seenOld++;
                    }
                    case '+' -> {
                        out.add(body);
                        seenNew++;
                    }
                    default -> throw new Rejected("bad line in hunk: " + l);
                }
                i += noEol ? 2 : 1;
            }
            if (seenOld != oldCount || seenNew != newCount) {
                throw new Rejected("hunk at line " + oldStart + " counts " + seenOld + "/" + seenNew + ", header says "
                        + oldCount + "/" + newCount);
            }
        }
        out.addAll(old.subList(at, old.size()));
        StringBuilder s = new StringBuilder();
        out.forEach(s::append);
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Lines with their '\n' (bytes as ISO-8859-1 chars). */
    private static List<String> lines(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                out.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    private static String strip(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }
}
