package org.kvlint.source;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one file's bytes once, safely, and says what is odd about them.
 *
 * <p>Never throws for a bad input: unreadable, binary or oversized files, and anything that is
 * not a regular file (never opened for reading, see {@link RegularFile}), come back without
 * content and with a diagnostic; invalid UTF-8 bytes are replaced by {@code '?'} one for one (so
 * every byte offset and column stays exact) and noted.
 */
public final class SourceReader {
    /** Files above this size are skipped: the largest kernel source is ~14 MB of generated registers. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    private static final int BINARY_PROBE = 8192;

    /**
     * @param content valid UTF-8 to parse (invalid bytes replaced one for one); empty when the
     *     file could not be used at all
     * @param raw the bytes exactly as on disk (the same array as content when nothing was
     *     replaced); fixes are applied to these, so no byte a user owns is changed by accident
     */
    public record Read(InputFile file, Optional<byte[]> content, byte[] raw, List<Diagnostic> diagnostics) {
        static Read failed(InputFile file, List<Diagnostic> diagnostics) {
            return new Read(file, Optional.empty(), new byte[0], diagnostics);
        }
    }

    private SourceReader() {}

    public static Read read(InputFile file) {
        Raw raw = readRaw(file);
        return raw.bytes() == null ? Read.failed(file, raw.diagnostics())
                : decode(file, raw.exact(), new ArrayList<>(raw.diagnostics()));
    }

    /**
     * A file's bytes as on disk, or why there are none (unreadable, too large, binary): what the
     * scan needs to decide whether the file matters before it pays for {@link #of}.
     *
     * @param bytes the content in {@code bytes[0, length)}, or null when the file cannot be used
     * @param length how many bytes are the file's (the array may be a longer buffer)
     */
    public record Raw(byte[] bytes, int length, List<Diagnostic> diagnostics) {
        /** The file's bytes in an array of their own. */
        public byte[] exact() {
            return RegularFile.Sized.exact(bytes, length);
        }
    }

    public static Raw readRaw(InputFile file) {
        return readRaw(file, null);
    }

    /**
     * As {@link #readRaw(InputFile)}, into {@code buffer} when the file fits (see
     * {@link RegularFile#read(Path, long, byte[])}); null: an array of its own.
     */
    public static Raw readRaw(InputFile file, byte[] buffer) {
        List<Diagnostic> diags = new ArrayList<>();
        RegularFile.Sized read;
        try {
            read = readRegular(file.path(), file.identity().known(), MAX_FILE_BYTES, buffer);
        } catch (RegularFile.TooLargeException e) {
            diags.add(warn(file, "file is " + (e.size() >> 20) + " MiB, over the " + (MAX_FILE_BYTES >> 20)
                    + " MiB limit, skipped"));
            return new Raw(null, 0, diags);
        } catch (RegularFile.NotRegularException e) {
            boolean link = Files.isSymbolicLink(file.path());
            diags.add(warn(file, e.kind() == FileKind.DIRECTORY && !link ? "cannot read: is a directory, skipped"
                    : "not a regular file (" + (link ? "symlink to " : "") + e.kind().phrase() + "), skipped"));
            return new Raw(null, 0, diags);
        } catch (NoSuchFileException e) {
            String what = Files.isSymbolicLink(file.path()) && !Files.exists(file.path())
                    ? "dangling symlink, skipped" : "no such file, skipped";
            diags.add(warn(file, what));
            return new Raw(null, 0, diags);
        } catch (IOException | SecurityException e) {
            String why = e instanceof IOException io ? SourceWalker.reason(io) : "permission denied";
            if (Files.isSymbolicLink(file.path()) && SourceWalker.brokenLink(file.path()).equals("symlink loop")) {
                diags.add(warn(file, "symlink loop, skipped"));
                return new Raw(null, 0, diags);
            }
            diags.add(warn(file, "cannot read: " + why + ", skipped"));
            return new Raw(null, 0, diags);
        }
        int nul = nulAt(read.bytes(), read.length());
        if (nul >= 0) {
            diags.add(warn(file, "binary file (NUL byte at offset " + nul + "), skipped"));
            return new Raw(null, 0, diags);
        }
        return new Raw(read.bytes(), read.length(), diags);
    }

