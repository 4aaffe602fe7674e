package org.kvlint.rules;

import java.util.Set;
import java.util.regex.Pattern;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts;

/**
 * The kernel's own allocators: code under {@code mm/} that implements kmalloc, vmalloc or
 * kvmalloc itself (its choices between them are the mechanism, not an open-coded kvmalloc).
 * Other {@code mm/} code that merely uses the allocators ({@code mm/percpu.c}'s
 * {@code pcpu_mem_zalloc()}) is reported like any other.
 */
final class AllocatorInternals {
    private AllocatorInternals() {}

    /** The files of mm/ that implement the slab, vmalloc and kvmalloc allocators. */
    private static final Set<String> ALLOCATOR_FILES = Set.of("util.c", "vmalloc.c", "nommu.c", "slab_common.c",
            "slab.c", "slub.c", "slob.c", "page_alloc.c", "mempool.c");

    /** A function named after an allocator it implements ({@code __kvmalloc_node}, {@code vmalloc_huge}...). */
    private static final Pattern ALLOCATOR_NAME = Pattern.compile(
            "(^|_)(kv[mz]alloc|kvrealloc|kvfree|kvcalloc|v[mz]alloc|vfree|k[mz]alloc|kfree|vcalloc)(_|$)");

    static boolean implementsAllocators(FileFacts facts, FunctionFacts fn) {
        if (!facts.allocatorInternals()) {
            return false;
        }
        String path = facts.file().displayPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return ALLOCATOR_FILES.contains(name) || ALLOCATOR_NAME.matcher(fn.name()).find();
    }
}
