package org.kvlint.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.rules.Span;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;

/**
 * One reported file's bytes for the reporters: SARIF counts columns in UTF-16 code units where
 * kvlint's spans count bytes, fix edits are byte offsets that viewers want as lines and columns,
 * fingerprints hash source text, and gcc-style output quotes the line. The bytes are those the
 * scan read (or its cache kept) for each file with findings, and those the proof read of the other
 * files a fix edits; a file is read here only when neither has it (a hand-made result).
 */
final class FileText {
    private final byte[] content;
    private final byte[] raw;
    /** byte offset of the first byte of each line (line 1 at index 0); lines end with LF. */
    private final int[] lineStarts;
    private List<String> lineHashes;

    private FileText(byte[] content, byte[] raw) {
        this.content = content;
        this.raw = raw;
        int n = 1;
        for (byte b : content) {
            if (b == '\n') {
                n++;
            }
        }
        lineStarts = new int[n];
        int line = 1;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lineStarts[line++] = i + 1;
            }
        }
    }

    /** The file behind a finding's display path, read as the scanner read it; empty when unreadable now. */
    static Optional<FileText> read(String displayPath) {
        SourceReader.Read read = SourceReader.read(new InputFile(Path.of(displayPath), displayPath));
        return read.content().map(c -> new FileText(c, read.raw()));
    }

    /** The file behind a display path: from {@code texts} (bytes as read, by display path) when there, else read now. */
    static Optional<FileText> of(Map<String, byte[]> texts, String displayPath) {
        byte[] raw = texts.get(displayPath);
        if (raw == null) {
            return read(displayPath);
        }
        SourceReader.Read read = SourceReader.of(new InputFile(Path.of(displayPath), displayPath), raw);
        return read.content().map(c -> new FileText(c, read.raw()));
    }

    /** For tests: a file from its text. */
    static FileText of(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileText(b, b);
    }

    /** A span as a report region: UTF-16 columns, plus its byte range. */
    Region region(Span s) {
        return new Region(s.startLine(), utf16Column(s.startLine(), s.startColumn()), s.endLine(),
                utf16Column(s.endLine(), s.endColumn()), s.startByte(), s.endByte() - s.startByte());
    }

    /** A byte range [start, end) as a region. */
    Region region(int startByte, int endByte) {
        int sl = lineOf(startByte);
        int el = lineOf(endByte);
        return new Region(sl, utf16Units(lineStarts[sl - 1], startByte) + 1, el,
                utf16Units(lineStarts[el - 1], endByte) + 1, startByte, endByte - startByte);
    }

    /** The text of bytes [start, end), as the scanner saw it (invalid UTF-8 read as '?'). */
    String text(int startByte, int endByte) {
        int s = Math.clamp(startByte, 0, content.length);
        int e = Math.clamp(endByte, s, content.length);
        return new String(content, s, e - s, StandardCharsets.UTF_8);
    }

    /** A 1-based line's text without its line ending; empty past the end of the file. */
    Optional<String> line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return Optional.empty();
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : content.length;
        if (end > start && content[end - 1] == '\r') {
            end--;
        }
        return Optional.of(new String(content, start, Math.max(0, end - start), StandardCharsets.UTF_8));
    }

    /** GitHub's line hash of a 1-based line, or empty past the end of the file. */
    Optional<String> lineHash(int line) {
        if (lineHashes == null) {
            // decode the bytes as on disk, as Node's utf8 stream does in codeql-action
            lineHashes = LineHash.of(new String(raw, StandardCharsets.UTF_8));
        }
        return line >= 1 && line <= lineHashes.size() ? Optional.of(lineHashes.get(line - 1)) : Optional.empty();
    }

    private int utf16Column(int line, int byteColumn) {
        if (line < 1 || line > lineStarts.length || ascii()) {
            return byteColumn; // plain ASCII: a byte is a UTF-16 unit (and no O(line) count per finding)
        }
        int start = lineStarts[line - 1];
        return utf16Units(start, Math.min(content.length, start + byteColumn - 1)) + 1;
    }

    private int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private Boolean ascii;

    /** No byte of the content is above 0x7f. */
    private boolean ascii() {
        if (ascii == null) {
            boolean a = true;
            for (byte b : content) {
                if (b < 0) {
                    a = false;
                    break;
                }
            }
            ascii = a;
        }
        return ascii;
    }

    /** UTF-16 code units encoded by bytes [from, to): content is valid UTF-8 (SourceReader repairs it). */
    private int utf16Units(int from, int to) {
        if (ascii()) {
            return Math.max(0, Math.min(to, content.length) - from);
        }
        int units = 0;
        for (int i = from; i < to && i < content.length; i++) {
            int b = content[i] & 0xff;
            if (b < 0x80 || b >= 0xc0) {
                units += b >= 0xf0 ? 2 : 1;
            }
        }
        return units;
    }
}
