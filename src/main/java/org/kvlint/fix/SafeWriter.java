package org.kvlint.fix;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.kvlint.source.AtomicWrite;
import org.kvlint.source.FileKind;
import org.kvlint.source.RegularFile;
import org.kvlint.source.SourceReader;

/**
 * Writes a fixed file in place ({@code kvlint fix --write}) without harming what the user owns:
 * <ul>
 *   <li>only a file whose real path (symlinks resolved, also those of directories on the way) is
 *   under one of the paths the user gave: a symlink out of the tree is not written through;</li>
 *   <li>not a hard-linked file: replacing it would leave the other names with the old bytes (the
 *   diff, {@code --diff}, still shows the fix);</li>
 *   <li>not a read-only file ({@code chmod a-w}) unless {@code --force};</li>
 *   <li>only if it still holds exactly the bytes the fixes were computed from;</li>
 *   <li>through {@link AtomicWrite#replace}: owner, group and mode kept (a file whose owner this
 *   process cannot give it back is not written), fsync before the rename and of the directory
 *   after it.</li>
 * </ul>
 * Temp files a killed run left beside the file are removed first.
 */
public final class SafeWriter {
    private SafeWriter() {}

    public enum Status { WRITTEN, UNCHANGED, NOT_WRITTEN }

    /**
     * @param reason why it was not written, as the summary counts it ("read-only file"), empty otherwise
     * @param message the file's own line, with the specifics ("it has 2 hard links; ..."), empty otherwise
     * @param removedTemps stale temp files of an earlier, killed run removed beside it
     */
    public record Result(Status status, String reason, String message, List<Path> removedTemps) {
        static Result notWritten(String reason, String message) {
            return new Result(Status.NOT_WRITTEN, reason, message, List.of());
        }
    }

    /** Reasons, as the summary counts them. */
    public static final String READ_ONLY = "read-only file (use --force)";
    public static final String HARD_LINKED = "hard-linked file";
    public static final String OUTSIDE = "file outside the paths given";
    public static final String OWNER = "file whose owner cannot be kept";
    public static final String FAILED = "write error";

    /**
     * What the user allowed.
     *
     * @param roots the real paths of the paths given on the command line
     * @param force also write read-only files
     */
    public record Policy(List<Path> roots, boolean force) {
        public Policy {
            roots = List.copyOf(roots);
        }

        /** The real paths of {@code paths} (those that do not resolve are left out: nothing under them is written). */
        public static Policy of(List<String> paths, boolean force) {
            List<Path> real = new ArrayList<>();
            for (String p : paths) {
                try {
                    real.add(Path.of(p).toRealPath());
                } catch (IOException e) {
                    // a path that does not resolve has no files to fix
                }
            }
            return new Policy(real, force);
        }

        boolean covers(Path real) {
            return roots.stream().anyMatch(real::startsWith);
        }
    }

    public static Result write(FileOutcome outcome, Policy policy) {
        return write(outcome, policy, true);
    }

    /**
     * Would {@link #write} write this file now? Its refusal, or empty: the files of one fix are
     * all checked before any is written, so a fix changes every file or none.
     */
    public static Optional<Result> check(FileOutcome outcome, Policy policy) {
        Result r = write(outcome, policy, false);
        return r.status() == Status.NOT_WRITTEN ? Optional.of(r) : Optional.empty();
    }

    private static Result write(FileOutcome outcome, Policy policy, boolean really) {
        if (!outcome.changed()) {
            return new Result(Status.UNCHANGED, "", "", List.of());
        }
        Path path = outcome.file().path();
        try {
            Path real = path.toRealPath();
            if (!policy.covers(real)) {
                return Result.notWritten(OUTSIDE, "it resolves to " + real + ", outside the paths given, not written");
            }
            Map<String, Object> attrs = Files.readAttributes(real, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attrs.get("mode");
            if (FileKind.ofMode(mode) != FileKind.REGULAR) {
                return Result.notWritten(FAILED, "it is now " + FileKind.ofMode(mode).phrase() + ", not written");
            }
            int links = (Integer) attrs.get("nlink");
            if (links > 1) {
                return Result.notWritten(HARD_LINKED, "it has " + links + " hard links and replacing it would split "
                        + "them, not written (the diff of kvlint fix still shows the fix)");
            }
            if ((mode & 0222) == 0 && !policy.force()) {
                return Result.notWritten(READ_ONLY, "read-only, not written (--force writes it, keeping its mode)");
            }
            // compare the whole content, not just size and mtime: an editor may keep both
            byte[] now = SourceReader.readRegular(real, false, Math.max(outcome.before().length, 1) * 2L + 4096);
            if (!Arrays.equals(now, outcome.before())) {
                return changedOnDisk();
            }
            if (!really) {
                return new Result(Status.WRITTEN, "", "", List.of());
            }
            List<Path> removed = AtomicWrite.removeStaleTemps(real);
            AtomicWrite.replace(real, outcome.after(), AtomicWrite.Owner.MUST_KEEP);
            return new Result(Status.WRITTEN, "", "", removed);
        } catch (RegularFile.TooLargeException e) {
            return changedOnDisk();
        } catch (FileSystemException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            return why.startsWith("cannot keep its") ? Result.notWritten(OWNER, why + ", not written")
                    : Result.notWritten(FAILED, why.startsWith("cannot write") ? why : "cannot write: " + why);
        } catch (IOException | UnsupportedOperationException e) {
            return Result.notWritten(FAILED, "cannot write: " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }

    private static Result changedOnDisk() {
        return Result.notWritten(Decision.Why.CHANGED_ON_DISK.text(), "changed on disk since kvlint read it, not written");
    }
}
