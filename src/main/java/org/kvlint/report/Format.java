package org.kvlint.report;

import java.util.function.Supplier;

/** The output formats of {@code kvlint check}; each builds its reporter. */
public enum Format {
    /** gcc-style lines for people. */
    TEXT(TextReporter::new, false),
    /** kvlint's own JSON, schema docs/kvlint-report.schema.json. */
    JSON(JsonReporter::new, true),
    /** SARIF 2.1.0 for GitHub code scanning and SARIF viewers. */
    SARIF(SarifReporter::new, true),
    /** GitHub Actions workflow commands: annotations on the run and the pull request. */
    GITHUB(GithubReporter::new, false);

    private final Supplier<Reporter> factory;
    private final boolean showsFixes;

    Format(Supplier<Reporter> factory, boolean showsFixes) {
        this.factory = factory;
        this.showsFixes = showsFixes;
    }

    public Reporter reporter() {
        return factory.get();
    }

    /**
     * Whether the format carries fixes and their applicability: only then does {@code kvlint check}
     * spend the time to prove them on the allocator model.
     */
    public boolean showsFixes() {
        return showsFixes;
    }
}
