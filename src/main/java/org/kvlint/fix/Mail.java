package org.kvlint.fix;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mail header text for patches: addresses with RFC 2047 names, headers folded as git folds them. */
final class Mail {
    private Mail() {}

    private static final Pattern NAMED = Pattern.compile("\\s*(.*?)\\s*<([^<>\\s]+)>\\s*");
    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9 !#$%&'*+/=?^_`{|}~.-]*");

    /** "Name <mail>" or a bare address, ready for a header: a non-ASCII name encoded, specials quoted. */
    static String address(String text) {
        Matcher m = NAMED.matcher(text);
        if (!m.matches() || m.group(1).isEmpty()) {
            return text.strip();
        }
        String name = m.group(1);
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
        }
        return name(name) + " <" + m.group(2) + ">";
    }

    /** A display name: as it is when plain, quoted when it holds specials, RFC 2047 when not ASCII. */
    static String name(String name) {
        if (name.chars().allMatch(c -> c < 0x80)) {
            return ATOM.matcher(name).matches() && !name.contains(".") ? name
                    : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        StringBuilder q = new StringBuilder("=?UTF-8?q?");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                q.append((char) c);
            } else if (c == ' ') {
                q.append('_');
            } else {
                q.append('=').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return q.append("?=").toString();
    }

    /** "To: a,\n    b\n" (nothing for no addresses). */
    static void addressHeader(StringBuilder head, String field, List<String> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        head.append(field).append(": ");
        for (int i = 0; i < addresses.size(); i++) {
            head.append(i == 0 ? "" : ",\n    ").append(address(addresses.get(i)));
        }
        head.append('\n');
    }
}
