package org.kvlint.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvlint.engine.ScanResult;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Level;

/**
 * gcc-style lines: {@code path:line:col: warning: message [KV001]}, one per finding, and one per
 * unused suppression when those are reported. With {@link Style#showSource} each is followed by its
 * source line and a caret under the span, as gcc prints them; with {@link Style#color} the parts
 * are coloured as gcc colours them (SGR escapes).
 */
public final class TextReporter implements Reporter {
    /** Tab stops of the source display, gcc's default ({@code -ftabstop=8}). */
    static final int TAB = 8;

    /**
     * How the lines look.
     *
     * @param color ANSI colours (the caller decided: a terminal, {@code --color}, {@code NO_COLOR})
     * @param showSource the source line and a caret line under each finding
     */
    public record Style(boolean color, boolean showSource) {
        public static final Style PLAIN = new Style(false, false);
    }

    private final Style style;

    public TextReporter() {
        this(Style.PLAIN);
    }

    public TextReporter(Style style) {
        this.style = style;
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        record Item(String path, int line, int column, Finding finding, ScanResult.UnusedSuppression unused) {}
        List<Item> items = new ArrayList<>();
        for (Finding f : report.scan().findings()) {
            items.add(new Item(f.path(), f.span().startLine(), f.span().startColumn(), f, null));
        }
        for (ScanResult.UnusedSuppression u : report.scan().unusedSuppressions()) {
            items.add(new Item(u.path(), u.directive().line(), u.directive().column(), null, u));
        }
        // findings already come in their order; unused suppressions go in by position
        items.sort(Comparator.comparing(Item::path).thenComparingInt(Item::line).thenComparingInt(Item::column));
        Map<String, Optional<FileText>> texts = new HashMap<>();
        for (Item i : items) {
            if (i.finding() != null) {
                Finding f = i.finding();
                out.write(line(f.path(), f.span().startLine(), f.span().startColumn(), f.level(), f.message(), f.ruleId()));
                out.write('\n');
                if (style.showSource()) {
                    int endColumn = f.span().endLine() == f.span().startLine() ? f.span().endColumn() : Integer.MAX_VALUE;
                    source(out, texts.computeIfAbsent(f.path(), p -> FileText.of(report.scan().texts(), p)),
                            f.span().startLine(),
                            f.span().startColumn(), endColumn);
                }
            } else {
                var d = i.unused().directive();
                out.write(line(i.path(), d.line(), d.column(), Level.WARNING, UnusedSuppressions.message(i.unused()),
                        UnusedSuppressions.TAG));
                out.write('\n');
                if (style.showSource()) {
                    int width = d.spelling().length();
                    source(out, texts.computeIfAbsent(i.path(), p -> FileText.of(report.scan().texts(), p)), d.line(),
                            d.column(), d.column() + width);
                }
            }
        }
    }

    /** The plain line of a finding, as {@code kvlint check} prints it without options. */
    public static String line(Finding f) {
        return f.path() + ":" + f.span().startLine() + ":" + f.span().startColumn() + ": " + f.level().label() + ": "
                + f.message() + " [" + f.ruleId() + "]";
    }

    private String line(String path, int line, int column, Level level, String message, String tag) {
        if (!style.color()) {
            return path + ":" + line + ":" + column + ": " + level.label() + ": " + message + " [" + tag + "]";
        }
        String c = Ansi.of(level);
        return Ansi.BOLD + path + ":" + line + ":" + column + ":" + Ansi.RESET + " " + c + level.label() + ":"
                + Ansi.RESET + " " + message + " [" + c + tag + Ansi.RESET + "]";
    }

    /**
     * gcc's source display: {@code "   29 | code"} then {@code "      |      ^~~~"} under byte columns
     * [startColumn, endColumn) of the line (to its end when the span goes on), tabs expanded.
     */
    private void source(Writer out, Optional<FileText> text, int lineNo, int startColumn, int endColumn)
            throws IOException {
        Optional<String> line = text.flatMap(t -> t.line(lineNo));
        if (line.isEmpty()) {
            return;
        }
        String[] shown = expand(line.get(), startColumn, endColumn);
        out.write(String.format(java.util.Locale.ROOT, "%5d | %s%n", lineNo, shown[0]));
        String caret = shown[1];
        out.write("      | " + (style.color() ? caret.replaceFirst("(\\^~*)", Ansi.CARET + "$1" + Ansi.RESET) : caret)
                + "\n");
    }

    /**
     * The line with tabs expanded to {@link #TAB} columns, and the caret line under byte columns
     * [start, end): one display column per character (wide characters are not measured).
     */
    static String[] expand(String line, int startColumn, int endColumn) {
        StringBuilder text = new StringBuilder();
        StringBuilder caret = new StringBuilder();
        int byteColumn = 1;
        boolean marked = false;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int width = cp == '\t' ? TAB - text.length() % TAB : 1;
            boolean inside = byteColumn >= startColumn && byteColumn < endColumn;
            for (int w = 0; w < width; w++) {
                if (cp == '\t') {
                    text.append(' ');
                } else {
                    text.appendCodePoint(cp);
                }
                caret.append(inside ? (marked ? '~' : '^') : ' ');
                marked |= inside;
            }
            byteColumn += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(cp);
        }
        if (!marked) {
            caret.append('^'); // the span starts at the end of the line
        }
        return new String[] {text.toString(), caret.toString().stripTrailing()};
    }

    /** The SGR sequences gcc uses for its diagnostics. */
    static final class Ansi {
        static final String RESET = "\033[m";
        static final String BOLD = "\033[1m";
        static final String CARET = "\033[1;32m";

        static String of(Level l) {
            return switch (l) {
                case ERROR -> "\033[1;31m";
                case WARNING -> "\033[1;35m";
                case NOTE -> "\033[1;36m";
            };
        }

        private Ansi() {}
    }
}
