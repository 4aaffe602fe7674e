package org.kvlint.engine;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kvlint.rules.RuleCatalog;
import org.kvlint.rules.RuleMeta;

/**
 * Which rules a run reports ({@code --select}, {@code --ignore}, the config file's {@code select}
 * and {@code ignore}): every rule when nothing is selected, minus the ignored ones. Rules are
 * named by id ({@code KV004}, any case) or by name ({@code kfree-of-vmalloc-memory}).
 *
 * @param select rule ids; empty = every rule
 * @param ignore rule ids
 */
public record RuleSelection(Set<String> select, Set<String> ignore) {
    public static final RuleSelection ALL = new RuleSelection(Set.of(), Set.of());

    public RuleSelection {
        select = Set.copyOf(new TreeSet<>(select));
        ignore = Set.copyOf(new TreeSet<>(ignore));
    }

    /**
     * Resolves what a user wrote (each entry may itself be comma-separated).
     *
     * @throws IllegalArgumentException naming the first rule that does not exist
     */
    public static RuleSelection of(Collection<String> select, Collection<String> ignore, RuleCatalog catalog) {
        return new RuleSelection(resolve(select, catalog), resolve(ignore, catalog));
    }

    /** Rule ids for ids or names, each entry possibly comma-separated; unknown ones are an error. */
    public static Set<String> resolve(Collection<String> names, RuleCatalog catalog) {
        Set<String> ids = new TreeSet<>();
        for (String entry : names) {
            for (String name : entry.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                ids.add(catalog.byIdOrName(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown rule '" + name.strip() + "' (see 'kvlint rules')")).id());
            }
        }
        return ids;
    }

    public boolean selects(String ruleId) {
        return (select.isEmpty() || select.contains(ruleId)) && !ignore.contains(ruleId);
    }

    /** This selection with another one's non-empty parts in place of its own (the command line over the file). */
    public RuleSelection overriddenBy(RuleSelection cli) {
        return new RuleSelection(cli.select.isEmpty() ? select : cli.select, cli.ignore.isEmpty() ? ignore : cli.ignore);
    }

    /** The selected rule ids in id order. */
    public List<String> selected(RuleCatalog catalog) {
        return catalog.metas().stream().map(RuleMeta::id).filter(this::selects).toList();
    }
}
