package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import org.kvlint.engine.ScanResult;

/** Renders a scan result. Output is deterministic: the same scan gives the same bytes. */
public interface Reporter {
    void write(ScanResult result, Writer out) throws IOException;
}
