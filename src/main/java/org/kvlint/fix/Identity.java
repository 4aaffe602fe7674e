package org.kvlint.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The author of a patch series: {@code Name <mail>}, for the From: header and Signed-off-by.
 */
public record Identity(String name, String email) {
    private static final Pattern FORM = Pattern.compile("\\s*(.*?)\\s*<([^<>\\s]+@[^<>\\s]+)>\\s*");

    public Identity {
        if (name.isBlank() || email.isBlank() || name.contains("\n") || email.contains("\n")) {
            throw new IllegalArgumentException("want \"Name <mail@example.org>\"");
        }
    }

    /** Parses {@code Name <mail@host>}. */
    public static Identity parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches() || m.group(1).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not \"Name <mail@example.org>\"");
        }
        return new Identity(m.group(1), m.group(2));
    }

    /** {@code git config user.name} / {@code user.email} as seen from {@code dir}, when both are set. */
    public static Optional<Identity> fromGit(Path dir) {
        Optional<String> name = gitConfig(dir, "user.name");
        Optional<String> email = gitConfig(dir, "user.email");
        if (name.isEmpty() || email.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Identity(name.get(), email.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> gitConfig(Path dir, String key) {
        try {
            Process p = new ProcessBuilder("git", "config", "--get", key).directory(dir.toFile())
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + " <" + email + ">";
    }
}
