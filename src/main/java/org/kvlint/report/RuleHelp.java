package org.kvlint.report;

import org.kvlint.rules.RuleMeta;

/** A rule's documentation shaped for reports, from its metadata and {@code rules/<ID>.md} body. */
final class RuleHelp {
    /** GitHub's limit for rule descriptions. */
    static final int MAX_DESCRIPTION = 1024;

    private RuleHelp() {}

    /** The rule doc's page in the repository. */
    static String helpUri(ToolInfo info, RuleMeta m) {
        return info.informationUri() + "/blob/main/rules/" + m.id() + ".md";
    }

    /** The first paragraph of the doc's "What it finds" section, on one line; the summary when absent. */
    static String fullDescription(RuleMeta m) {
        String doc = m.doc().replace("\r\n", "\n");
        int h = doc.indexOf("## What it finds\n");
        if (h < 0) {
            return limit(m.summary());
        }
        String rest = doc.substring(h + "## What it finds\n".length()).stripLeading();
        int end = rest.indexOf("\n\n");
        String para = (end < 0 ? rest : rest.substring(0, end)).replaceAll("\\s*\n\\s*", " ").strip();
        return limit(para.isEmpty() || para.startsWith("#") ? m.summary() : para);
    }

    /** The whole doc under a one-line header, plus how to gate on new findings only. */
    static String markdown(RuleMeta m) {
        return "**" + m.id() + " " + m.name() + "**: " + m.summary() + " (default level: " + m.level().label()
                + (m.otherLevels().isEmpty() ? "" : ", or " + String.join(" or ", m.otherLevels().stream()
                        .map(org.kvlint.rules.Level::label).toList()) + " for a variant described below")
                + "; fix: " + m.fix() + (m.kernelSince().isEmpty() ? "" : "; kernel " + m.kernelSince() + "+")
                + ")\n\n" + m.doc().strip() + "\n\n## Suppressing\n\n"
                + "To keep one deliberate site, say so in the code with clang-tidy's comments: `/* NOLINT("
                + m.id() + ") */` on the finding's line, `// NOLINTNEXTLINE(" + m.id() + ")` on the line before, or `"
                + "NOLINTBEGIN(" + m.id() + ")` ... `NOLINTEND(" + m.id() + ")` around a region (the rule's id or name, "
                + "`" + m.name() + "`; a bare `NOLINT` does not silence kvlint). Such findings stay in the SARIF "
                + "report, marked as suppressed in source. "
                + "To accept the findings a tree has today and see only new ones, record them once with "
                + "`kvlint check --write-baseline kvlint-baseline.json`, commit that file, and run "
                + "`kvlint check --baseline kvlint-baseline.json`: findings are matched by fingerprint, so "
                + "unrelated edits that move them do not bring them back. In GitHub code scanning an alert "
                + "can also be dismissed with a reason.\n";
    }

    /** Cuts text to GitHub's description limit, at a word where possible. */
    static String limit(String s) {
        if (s.length() <= MAX_DESCRIPTION) {
            return s;
        }
        int cut = s.lastIndexOf(' ', MAX_DESCRIPTION - 3);
        return s.substring(0, cut > MAX_DESCRIPTION / 2 ? cut : MAX_DESCRIPTION - 3) + "...";
    }
}
