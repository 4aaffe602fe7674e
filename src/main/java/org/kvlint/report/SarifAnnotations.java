package org.kvlint.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.kvlint.rules.Level;
import tools.jackson.databind.JsonNode;

/**
 * Turns kvlint's own SARIF back into GitHub workflow annotations, so one scan feeds both the
 * code scanning upload (the whole, unfiltered SARIF) and a pull request's annotations (the part of
 * it on the lines the pull request changed). Results with {@code suppressions} (NOLINT comments,
 * the baseline) are never annotated.
 */
public final class SarifAnnotations {
    private SarifAnnotations() {}

    /**
     * One result to annotate.
     *
     * @param file the artifact relative to the source root, as the SARIF has it
     * @param lines each line range [from, to] the result names: its region, then its related locations
     */
    public record Annotation(Level level, String ruleId, String file, int startLine, int startColumn, int endLine,
                             int endColumn, String message, List<int[]> lines) {
        /** The workflow command, as {@link GithubReporter} writes it. */
        public String command() {
            String c = switch (level) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case NOTE -> "notice";
            };
            return "::" + c + " file=" + GithubReporter.property(file) + ",line=" + startLine + ",col=" + startColumn
                    + ",endLine=" + endLine + ",endColumn=" + endColumn + ",title=" + GithubReporter.property(ruleId)
                    + "::" + GithubReporter.data(message);
        }
    }

    /** Every unsuppressed result of the log, in its order. */
    public static List<Annotation> of(JsonNode sarif) {
        List<Annotation> out = new ArrayList<>();
        for (JsonNode run : sarif.path("runs")) {
            for (JsonNode r : run.path("results")) {
                if (r.path("suppressions").size() > 0) {
                    continue;
                }
                JsonNode loc = r.at("/locations/0/physicalLocation");
                String uri = loc.at("/artifactLocation/uri").asString("");
                if (uri.isEmpty()) {
                    continue;
                }
                JsonNode g = loc.path("region");
                int start = g.path("startLine").asInt(1);
                int end = g.path("endLine").asInt(start);
                List<int[]> lines = new ArrayList<>();
                lines.add(new int[] {start, end});
                for (JsonNode rel : r.path("relatedLocations")) {
                    JsonNode rg = rel.at("/physicalLocation/region");
                    if (rg.has("startLine")) {
                        lines.add(new int[] {rg.get("startLine").asInt(), rg.path("endLine").asInt(rg.get("startLine").asInt())});
                    }
                }
                Level level = switch (r.path("level").asString("warning").toLowerCase(Locale.ROOT)) {
                    case "error" -> Level.ERROR;
                    case "note" -> Level.NOTE;
                    default -> Level.WARNING;
                };
                out.add(new Annotation(level, r.path("ruleId").asString(""), decode(uri), start,
                        g.path("startColumn").asInt(1), end, g.path("endColumn").asInt(g.path("startColumn").asInt(1)),
                        // "[text](1)" links to related locations read as plain text in an annotation
                        r.at("/message/text").asString("").replaceAll("(?<!\\\\)\\[((?:[^\\]\\\\]|\\\\.)*)\\]\\(\\d+\\)", "$1")
                                .replace("\\[", "[").replace("\\]", "]"),
                        lines));
            }
        }
        return out;
    }

    /** The annotations any of whose lines the predicate accepts (file relative to the source root, from, to). */
    public static List<Annotation> touching(List<Annotation> all, Path srcRoot, LineTest changed) {
        List<Annotation> out = new ArrayList<>();
        for (Annotation a : all) {
            Path file = srcRoot.resolve(a.file());
            Predicate<int[]> hit = r -> changed.touches(file, r[0], r[1]);
            if (a.lines().stream().anyMatch(hit)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Whether lines [from, to] of a file changed. */
    @FunctionalInterface
    public interface LineTest {
        boolean touches(Path file, int from, int to);
    }

    /** SARIF uris are percent-encoded ({@link SourceRoot}); annotations want the plain path. */
    private static String decode(String uri) {
        if (uri.startsWith("file:")) {
            return Path.of(java.net.URI.create(uri)).toString();
        }
        return java.net.URLDecoder.decode(uri.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
