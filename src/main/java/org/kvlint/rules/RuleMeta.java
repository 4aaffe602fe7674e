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
 * @param precision SARIF precision: very-high, high, medium, low
 * @param fix whether kvlint offers a fix: none, unsafe, safe (best applicability it can reach)
 * @param tags SARIF/GitHub tags
 * @param kernelSince oldest kernel on which the rule's recommendation exists (e.g. 4.12)
 * @param doc the markdown body (What it finds / Why it matters / Example / Fix / Known limits / References)
 */
public record RuleMeta(String id, String name, String summary, Level level, String precision, String fix,
                       List<String> tags, String kernelSince, String doc) {
    public RuleMeta {
        tags = List.copyOf(tags);
    }
}
