package org.kvlint.fix;

/**
 * A file's line terminator, so that text a fix inserts matches the file: fix generators write
 * {@code '\n'}, a CRLF file gets {@code "\r\n"}.
 */
public enum LineEnding {
    LF,
    CRLF;

    /** The dominant terminator of {@code bytes}: CRLF when most lines end in CR LF. */
    public static LineEnding of(byte[] bytes) {
        int crlf = 0;
        int lf = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (i > 0 && bytes[i - 1] == '\r') {
                    crlf++;
                } else {
                    lf++;
                }
            }
        }
        return crlf > lf ? CRLF : LF;
    }

    /** {@code text} with every bare {@code '\n'} turned into this terminator. */
    public String translate(String text) {
        if (this == LF || text.indexOf('\n') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                out.append('\r');
            }
            out.append(c);
        }
        return out.toString();
    }
}
