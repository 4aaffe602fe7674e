package org.kvlint.rules;

/** How bad a finding is; the names are SARIF's. */
public enum Level {
    /** a memory bug. */
    ERROR,
    /** an ineffective or harmful pattern. */
    WARNING,
    /** correct, but convertible to the kvmalloc API. */
    NOTE;

    public String label() {
        return name().toLowerCase();
    }
}
