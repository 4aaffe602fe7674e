package org.kvlint.source;

import java.util.List;

/**
 * The suppression comments of one file ({@link NolintDirectives#scan}), one entry per rule id
 * named in a directive, in file order.
 *
 * @param suppressions what silences which lines
 * @param problems directives that are written wrongly and silence nothing (a NOLINTBEGIN without
 *     its NOLINTEND, or the reverse)
 */
public record FileDirectives(List<Suppression> suppressions, List<Problem> problems) {
    /** A file without directives: what almost every file of a kernel gives. */
    public static final FileDirectives NONE = new FileDirectives(List.of(), List.of());

    public FileDirectives {
        suppressions = List.copyOf(suppressions);
        problems = List.copyOf(problems);
    }

    public boolean isEmpty() {
        return suppressions.isEmpty() && problems.isEmpty();
    }

    /** The three spellings that silence something, clang-tidy's. */
    public enum Kind {
        /** {@code NOLINT(ids)}: its own line. */
        NOLINT,
        /** {@code NOLINTNEXTLINE(ids)}: the line after it. */
        NOLINTNEXTLINE,
        /** {@code NOLINTBEGIN(ids)} ... {@code NOLINTEND(ids)}: every line from one to the other. */
        NOLINTBEGIN
    }

    /**
     * One rule id of one directive and the lines it silences.
     *
     * @param kind how it was spelt
     * @param id the id as written (a rule id, a rule name, possibly with {@code *} globs, or another
     *     tool's check, which kvlint ignores)
     * @param line where the directive is (1-based; for a region, its NOLINTBEGIN)
     * @param column 1-based byte column of the directive's first letter
     * @param fromLine first line silenced
     * @param toLine last line silenced (inclusive)
     */
    public record Suppression(Kind kind, String id, int line, int column, int fromLine, int toLine) {
        public boolean covers(int findingLine) {
            return fromLine <= findingLine && findingLine <= toLine;
        }

        /** How the directive reads in messages, e.g. {@code NOLINTNEXTLINE(KV004)}. */
        public String spelling() {
            return kind + "(" + id + ")";
        }
    }

    /**
     * A directive that cannot work as written.
     *
     * @param line 1-based
     * @param column 1-based byte column
     * @param message lowercase, no trailing period
     */
    public record Problem(int line, int column, String message) {}
}
