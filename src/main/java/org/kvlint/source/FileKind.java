package org.kvlint.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The type of a file system entry, as {@code st_mode} says, named for messages. */
public enum FileKind {
    REGULAR("a regular file"),
    DIRECTORY("a directory"),
    SYMLINK("a symbolic link"),
    FIFO("a FIFO"),
    CHARACTER_DEVICE("a character device"),
    BLOCK_DEVICE("a block device"),
    SOCKET("a socket"),
    UNKNOWN("not a regular file");

    private final String phrase;

    FileKind(String phrase) {
        this.phrase = phrase;
    }

    /** "a FIFO", "a character device": what goes into "PATH: is a FIFO, skipped". */
    public String phrase() {
        return phrase;
    }

    /** From the {@code S_IFMT} bits of a mode. */
    public static FileKind ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0010000 -> FIFO;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0140000 -> SOCKET;
            default -> UNKNOWN;
        };
    }

    /**
     * The kind of {@code path} (following symlinks unless told not to). Only asked on the rare
     * path of a file that is not regular, so one more stat does not matter.
     */
    public static FileKind of(Path path, LinkOption... options) {
        try {
            return ofMode((Integer) Files.getAttribute(path, "unix:mode", options));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return UNKNOWN;
        }
    }
}
