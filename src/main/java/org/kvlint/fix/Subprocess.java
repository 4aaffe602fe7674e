package org.kvlint.fix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program of the patch series (git, perl) in a directory, with stdin closed, both
 * output streams drained (so neither pipe can stall the child) and a time limit.
 */
final class Subprocess {
    private Subprocess() {}

    /** @param code the exit status; -1 when the program could not start or ran out of time */
    record Result(int code, String out, String err) {
        boolean ok() {
            return code == 0;
        }

        /** The first line of stderr, else the exit status: what a one-line message says went wrong. */
        String why() {
            String first = err.strip().lines().findFirst().orElse("");
            return first.isEmpty() ? "exit status " + code : first;
        }
    }

    static Result run(Path dir, Duration limit, List<String> command) {
        return run(dir, limit, Map.of(), command);
    }

    static Result run(Path dir, Duration limit, Map<String, String> env, List<String> command) {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().putAll(env);
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return new Result(-1, "", command.getFirst() + ": " + e.getMessage());
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "", command.getFirst() + ": no answer within " + limit.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
