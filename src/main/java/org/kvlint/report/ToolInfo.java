package org.kvlint.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** kvlint's own name, version and home page, from the build. */
public record ToolInfo(String name, String version, String informationUri) {
    public static ToolInfo current() {
        Properties p = new Properties();
        try (InputStream in = ToolInfo.class.getClassLoader().getResourceAsStream("kvlint.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ToolInfo("kvlint", p.getProperty("version", "0.0.0-dev"),
                p.getProperty("informationUri", "https://github.com/kvlint/kvlint"));
    }
}
