package org.kvlint.report;

import org.kvlint.engine.ScanResult;

/** How every report words a suppression directive that silenced nothing. */
public final class UnusedSuppressions {
    /** The tag text and github reports put where a rule id would be. */
    public static final String TAG = "unused-suppression";

    private UnusedSuppressions() {}

    public static String message(ScanResult.UnusedSuppression u) {
        var d = u.directive();
        String what = d.kind() == org.kvlint.source.FileDirectives.Kind.NOLINTBEGIN
                ? d.spelling() + " (lines " + d.fromLine() + "-" + d.toLine() + ")" : d.spelling();
        return what + " silences no finding; remove it";
    }

    /** {@code path:line:col: warning: NOLINT(KV004) silences no finding; remove it [unused-suppression]}. */
    public static String line(ScanResult.UnusedSuppression u) {
        return u.path() + ":" + u.directive().line() + ":" + u.directive().column() + ": warning: " + message(u)
                + " [" + TAG + "]";
    }
}
