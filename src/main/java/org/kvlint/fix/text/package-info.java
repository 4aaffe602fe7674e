/**
 * Text layout helpers for fix generators (kernel indentation, alignment, line width, line
 * arithmetic over source bytes). Depends on nothing but {@code syntax}, so rules can use it
 * without depending on the fix pipeline.
 */
package org.kvlint.fix.text;
