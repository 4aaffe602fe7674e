package org.kvlint.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.kvlint.source.AtomicWrite;

/**
 * Writes a fixed file in place: only if it still holds exactly the bytes the fixes were computed
 * from, through {@link AtomicWrite} (temp file beside it, mode kept, atomic rename), and to the
 * file a symlink points at rather than over the link.
 */
public final class SafeWriter {
    private SafeWriter() {}

    public enum Result { WRITTEN, UNCHANGED, CHANGED_ON_DISK }

    public static Result write(FileOutcome outcome) throws IOException {
        if (!outcome.changed()) {
            return Result.UNCHANGED;
        }
        Path real = outcome.file().path().toRealPath();
        // compare the whole content, not just size and mtime: an editor may keep both
        byte[] now = Files.readAllBytes(real);
        if (!Arrays.equals(now, outcome.before())) {
            return Result.CHANGED_ON_DISK;
        }
        AtomicWrite.write(real, outcome.after());
        return Result.WRITTEN;
    }
}
