package org.kvlint.facts;

import java.util.List;

/**
 * Everything that may reach one pointer use (a free's argument), resolved: across the file's
 * functions through struct fields and file-scope variables, and through the summaries of
 * wrappers (return values and out-parameters). See {@link Reaching}.
 *
 * @param sources the allocations found, in source order, without duplicates
 * @param unknown some path brings a value kvlint cannot trace (a parameter, an unknown call, arithmetic)
 * @param guards branch conditions around the use
 */
public record Reach(List<MemorySource> sources, boolean unknown, List<Guard> guards) {
    public Reach {
        sources = List.copyOf(sources);
        guards = List.copyOf(guards);
    }

    /** Sources whose memory may be vmalloc memory. */
    public List<MemorySource> mayBeVmalloc() {
        return sources.stream().filter(MemorySource::mayBeVmalloc).toList();
    }

    /** Sources whose memory may be kmalloc memory. */
    public List<MemorySource> mayBeKmalloc() {
        return sources.stream().filter(MemorySource::mayBeKmalloc).toList();
    }
}
