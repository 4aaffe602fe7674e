/**
 * Proof of a fix: executes the function(s) a fix touches, before and after the rewrite, on the
 * reference allocator model ({@link org.kvlint.alloc}) over a scenario matrix (sizes around
 * PAGE_SIZE and 8 pages, memory conditions, GFP masks, random kvmalloc backends) and compares
 * what the caller can observe: NULL or memory, zeroing, OOM killer, stalls in endless retries, printed warnings, legal
 * frees, leaks.
 *
 * <p>Entry point: {@link org.kvlint.validate.Validator}; its {@link org.kvlint.validate.ValidationResult}
 * says SAFE (equal or better in every scenario), UNSAFE (with the scenario that got worse) or
 * NOT_VALIDATED (the interpreter met a construct it does not execute: never "safe").
 * The interpreter covers the C subset such functions use; every other call is opaque.
 */
package org.kvlint.validate;
