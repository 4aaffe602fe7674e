package org.kvlint.alloc;

/** How bad a {@link Diagnostic} is at run time (§5.3). */
public enum Severity {
    /** Memory corruption, oops/BUG, or code that does not build. */
    FATAL,
    /** The kernel prints a warning and carries on, memory leaks, or a latent defect (wrong by provenance). */
    WARN,
    /** Worth knowing; not a defect by itself. */
    INFO
}
