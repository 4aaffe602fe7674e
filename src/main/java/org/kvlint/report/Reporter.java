package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import org.kvlint.engine.ScanResult;

/** Renders a scan result. Output is deterministic: the same scan gives the same bytes. */
public interface Reporter {
    void write(Report report, Writer out) throws IOException;

    /** A scan with no baseline, paths relative to the default source root (see {@link SourceRoot#resolve}). */
    default void write(ScanResult result, Writer out) throws IOException {
        write(Report.of(result, SourceRoot.resolve(Optional.empty(), result, List.of())), out);
    }
}
