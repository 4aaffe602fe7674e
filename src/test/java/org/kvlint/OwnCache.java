package org.kvlint;

import java.nio.file.Path;

/**
 * A test's own cache directory: {@code kvlint.cacheDir} points at it until {@link #close}, which
 * points it back at the build's ({@code target/test-cache}, which the pom gives every test, so that
 * no test writes into the user's {@code ~/.cache}).
 */
public final class OwnCache implements AutoCloseable {
    private static final String PROPERTY = "kvlint.cacheDir";
    private final String before = System.getProperty(PROPERTY);

    public OwnCache(Path dir) {
        System.setProperty(PROPERTY, dir.toString());
    }

    @Override
    public void close() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }
}
