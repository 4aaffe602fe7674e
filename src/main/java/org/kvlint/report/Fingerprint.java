package org.kvlint.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * kvlint's line-free fingerprint of a finding ({@value #KVLINT}): SHA-256 of the rule id, the
 * file's path relative to the source root, and the flagged code and related code with all
 * whitespace removed, then {@code ":"} and the occurrence number of that same hash in the file
 * (counted in position order). Lines added or removed elsewhere in the file, re-indentation and
 * moving the code do not change it; editing the flagged code, renaming the file or changing the
 * rule id does. Baselines match on it; SARIF carries it next to GitHub's own line hash.
 */
public final class Fingerprint {
    /** The partialFingerprints key of kvlint's fingerprint; the suffix versions the algorithm. */
    public static final String KVLINT = "kvlint/v1";
    /** GitHub's key: the hash of the primary location's line and what follows it (see {@link LineHash}). */
    public static final String LINE_HASH = "primaryLocationLineHash";

    private Fingerprint() {}

    /** The hash part, before the occurrence number is appended. */
    static String hash(String ruleId, String path, String code, List<String> relatedCode) {
        StringBuilder sb = new StringBuilder(ruleId).append('\0').append(path).append('\0').append(squeeze(code));
        for (String r : relatedCode) {
            sb.append('\0').append(squeeze(r));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            // 128 bits: collisions between distinct findings of one file are out of reach
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Drops all whitespace, so re-indenting or re-wrapping the code keeps the fingerprint. */
    static String squeeze(String code) {
        StringBuilder sb = new StringBuilder(code.length());
        code.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
