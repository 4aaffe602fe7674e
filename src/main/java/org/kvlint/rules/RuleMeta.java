package org.kvlint.rules;

import java.util.List;

/**
 * A rule's metadata, read from the YAML front matter of {@code rules/<ID>.md}: the one place it
 * is written. The body of that file is the rule's documentation.
 *
 * @param id e.g. KV001
 * @param name kebab-case name, e.g. open-coded-kvmalloc
 * @param summary one line, lowercase, no trailing period
 * @param level default level
 * @param otherLevels levels a finding of a variant the doc describes may have instead (front matter
 *     {@code other-levels}), e.g. KV008's warning when only the vmalloc side zeroes; empty for most rules
 * @param precision SARIF precision: very-high, high, medium, low
 * @param fix whether kvlint offers a fix: none, unsafe, safe (best applicability it can reach)
 * @param tags SARIF/GitHub tags
 * @param kernelSince oldest kernel on which the rule's recommendation exists (e.g. 4.12)
 * @param doc the markdown body (What it finds / Why it matters / Example / Fix / Known limits / References)
 */
public record RuleMeta(String id, String name, String summary, Level level, List<Level> otherLevels, String precision,
                       String fix, List<String> tags, String kernelSince, String doc) {
    public RuleMeta {
        otherLevels = List.copyOf(otherLevels);
        tags = List.copyOf(tags);
    }

    /** The levels as {@code kvlint rules} and README show them: the default, then the others ("error/warning"). */
    public String levels() {
        StringBuilder b = new StringBuilder(level.label());
        otherLevels.forEach(l -> b.append('/').append(l.label()));
        return b.toString();
    }
}
