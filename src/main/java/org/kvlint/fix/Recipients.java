package org.kvlint.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a patch goes to: its To: and Cc: headers, asked of a program once per patch with the patch
 * in a file as its argument, as {@code git send-email --to-cmd/--cc-cmd} would.
 */
public sealed interface Recipients {
    /** The answer for one patch; {@code problem} says why it is empty when the program failed. */
    record Answer(Addresses addresses, Optional<String> problem) {}

    /** @param to addresses for To:, in order, without repeats; cc likewise, none of them in to */
    record Addresses(List<String> to, List<String> cc) {
        public static final Addresses NONE = new Addresses(List.of(), List.of());

        public Addresses {
            Set<String> t = new LinkedHashSet<>(to);
            Set<String> c = new LinkedHashSet<>(cc);
            c.removeAll(t);
            to = List.copyOf(t);
            cc = List.copyOf(c);
        }

        public boolean isEmpty() {
            return to.isEmpty() && cc.isEmpty();
        }

        /** Both sets together, for a cover letter: everyone who gets one of its patches. */
        public Addresses and(Addresses other) {
            List<String> t = new ArrayList<>(to);
            t.addAll(other.to);
            List<String> c = new ArrayList<>(cc);
            c.addAll(other.cc);
            return new Addresses(t, c);
        }
    }

    Answer of(byte[] patch);

    /** No To:/Cc: ({@code --no-cc}, or a tree without get_maintainer.pl). */
    record None() implements Recipients {
        @Override
        public Answer of(byte[] patch) {
            return new Answer(Addresses.NONE, Optional.empty());
        }
    }

    /**
     * The tree's {@code scripts/get_maintainer.pl}, run with perl from the tree's root without git
     * history: maintainers go to To:, reviewers and lists to Cc:.
     */
    record GetMaintainer(Path root) implements Recipients {
        static final String SCRIPT = "scripts/get_maintainer.pl";
        /** Without history, as a --cc-cmd needs it: no git signers, no role annotations. */
        private static final List<String> COMMON = List.of("--no-rolestats", "--no-git", "--no-git-fallback");

        /** The script of a tree, when it has one. */
        public static Optional<Recipients> find(Path root) {
            return Files.isRegularFile(root.resolve(SCRIPT)) ? Optional.of(new GetMaintainer(root)) : Optional.empty();
        }

        @Override
        public Answer of(byte[] patch) {
            return withFile(patch, file -> {
                Subprocess.Result to = perl(file, "--m", "--no-r", "--no-l");
                if (!to.ok()) {
                    return failed(to);
                }
                Subprocess.Result cc = perl(file, "--no-m", "--r", "--l");
                if (!cc.ok()) {
                    return failed(cc);
                }
                return new Answer(new Addresses(lines(to.out()), lines(cc.out())), Optional.empty());
            });
        }

        private Subprocess.Result perl(Path file, String... roles) {
            List<String> cmd = new ArrayList<>(List.of("perl", SCRIPT));
            cmd.addAll(COMMON);
            cmd.addAll(List.of(roles));
            cmd.add(file.toString());
            return Subprocess.run(root, Duration.ofSeconds(120), cmd);
        }

        private static Answer failed(Subprocess.Result r) {
            return new Answer(Addresses.NONE, Optional.of(SCRIPT + " failed: " + r.why()));
        }
    }

    /** {@code --cc-cmd CMD}: a shell command given the patch file; every line it prints goes to Cc:. */
    record CcCommand(String command, Path dir) implements Recipients {
        @Override
        public Answer of(byte[] patch) {
            return withFile(patch, file -> {
                Subprocess.Result r = Subprocess.run(dir, Duration.ofSeconds(120),
                        List.of("sh", "-c", command + " \"$1\"", "kvlint-cc-cmd", file.toString()));
                if (!r.ok()) {
                    return new Answer(Addresses.NONE, Optional.of("--cc-cmd '" + command + "' failed: " + r.why()));
                }
                return new Answer(new Addresses(List.of(), lines(r.out())), Optional.empty());
            });
        }
    }

    private static Answer withFile(byte[] patch, java.util.function.Function<Path, Answer> ask) {
        Path file = null;
        try {
            file = Files.createTempFile("kvlint-", ".patch");
            Files.write(file, patch);
            return ask.apply(file);
        } catch (IOException e) {
            return new Answer(Addresses.NONE, Optional.of("cannot write the patch for the recipients: " + e.getMessage()));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temp file left behind is harmless; the answer stands
                }
            }
        }
    }

    /** One address per non-blank line, as git send-email reads a --cc-cmd's output. */
    private static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty() && l.contains("@")).toList();
    }
}
