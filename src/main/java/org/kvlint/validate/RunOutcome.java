package org.kvlint.validate;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvlint.alloc.Bug;

/**
 * What one run of one version of a function showed a caller and the kernel log: the observables
 * of allocator-semantics.md §5.7, per run.
 *
 * @param returned the return value; empty for a void function (or a path that fell off the end)
 * @param places final values of the out-parameters, fields and globals the function stored into
 * @param oomKiller some request ran the OOM killer
 * @param stalled some request could neither fail nor kill and retried until memory was freed
 *     (GFP_NOFS/GFP_NOIO "too small to fail"): the caller hangs for as long as that takes
 * @param printed diagnostics the kernel prints (allocation-failure reports, WARNs, BUG splats)
 * @param illegalReleases frees and reallocs that are wrong for the memory's provenance or state
 * @param leaks allocations of this run still live, unreachable by the caller at the end (their call sites)
 * @param otherBugs other model diagnostics of severity WARN or FATAL (sleeping in atomic context, API
 *     missing on the kernel...)
 * @param story what happened, call by call, for people ("kmalloc(16 KiB) retries, OOM killer invoked")
 * @param documented documented kvmalloc behaviours this run hit (§5.7 rule 3), for classifying differences
 */
public record RunOutcome(Optional<Cell> returned, SortedMap<String, Cell> places, boolean oomKiller, boolean stalled,
                         List<Issue> printed, List<Issue> illegalReleases, List<String> leaks, Set<Bug> otherBugs,
                         List<String> story, Set<Documented> documented) {

    /** One model diagnostic, by kind, with its message. */
    public record Issue(Bug bug, String message) {}

    /** The documented differences of §5.7 rule 3 that can explain a NULL or a warning after a rewrite. */
    public enum Documented {
        SMALL_NO_FALLBACK("§5.7 3(a): kvmalloc never falls back to vmalloc for sizes up to PAGE_SIZE"),
        OVER_INT_MAX("§5.7 3(b): kvmalloc refuses sizes above INT_MAX"),
        NON_BLOCKING("§5.7 3(c): kvmalloc with non-blocking flags returns NULL instead of sleeping in vmalloc"),
        OVERFLOW("§5.7 3(d): the n * size overflow check returns NULL");

        private final String text;

        Documented(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public RunOutcome {
        places = new TreeMap<>(places);
        printed = List.copyOf(printed);
        illegalReleases = List.copyOf(illegalReleases);
        leaks = List.copyOf(leaks);
        // in declaration order: Set.copyOf iterates in an order salted per JVM, and an outcome is
        // kept in the cache with its fix's proof, so the bytes kept changed from run to run
        EnumSet<Bug> bugs = EnumSet.noneOf(Bug.class);
        bugs.addAll(otherBugs);
        otherBugs = Collections.unmodifiableSet(bugs);
        story = List.copyOf(story);
        EnumSet<Documented> hit = EnumSet.noneOf(Documented.class);
        hit.addAll(documented);
        documented = Collections.unmodifiableSet(hit);
    }

    /** "kvzalloc(16 KiB): slab attempt fails quietly, vmalloc serves; priv->buf = zeroed memory; returns 0". */
    public String summary() {
        StringBuilder b = new StringBuilder(String.join("; ", story));
        places.forEach((k, v) -> sep(b).append(k).append(" = ").append(v.render()));
        returned.ifPresent(r -> sep(b).append("returns ").append(r.render()));
        if (!illegalReleases.isEmpty()) {
            sep(b).append(illegalReleases.size() == 1 ? "illegal free: " : "illegal frees: ")
                    .append(String.join(", ", illegalReleases.stream().map(i -> i.bug().name()).toList()));
        }
        if (!leaks.isEmpty()) {
            sep(b).append("leaks ").append(String.join(", ", leaks));
        }
        return b.isEmpty() ? "nothing allocated" : b.toString();
    }

    private static StringBuilder sep(StringBuilder b) {
        return b.isEmpty() ? b : b.append("; ");
    }
}
