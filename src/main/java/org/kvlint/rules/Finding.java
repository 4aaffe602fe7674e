package org.kvlint.rules;

import java.util.Comparator;
import java.util.List;

/**
 * One problem found in one file. Every reporter renders these and nothing else.
 *
 * @param ruleId e.g. KV001
 * @param level this finding's level (a rule may lower its default for a softer variant)
 * @param path display path of the file
 * @param span where: the call or statement to change
 * @param message lowercase, no trailing period; says why it matters and what to use instead
 * @param related other places that explain the finding (the allocation of a freed pointer...)
 * @param fixes proposed changes, best first; empty when kvlint has none
 */
public record Finding(String ruleId, Level level, String path, Span span, String message, List<Related> related,
                      List<Fix> fixes) {

    /** A secondary location in the same file. */
    public record Related(Span span, String message) {}

    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path)
            .thenComparing(Finding::span)
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::message);

    public Finding {
        related = List.copyOf(related);
        fixes = List.copyOf(fixes);
    }

    /** A finding without a fix. */
    public Finding(String ruleId, Level level, String path, Span span, String message, List<Related> related) {
        this(ruleId, level, path, span, message, related, List.of());
    }

    /** The same finding reported under another path (the index keys files; reports show them as typed). */
    public Finding withPath(String newPath) {
        return new Finding(ruleId, level, newPath, span, message, related, fixes);
    }

    public Finding withFixes(List<Fix> newFixes) {
        return new Finding(ruleId, level, path, span, message, related, newFixes);
    }
}
