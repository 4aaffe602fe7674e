package org.kvlint.validate;

import org.kvlint.syntax.SyntaxNode;

/**
 * The interpreter met something it does not execute faithfully. The result is "not validated
 * (construct X at line N)", never "safe".
 *
 * @param construct what, in a few words, without the line ("switch on a string", "inline assembly")
 * @param line 1-based line in the version of the file being run, 0 when not tied to a line
 */
final class NotValidated extends RuntimeException {
    private final String construct;
    private final int line;
    private final boolean afterFix;

    NotValidated(String construct, int line) {
        this(construct, line, false);
    }

    private NotValidated(String construct, int line, boolean afterFix) {
        super(construct + (line > 0 ? " at line " + line : ""), null, false, false);
        this.construct = construct;
        this.line = line;
        this.afterFix = afterFix;
    }

    /** The same, met while running the version after the fix (its line is in the fixed file). */
    NotValidated inFixedFile() {
        return new NotValidated(construct, line, true);
    }

    boolean afterFix() {
        return afterFix;
    }

    NotValidated(String construct, SyntaxNode at) {
        this(construct, at.startRow() + 1);
    }

    String construct() {
        return construct;
    }

    int line() {
        return line;
    }
}
