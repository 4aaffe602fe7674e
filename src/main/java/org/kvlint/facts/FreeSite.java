package org.kvlint.facts;

import java.util.Optional;
import org.kvlint.syntax.SyntaxNode;

/**
 * A call of a table free function ({@code kfree(p)}, {@code vfree(s->buf)}, {@code kvfree(...)}).
 *
 * @param call the free call
 * @param argument the freed expression
 * @param place where the freed pointer is stored, when it is an lvalue
 */
public record FreeSite(CallSite call, SyntaxNode argument, Optional<Place> place) {}
