package org.kvlint.cli;

import org.kvlint.report.ToolInfo;
import picocli.CommandLine;

/** Prints {@code kvlint X.Y.Z} plus the parser versions. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"kvlint " + ToolInfo.current().version(),
            "tree-sitter 0.25.1, tree-sitter-c 0.24.1 (built from source), Java " + Runtime.version()};
    }
}
