package org.kvlint.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a cold scan keeps the bytes it must hold but seldom reads again: the text of the files
 * that matter between their one read and their analysis, and afterwards the text and parsed
 * items each analysed file keeps for the few that the solve rounds analyse again. Without it
 * those bytes were most of what a scan held live (about 100 MB on a whole kernel tree) and the
 * peak memory grew with the tree; in a scratch file they cost a write and a read of the page
 * cache. Files are still read once: what comes back is kvlint's own copy of what it read.
 *
 * <p>The scratch file is created in a temporary directory ({@link #openTemporary}) and unlinked
 * at once, so it holds no name and disappears with the process, whatever ends it. When it cannot be created or
 * written (no space, a read-only temporary directory) the bytes are simply kept in memory.
 * Thread-safe: positional reads and writes on one channel, space handed out atomically.
 */
final class Spill implements AutoCloseable {
    /** Bytes kept: on the scratch file, or in memory. */
    sealed interface Stored {
        int length();
    }

    private record InMemory(byte[] bytes) implements Stored {
        @Override
        public int length() {
            return bytes.length;
        }
    }

    private record OnDisk(long offset, int length) implements Stored {}

    private final FileChannel channel;
    private final AtomicLong end = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();

    private Spill(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * A spill on a scratch file in {@code $TMPDIR} when it is set, else in {@code /var/tmp}, else in
     * Java's temporary directory; in memory when none can be written. {@code /var/tmp} before
     * {@code /tmp}: {@code /tmp} is often a tmpfs (Debian's default since 13), where the bytes
     * would stay in memory, only no longer counted as kvlint's.
     */
    static Spill openTemporary() {
        String tmp = System.getenv("TMPDIR");
        if (tmp != null && !tmp.isEmpty() && Files.isDirectory(Path.of(tmp))) {
            return open(Path.of(tmp));
        }
        Path varTmp = Path.of("/var/tmp");
        if (Files.isDirectory(varTmp) && Files.isWritable(varTmp)) {
            Spill s = open(varTmp);
            if (s.channel != null) {
                return s;
            }
        }
        return open(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A spill on a scratch file in {@code dir}, or in memory when none can be made. */
    static Spill open(Path dir) {
        try {
            Path file = Files.createTempFile(dir, "kvlint-spill-", ".tmp");
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Files.delete(file); // no name left behind, even if the process is killed
                return new Spill(ch);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            return inMemory();
        }
    }

    /** A spill that keeps everything in memory. */
    static Spill inMemory() {
        return new Spill(null);
    }

    /** Keeps {@code bytes} (the caller may drop its array). */
    Stored put(byte[] bytes) {
        if (channel == null || bytes.length == 0) {
            return new InMemory(bytes);
        }
        long at = end.getAndAdd(bytes.length);
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b, at + b.position());
            }
        } catch (IOException e) {
            return new InMemory(bytes); // a full disk costs memory, not the scan
        }
        spilled.addAndGet(bytes.length);
        return new OnDisk(at, bytes.length);
    }

    /**
     * The bytes kept, in a new array.
     *
     * @throws java.io.UncheckedIOException when the scratch file cannot be read back
     */
    byte[] get(Stored stored) {
        return switch (stored) {
            case InMemory m -> m.bytes();
            case OnDisk d -> {
                byte[] out = new byte[d.length()];
                ByteBuffer b = ByteBuffer.wrap(out);
                try {
                    while (b.hasRemaining()) {
                        if (channel.read(b, d.offset() + b.position()) < 0) {
                            throw new IOException("scratch file ends early");
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read kvlint's scratch file back", e);
                }
                yield out;
            }
        };
    }

    /** Bytes written to the scratch file so far (for {@code -Dkvlint.timing=true}). */
    long spilledBytes() {
        return spilled.get();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // unlinked already: closing only returns the space
            }
        }
    }
}
