package org.kvlint.report;

import java.util.function.Supplier;

/** The output formats of {@code kvlint check}; each builds its reporter. */
public enum Format {
    TEXT(TextReporter::new),
    JSON(JsonReporter::new);

    private final Supplier<Reporter> factory;

    Format(Supplier<Reporter> factory) {
        this.factory = factory;
    }

    public Reporter reporter() {
        return factory.get();
    }
}
