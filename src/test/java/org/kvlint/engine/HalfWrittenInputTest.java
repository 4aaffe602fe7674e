package org.kvlint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.rules.Finding;

/** Half-written code (issue 15's first reproducer) is scanned, not looped on. */
class HalfWrittenInputTest {
    @TempDir
    Path dir;

    @Test
    void aTruncatedFunctionIsReportedAndTheScanEnds() throws IOException {
        Files.writeString(dir.resolve("oom.c"), "\tp = kzalloc(n, GFP_NOIO | __GFP_NOWARN);\n\tif (!p) {\n"
                + "\t\tp = __vmalloc(n, GFP_NOIO | __GFP_ZERO);\n\t}\n\tif (a) {\n\t\t\tp[i] = q[i];\n"
                + "\t\tfor (; i < w; i++) {\n\t\t\tpg = alloc_page(GFP_NOIO);\n\t\t\tif (!pg) {\n"
                + "\t\tb->x = NULL;\n\t\tb->y =");
        ScanResult r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Scanner.standard().scan(new ScanOptions(List.of(dir.toString()), 1, Optional.empty())));
        assertEquals(List.of(), r.diagnostics().stream().filter(d -> d.message().startsWith("internal error"))
                .map(d -> d.message()).toList());
        assertEquals(1, r.stats().filesParsed(), "the file is analysed, not skipped");
    }
}
