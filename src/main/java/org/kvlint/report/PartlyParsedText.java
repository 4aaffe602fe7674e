package org.kvlint.report;

import org.kvlint.engine.ScanResult;

/** How reports word an item tree-sitter could only partly parse. */
public final class PartlyParsedText {
    private PartlyParsedText() {}

    /** "function foo() could only be partly parsed (tree-sitter ERROR or MISSING nodes); ...". */
    public static String message(ScanResult.PartlyParsed p) {
        return p.describe() + " could only be partly parsed (tree-sitter found syntax it could not read, often a"
                + " macro); findings in it may be missing";
    }

    /** {@code kvlint: note: path:12: function foo() could only be partly parsed ...}, for --verbose. */
    public static String line(ScanResult.PartlyParsed p) {
        return "kvlint: note: " + p.path() + ":" + p.line() + ": " + message(p);
    }
}
