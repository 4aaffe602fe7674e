package org.kvlint.validate;

/** How one scenario row compares, after the rewrite against before. */
public enum Verdict {
    /** Every observable is the same. */
    EQUAL,
    /**
     * Some observable differs only in a way the kvmalloc family documents as intended
     * (allocator-semantics.md §5.7 rule 3: NULL above INT_MAX, no fallback for sub-page sizes,
     * NULL for non-blocking flags, NULL on n*size overflow), nothing got worse.
     */
    DOCUMENTED,
    /** Something improved (the OOM killer no longer runs, a warning or an illegal free is gone...), nothing got worse. */
    BETTER,
    /** Something got worse. */
    WORSE;

    /** Equal, documented or better: a fix keeps its SAFE applicability only if every row is acceptable. */
    public boolean acceptable() {
        return this != WORSE;
    }
}