    /** Offset of a NUL byte among the first bytes of {@code bytes[0, length)} (the binary-file test), or -1. */
    private static int nulAt(byte[] bytes, int length) {
        int probe = Math.min(length, BINARY_PROBE);
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A text file the user names (a baseline, a config file, a SARIF log): only a regular file (a
     * FIFO or {@code /dev/zero} would hang or fill the heap), at most {@code limit} bytes, strict
     * UTF-8.
     *
     * @throws IOException as {@link #readRegular}, or a {@link java.nio.charset.CharacterCodingException}
     *     for bytes that are not UTF-8; {@link #why} says it in words
     */
    public static String readUtf8(Path path, long limit) throws IOException {
        byte[] bytes = readRegular(path, false, limit);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Why {@link #readUtf8} or {@link #readRegular} failed, for a message: "a FIFO, not a regular file". */
    public static String why(IOException e) {
        return switch (e) {
            case RegularFile.NotRegularException n -> n.kind().phrase() + ", not a regular file";
            case RegularFile.TooLargeException t -> "larger than the limit";
            case java.nio.charset.CharacterCodingException c -> "not UTF-8 text";
            default -> SourceWalker.reason(e);
        };
    }

    /**
     * The bytes of {@code path} if it is a regular file of at most {@code limit} bytes; never opens
     * anything else for reading (see {@link RegularFile}).
     *
     * @param statted the caller has seen by a stat that the path is a regular file (the walk), so
     *     only the check on the open descriptor is left
     */
    public static byte[] readRegular(Path path, boolean statted, long limit) throws IOException {
        return readRegular(path, statted, limit, null).exact();
    }

    private static RegularFile.Sized readRegular(Path path, boolean statted, long limit, byte[] buffer)
            throws IOException {
        if (!statted) {
            // a FIFO must not even be opened: opening one with a writer waiting would wake it
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new RegularFile.NotRegularException(path, attrs.isDirectory() ? FileKind.DIRECTORY
                        : FileKind.of(path));
            }
        }
        return RegularFile.read(path, limit, buffer);
    }

    /**
     * The same as {@link #read} for bytes the caller already read from {@code file}: the scan's
     * second pass, which first reads a file raw only to see whether it names a wrapper, need not
     * read it a second time.
     */
    public static Read of(InputFile file, byte[] bytes) {
        List<Diagnostic> diags = new ArrayList<>();
        if (bytes.length > MAX_FILE_BYTES) {
            diags.add(warn(file, "file is " + (bytes.length >> 20) + " MiB, over the " + (MAX_FILE_BYTES >> 20)
                    + " MiB limit, skipped"));
            return Read.failed(file, diags);
        }
        return decode(file, bytes, diags);
    }

    /** Binary check, UTF-8 repair and line-ending note of a file's bytes. */
    private static Read decode(InputFile file, byte[] bytes, List<Diagnostic> diags) {
        int nul = nulAt(bytes, bytes.length);
        if (nul >= 0) {
            diags.add(warn(file, "binary file (NUL byte at offset " + nul + "), skipped"));
            return Read.failed(file, diags);
        }
        byte[] raw = bytes;
        int invalidAt = firstNonAscii(bytes) < 0 ? -1 : repairUtf8(bytes = bytes.clone());
        if (invalidAt < 0) {
            bytes = raw;
        }
        if (invalidAt >= 0) {
            diags.add(new Diagnostic(file.displayPath(), Diagnostic.Severity.NOTE,
                    "invalid UTF-8 (first at byte " + invalidAt + "); invalid bytes read as '?'"));
        }
        int crlf = indexOfCrlf(bytes);
        if (crlf >= 0) {
            diags.add(new Diagnostic(file.displayPath(), Diagnostic.Severity.NOTE,
                    "CRLF line endings; lines and columns count LF-terminated lines, fixes keep CRLF"));
        }
        return new Read(file, Optional.of(bytes), raw, diags);
    }

    private static Diagnostic warn(InputFile file, String message) {
        return new Diagnostic(file.displayPath(), Diagnostic.Severity.WARNING, message);
    }

    // Every byte of every walked file (a kernel: 1.2 GB) goes through the two checks below, so
    // they look at 8 bytes per step (one long) and only at single bytes near a candidate.
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    static int firstNonAscii(byte[] b) {
        int i = 0;
        while (i + Long.BYTES <= b.length && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        for (; i < b.length; i++) {
            if (b[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Offset of the first CR LF pair, or -1. */
    static int indexOfCrlf(byte[] b) {
        for (int i = indexOf(b, (byte) '\r', 0); i >= 0; i = indexOf(b, (byte) '\r', i + 1)) {
            if (i + 1 < b.length && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Offset of the first {@code c} at or after {@code from}, or -1. */
    static int indexOf(byte[] b, byte c, int from) {
        long pattern = LOW_BITS * (c & 0xff);
        int i = from;
        while (i + Long.BYTES <= b.length) {
            long x = (long) LONGS.get(b, i) ^ pattern; // a zero byte where b has c
            if (((x - LOW_BITS) & ~x & HIGH_BITS) != 0) {
                break; // some byte of these 8 is c (the test is exact for "some byte is zero")
            }
            i += Long.BYTES;
        }
        for (; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Replaces each malformed UTF-8 byte by '?', in place, so the result is valid UTF-8 of the
     * same length. Returns the offset of the first malformed byte, or -1 when all was valid.
     */
    static int repairUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        int first = -1;
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            int at = in.position();
            if (first < 0) {
                first = at;
            }
            for (int i = 0; i < r.length(); i++) {
                bytes[at + i] = '?';
            }
            in.position(at + r.length());
        }
        return first;
    }
}
