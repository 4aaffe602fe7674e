/**
 * Turning findings' fixes into changed files: choosing which fixes apply (applicability,
 * {@code --only}, overlaps), applying byte-range edits to the bytes exactly as read, proving the
 * result still parses, and rendering it as a unified diff, a {@code git am}-able patch series or
 * an in-place write. Rule-agnostic: any rule's {@link org.kvlint.rules.Fix} goes through the same
 * path.
 */
package org.kvlint.fix;
