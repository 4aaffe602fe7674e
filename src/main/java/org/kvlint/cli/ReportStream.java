package org.kvlint.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Standard output for reports: UTF-8 text (the same bytes {@code -o} writes, whatever the locale),
 * raw bytes for diffs ({@link #bytes}), and the first write error kept, so that a report lost to a
 * full disk ({@code ENOSPC}) or a closed pipe ({@code EPIPE}) ends the run with exit status 2 and
 * the system's reason, where a {@link java.io.PrintStream} would swallow it.
 */
public final class ReportStream extends PrintWriter {
    private final Recorder sink;

    public ReportStream(OutputStream out) {
        this(new Recorder(out));
    }

    private ReportStream(Recorder sink) {
        super(new OutputStreamWriter(sink, StandardCharsets.UTF_8), false);
        this.sink = sink;
    }

    /**
     * Writes bytes as they are, after the text written so far: a diff of a file with invalid UTF-8
     * must come out byte for byte for {@code git apply} to take it.
     */
    public void bytes(byte[] b) {
        flush();
        try {
            sink.write(b);
        } catch (IOException e) {
            setError();
        }
    }

    /** Writes {@code b} exactly to {@code out} when it can carry bytes, else as text (tests' string writers). */
    static void bytes(PrintWriter out, byte[] b, String asText) {
        if (out instanceof ReportStream r) {
            r.bytes(b);
        } else {
            out.print(asText);
        }
    }

    /** The first write error, after flushing what is buffered. */
    public Optional<IOException> failure() {
        flush();
        return Optional.ofNullable(sink.failure);
    }

    /** Passes writes through and keeps the first exception. */
    private static final class Recorder extends FilterOutputStream {
        private IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                record(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                record(e);
                throw e;
            }
        }

        private void record(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
