package org.kvlint.rules;

import org.kvlint.facts.AllocatorApi;

/**
 * What a rule may consult besides the file's facts.
 *
 * @param api the allocator table
 * @param catalog rule metadata (default levels)
 */
public record RuleContext(AllocatorApi api, RuleCatalog catalog) {
    public static RuleContext standard() {
        return new RuleContext(AllocatorApi.standard(), RuleCatalog.standard());
    }
}
