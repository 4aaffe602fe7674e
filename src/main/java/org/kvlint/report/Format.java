package org.kvlint.report;

import java.util.function.Supplier;

/** The output formats of {@code kvlint check}; each builds its reporter. */
public enum Format {
    /** gcc-style lines for people. */
    TEXT(TextReporter::new),
    /** kvlint's own JSON, schema docs/kvlint-report.schema.json. */
    JSON(JsonReporter::new),
    /** SARIF 2.1.0 for GitHub code scanning and SARIF viewers. */
    SARIF(SarifReporter::new),
    /** GitHub Actions workflow commands: annotations on the run and the pull request. */
    GITHUB(GithubReporter::new);

    private final Supplier<Reporter> factory;

    Format(Supplier<Reporter> factory) {
        this.factory = factory;
    }

    public Reporter reporter() {
        return factory.get();
    }
}
