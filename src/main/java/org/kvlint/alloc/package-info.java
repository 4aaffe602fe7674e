/**
 * The reference allocator model: an executable, pure-Java model of the Linux kmalloc / vmalloc /
 * kvmalloc APIs and their frees, with selectable kernel profiles (4.12 … 6.16+), memory
 * conditions and deterministic fault injection.
 *
 * <p>It answers "what does this sequence of allocator calls do on kernel X under condition Y":
 * which backend serves each allocation, whether it is zeroed, whether the call returns NULL,
 * prints an allocation-failure warning or invokes the OOM killer, and which frees are illegal
 * (by provenance, so a {@code kfree()} of kvmalloc memory is reported even when kmalloc served
 * it). The {@code validate} package runs C fragments before and after a rewrite on this model
 * over a matrix of {@link org.kvlint.alloc.ModelConfig}s and compares the
 * {@link org.kvlint.alloc.Report}s.
 *
 * <p>Entry point: {@link org.kvlint.alloc.AllocatorModel}. Which functions exist, their family,
 * zeroing and since-version come from {@code rules/allocators.yaml}
 * ({@link org.kvlint.facts.AllocatorApi}); the behaviour follows
 * {@code docs/allocator-semantics.md} §1–§3 and the model spec in §5, cited as "§n" in comments.
 */
package org.kvlint.alloc;
