package org.kvlint.source;

/**
 * A problem with an input that is not a finding: unreadable, binary, odd encoding, parse trouble.
 * Reported as one line on stderr (and as a tool notification in SARIF); the scan goes on.
 *
 * @param path display path of the file concerned
 * @param severity how bad it is for the scan's completeness
 * @param message lowercase, no trailing period
 * @param internal kvlint itself failed on (part of) the file: an exception, a stack or memory
 *     overflow, or an exhausted work budget, rather than something wrong with the input; with
 *     {@code --strict} such a diagnostic makes the exit status 3
 */
public record Diagnostic(String path, Severity severity, String message, boolean internal)
        implements Comparable<Diagnostic> {
    public enum Severity {
        /** the file was analysed, with a caveat. */
        NOTE,
        /** the file, or part of it, was not analysed. */
        WARNING
    }

    public Diagnostic(String path, Severity severity, String message) {
        this(path, severity, message, false);
    }

    /** kvlint failed on (part of) the file; the rest of the scan goes on (see {@link #internal}). */
    public static Diagnostic internal(String path, String message) {
        return new Diagnostic(path, Severity.WARNING, message, true);
    }

    @Override
    public int compareTo(Diagnostic o) {
        int c = path.compareTo(o.path);
        return c != 0 ? c : message.compareTo(o.message);
    }

    public String render() {
        return "kvlint: " + (severity == Severity.WARNING ? "warning" : "note") + ": " + path + ": " + message;
    }
}
