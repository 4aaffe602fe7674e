package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kvlint.engine.FileAnalysis;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Fix.TextEdit;
import org.kvlint.rules.Level;
import org.kvlint.rules.Span;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.SourceText;

/** The generic part: any rule's Fix goes through plan, exact-bytes check and re-parse check. */
class FileFixerTest {
    private static Finding finding(String rule, int at, TextEdit... edits) {
        return new Finding(rule, Level.WARNING, "t.c", new Span(1, at + 1, 1, at + 2, at, at + 1), "m" + at, List.of(),
                List.of(new Fix("d" + at, List.of(edits), Fix.Applicability.SAFE, "")));
    }

    private static FileOutcome fix(byte[] raw, byte[] content, List<Finding> findings) {
        InputFile file = new InputFile(Path.of("t.c"), "t.c");
        try (CParser parser = new CParser()) {
            SourceText text = new SourceText(content);
            FileFacts facts = FileFacts.extract(file, text, parser.parseFully(text), KernelVersion.DEFAULT,
                    AllocatorApi.standard());
            var read = new SourceReader.Read(file, Optional.of(content), raw, List.of());
            return FileFixer.fix(new FileAnalysis.Result(file, read, Optional.of(facts), findings, List.of()),
                    FixOptions.SAFE, parser);
        }
    }

    @Test
    void aFixThatBreaksTheParseIsDroppedTheOthersStay() {
        byte[] src = "int a;\nint b;\nint c;\n".getBytes(StandardCharsets.UTF_8);
        Finding good = finding("KV001", 0, new TextEdit(4, 5, "x"));
        Finding bad = finding("KV004", 7, new TextEdit(12, 13, ""));
        FileOutcome o = fix(src, src, List.of(good, bad));
        assertEquals("int x;\nint b;\nint c;\n", new String(o.after(), StandardCharsets.UTF_8));
        assertInstanceOf(Decision.Applied.class, o.decisions().get(0));
        Decision.Skipped s = assertInstanceOf(Decision.Skipped.class, o.decisions().get(1));
        assertEquals(Decision.Why.PARSE_ERRORS, s.why());
    }

    @Test
    void editsOverBytesThatWereNotValidUtf8AreRefused() {
        byte[] raw = "/* \u00e9 */ int a;\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = raw.clone();
        content[3] = '?';
        Finding overComment = finding("KV001", 0, new TextEdit(0, 8, ""));
        Finding elsewhere = finding("KV004", 9, new TextEdit(12, 13, "b"));
        FileOutcome o = fix(raw, content, List.of(overComment, elsewhere));
        assertEquals(Decision.Why.INVALID_UTF8, ((Decision.Skipped) o.decisions().get(0)).why());
        byte[] want = raw.clone();
        want[12] = (byte) 'b';
        assertArrayEquals(want, o.after(), "the 0xE9 byte survives");
    }
}
