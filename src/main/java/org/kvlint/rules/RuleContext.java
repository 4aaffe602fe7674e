package org.kvlint.rules;

import java.util.Objects;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.WrapperSummaries;

/**
 * What a rule may consult besides the file's facts.
 *
 * @param api the allocator table
 * @param catalog rule metadata (default levels)
 * @param summaries function summaries of the whole scan (pass 1 of the engine): wrappers that
 *     return vmalloc memory, helpers that free their argument like kfree()/vfree()/kvfree()
 */
public record RuleContext(AllocatorApi api, RuleCatalog catalog, WrapperSummaries summaries) {
    public RuleContext {
        Objects.requireNonNull(summaries, "summaries");
    }

    /** A context without tree-wide summaries (a file's own functions are still summarised). */
    public RuleContext(AllocatorApi api, RuleCatalog catalog) {
        this(api, catalog, WrapperSummaries.EMPTY);
    }

    public static RuleContext standard() {
        return new RuleContext(AllocatorApi.standard(), RuleCatalog.standard());
    }

    /** The same context with the summaries of a scan. */
    public RuleContext withSummaries(WrapperSummaries s) {
        return new RuleContext(api, catalog, s);
    }

    /** The summaries as seen from one file: its own functions first, then the rest of the scan. */
    public WrapperSummaries.View summariesFor(FileFacts facts) {
        return summaries.forFile(facts.file().displayPath(), facts.pointers().summaries());
    }
}
