package org.kvlint.validate;

import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link ValidationResult} as JSON, for {@code kvlint simulate --format json} and for the
 * reporters that embed a fix's proof: {@link #summary} (status, reason, counts, the first worse
 * row) is small enough for every fix of a scan; {@link #full} adds every row.
 */
public final class ResultJson {
    private ResultJson() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * status, reason, functions, kernel, profile, construct/line, counts, firstWorse. The status
     * speaks of the model only ({@link #status}), so it never reads as a second applicability
     * beside the fix's own.
     */
    public static ObjectNode summary(ValidationResult r) {
        ObjectNode o = F.objectNode();
        o.put("status", status(r.status()));
        o.put("reason", r.reason());
        ArrayNode fns = o.putArray("functions");
        r.functions().forEach(fns::add);
        o.put("kernelVersion", r.kernel().toString());
        o.put("modelProfile", r.profile());
        if (r.status() == ValidationResult.Status.NOT_VALIDATED) {
            o.put("construct", r.construct());
            o.put("line", r.line());
        }
        if (!r.sizeBinding().isEmpty()) {
            o.put("sizeInput", r.sizeBinding());
        }
        ObjectNode counts = o.putObject("rows");
        for (Map.Entry<Verdict, Integer> e : r.counts().entrySet()) {
            counts.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
        }
        r.firstWorse().ifPresent(w -> o.set("firstWorse", row(w)));
        return o;
    }

    /**
     * What the proof found: "proven" (equal or better in every row), "worse" (some row is worse),
     * "not_validated" (the interpreter could not run the code). Whether the fix is safe is the
     * fix's applicability alone: the proof and the rule's conditions together.
     */
    public static String status(ValidationResult.Status s) {
        return switch (s) {
            case SAFE -> "proven";
            case UNSAFE -> "worse";
            case NOT_VALIDATED -> "not_validated";
        };
    }

    /** {@link #summary} plus every row. */
    public static ObjectNode full(ValidationResult r) {
        ObjectNode o = summary(r);
        ArrayNode rows = o.putArray("table");
        r.rows().forEach(x -> rows.add(row(x)));
        return o;
    }

    static ObjectNode row(Row r) {
        ObjectNode o = F.objectNode();
        o.put("function", r.function());
        ObjectNode s = o.putObject("scenario");
        s.put("size", r.scenario().size());
        s.put("memory", r.scenario().memory().name().toLowerCase(java.util.Locale.ROOT));
        r.scenario().gfp().ifPresent(g -> s.put("gfp", g.toC()));
        s.put("randomBackendSeed", r.scenario().seed());
        s.put("label", r.scenario().label());
        o.put("path", r.path());
        o.put("decisions", r.decisions());
        o.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
        o.set("before", outcome(r.before()));
        o.set("after", outcome(r.after()));
        ArrayNode d = o.putArray("differences");
        for (Difference x : r.differences()) {
            ObjectNode n = d.addObject();
            n.put("field", x.field());
            n.put("before", x.before());
            n.put("after", x.after());
            n.put("direction", x.direction().name().toLowerCase(java.util.Locale.ROOT));
            if (!x.why().isEmpty()) {
                n.put("why", x.why());
            }
        }
        return o;
    }

    private static ObjectNode outcome(RunOutcome r) {
        ObjectNode o = F.objectNode();
        o.put("summary", r.summary());
        r.returned().ifPresent(c -> o.put("returns", c.render()));
        ObjectNode places = o.putObject("stores");
        r.places().forEach((k, v) -> places.put(k, v.render()));
        o.put("oomKiller", r.oomKiller());
        o.put("stalled", r.stalled());
        ArrayNode w = o.putArray("warnings");
        r.printed().forEach(i -> w.add(i.bug().name() + ": " + i.message()));
        ArrayNode f = o.putArray("illegalFrees");
        r.illegalReleases().forEach(i -> f.add(i.bug().name() + ": " + i.message()));
        ArrayNode l = o.putArray("leaks");
        r.leaks().forEach(l::add);
        ArrayNode b = o.putArray("otherBugs");
        r.otherBugs().stream().sorted().forEach(x -> b.add(x.name()));
        ArrayNode story = o.putArray("story");
        r.story().forEach(story::add);
        return o;
    }
}
