package org.kvlint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.TestPaths;

/** The launcher's JDK search, without building anything. */
class LauncherTest {
    @Test
    void noSuitableJdkGivesOneLineAndStatusTwo(@TempDir Path empty) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", TestPaths.projectDir().resolve("kvlint").toString(), "check");
        pb.environment().put("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64");
        pb.environment().put("KVLINT_TEMURIN", empty.resolve("none").toString());
        pb.environment().put("KVLINT_JVM_DIR", empty.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("kvlint: needs a JDK 22 or newer"), out);
        assertTrue(Files.exists(TestPaths.projectDir().resolve("scripts/jdk.sh")));
    }
}
