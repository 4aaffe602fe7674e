package org.kvlint.rules;

import java.util.List;
import org.kvlint.facts.FileFacts;

/** One rule: reads the shared facts of a file, returns its findings (any order). */
public interface Rule {
    /** The id whose metadata lives in {@code rules/<id>.md}. */
    String id();

    List<Finding> check(FileFacts facts, RuleContext context);
}
