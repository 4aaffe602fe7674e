package org.kvlint.syntax;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Macro bodies that are statements, analysed as code: tree-sitter keeps the body of a
 * {@code #define} as one {@code preproc_arg} text, so a fallback or a free inside
 * {@code #define FOO(p, n) ({ ... })} or {@code do { ... } while (0)} would be invisible.
 *
 * <p>Each such body is parsed again as the body of a function named like the macro, with the
 * macro's parameters as untyped parameters ({@code void FOO(p, n)}), and that
 * {@code function_definition} becomes the last child of its {@code preproc_function_def} /
 * {@code preproc_def}: every analysis that walks the file's tree then sees the macro as one more
 * function-like unit.
 *
 * <p>The extent of a definition is its logical line (backslash-newlines joined), read from the
 * bytes: tree-sitter ends a {@code preproc_arg} at the first comment inside it and parses the
 * rest of the macro as stray top-level code. Those stray items are dropped and the definition's
 * node is widened to the whole macro.
 *
 * <p>Byte offsets, rows and columns of the body's nodes are those of the file: all bodies of a
 * file are parsed together from one text as long as the file, where every byte outside the
 * bodies is blanked (newlines kept), the {@code #define NAME(args)} header is overwritten with
 * {@code void NAME(args)} (always shorter), and the statement wrapper becomes the function's
 * braces: {@code ({ ... })} loses its parentheses, {@code do { ... } while (0)} its {@code do} and
 * {@code while (0)}. Backslash-newlines are whitespace to tree-sitter. So a fix edit computed on
 * a node of the body indexes the file's own bytes; only the function's header and its braces are
 * synthetic (their {@link SyntaxNode#text()} is the synthetic text).
 *
 * <p>Cost: one more parse of a mostly blank text per file that has such macros among the
 * items kept, linear in the file's size.
 */
public final class MacroBodies {
    private MacroBodies() {}

    /** How a macro body is written; the wrapper bytes to blank so the inner block is the function body. */
    enum Shape { STATEMENT_EXPRESSION, DO_WHILE_ZERO, BLOCK }

    /**
     * One macro to parse.
     *
     * @param macro the definition's node (possibly cut short by tree-sitter)
     * @param header {@code void NAME(args)}, written at the definition's start
     * @param start the body's first byte
     * @param end the end of the logical line (its final newline, or the end of the file)
     * @param functionLike {@code #define NAME(args)} rather than {@code #define NAME}
     */
    private record Body(SyntaxNode macro, String header, int start, int end, Shape shape, boolean functionLike) {}

    /**
     * Parses the statement-like bodies of the macro definitions in the kept items under
     * {@code root} and grafts each as a {@code function_definition} child of its definition.
     *
     * @return the number of macro bodies grafted
     */
    public static int expand(CParser parser, SourceText source, SyntaxNode root) {
        List<Body> bodies = new ArrayList<>();
        collect(source, root, bodies);
        if (bodies.isEmpty()) {
            return 0;
        }
        byte[] src = source.bytes();
        byte[] text = blank(src);
        for (Body b : bodies) {
            System.arraycopy(src, b.start(), text, b.start(), b.end() - b.start());
            endLineComments(text, b.start(), b.end());
            unwrap(text, b);
            byte[] header = b.header().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(header, 0, text, b.macro().startByte(), header.length);
        }
        SyntaxNode parsed = parser.parseUnexpanded(new SourceText(text), (s, e) -> true);
        Map<Integer, SyntaxNode> byStart = new HashMap<>();
        for (SyntaxNode fn : parsed.children()) {
            if (fn.is("function_definition")) {
                byStart.put(fn.startByte(), fn);
            }
        }
        int grafted = 0;
        for (Body b : bodies) {
            SyntaxNode fn = byStart.get(b.macro().startByte());
            if (fn == null || fn.endByte() > b.end() || fn.child("body").isEmpty()) {
                continue; // the body did not parse as one block: leave the macro as text
            }
            graft(source, b, fn);
            grafted++;
        }
        return grafted;
    }

    /**
     * The bytes tree-sitter should read for {@code src}: comments inside multi-line
     * {@code #define}s blanked (backslash-newlines kept), because tree-sitter ends a macro's
     * {@code preproc_arg} at the first comment and parses the rest of the macro as top-level code
     * (which swallows the next definitions and items). Returns {@code src} itself when there is
     * nothing to blank. Linear in the size of the file.
     */
    public static byte[] withoutCommentsInMacros(byte[] src) {
        byte[] out = null;
        int i = 0;
        while (i < src.length) {
            int lineStart = i;
            int j = skipBlanks(src, i, src.length);
            int end = logicalEnd(src, lineStart);
            if (j < src.length && src[j] == '#' && startsWithWord(src, skipBlanks(src, j + 1, src.length), src.length, "define")
                    && end > newline(src, lineStart)) {
                out = blankComments(src, out, j, end);
            }
            i = end + 1;
        }
        return out == null ? src : out;
    }

    /** Blanks the block and line comments in [start, end), outside string and character literals. */
    private static byte[] blankComments(byte[] src, byte[] out, int start, int end) {
        byte[] o = out;
        int i = start;
        while (i < end) {
            byte c = src[i];
            if (c == '"' || c == '\'') {
                i = afterLiteral(src, i, end);
            } else if (c == '/' && i + 1 < end && (src[i + 1] == '*' || src[i + 1] == '/')) {
                boolean block = src[i + 1] == '*';
                int close = i + 2;
                if (block) {
                    while (close + 1 < end && !(src[close] == '*' && src[close + 1] == '/')) {
                        close++;
                    }
                    if (close + 1 >= end) {
                        return o; // a comment that runs past the macro's lines: left as it is
                    }
                    close += 2;
                } else {
                    close = newline(src, i);
                    while (close > i && (src[close - 1] == '\\' || src[close - 1] == '\r')) {
                        close--; // keep the line's continuation
                    }
                }
                if (o == null) {
                    o = src.clone();
                }
                for (int k = i; k < close; k++) {
                    boolean continuation = src[k] == '\n' || src[k] == '\r'
                            || src[k] == '\\' && k + 1 < src.length && (src[k + 1] == '\n' || src[k + 1] == '\r');
                    if (!continuation) {
                        o[k] = ' ';
                    }
                }
                i = close;
            } else {
                i++;
            }
        }
        return o;
    }

    /**
     * A {@code //} comment of a macro line ends with the line's backslash-newline, which in C
     * (and to tree-sitter) continues the comment onto the next line; as a function body the
     * lines are separate, so the backslash goes.
     */
    private static void endLineComments(byte[] text, int start, int end) {
        int i = start;
        while (i < end) {
            byte c = text[i];
            if (c == '"' || c == '\'') {
                i = afterLiteral(text, i, end);
            } else if (c == '/' && i + 1 < end && text[i + 1] == '*') {
                int close = i + 2;
                while (close + 1 < end && !(text[close] == '*' && text[close + 1] == '/')) {
                    close++;
                }
                i = close + 2;
            } else if (c == '/' && i + 1 < end && text[i + 1] == '/') {
                int nl = newline(text, i);
                int k = nl;
                if (k > i && text[k - 1] == '\r') {
                    k--;
                }
                if (k > i && text[k - 1] == '\\') {
                    text[k - 1] = ' ';
                }
                i = nl + 1;
            } else {
                i++;
            }
        }
    }

    /** Just past the string or character literal opening at {@code i} (or the end of its line). */
    private static int afterLiteral(byte[] b, int i, int end) {
        byte quote = b[i];
        int j = i + 1;
        while (j < end && b[j] != quote && b[j] != '\n') {
            j += b[j] == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    private static int newline(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Is {@code fn} a macro body grafted by {@link #expand}? Then its parent is the definition. */
    public static boolean isMacroUnit(SyntaxNode fn) {
        return fn.is("function_definition") && fn.parent()
                .filter(p -> p.is("preproc_function_def") || p.is("preproc_def")).isPresent();
    }

    /**
     * For a grafted {@code ({ ... })} body, its last statement when that is an expression: the
     * value the macro yields, as a function's return value.
     */
    public static Optional<SyntaxNode> valueStatement(SyntaxNode fn) {
        if (!isMacroUnit(fn)) {
            return Optional.empty();
        }
        Optional<SyntaxNode> body = fn.child("body");
        SyntaxNode def = fn.parent().orElseThrow();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        byte[] original = def.source().bytes();
        int before = skipSpaceBack(original, def.startByte(), body.get().startByte());
        if (before <= def.startByte() || original[before - 1] != '(') {
            return Optional.empty();
        }
        List<SyntaxNode> statements = CSyntax.statements(body.get());
        return statements.isEmpty() ? Optional.empty()
                : Optional.of(statements.getLast()).filter(st -> st.is("expression_statement"));
    }

    /** The macro's parameter names, in order ({@code ...} as ""), for a grafted unit; else empty. */
    public static Optional<List<String>> parameters(SyntaxNode fn) {
        if (!isMacroUnit(fn)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        SyntaxNode d = fn.child("declarator").orElse(null);
        while (d != null && !d.is("function_declarator")) {
            d = d.child("declarator").orElse(null);
        }
        if (d != null) {
            d.child("parameters").ifPresent(ps -> {
                for (SyntaxNode p : ps.namedChildren()) {
                    if (p.is("parameter_declaration")) {
                        // untyped: "p" parses as a parameter whose type is named p
                        names.add(p.child("declarator").or(() -> p.child("type")).map(SyntaxNode::text).orElse(""));
                    } else if (p.is("variadic_parameter")) {
                        names.add("");
                    }
                }
            });
        }
        return Optional.of(List.copyOf(names));
    }

    /**
     * The definitions under {@code n} whose body is a statement, where the definition or a stray
     * item of its tail was kept; not inside functions (a macro defined in a function body stays
     * text there).
     */
    private static void collect(SourceText source, SyntaxNode n, List<Body> out) {
        List<SyntaxNode> kids = n.children();
        for (int i = 0; i < kids.size(); i++) {
            SyntaxNode c = kids.get(i);
            if (c.is("preproc_function_def") || c.is("preproc_def") || c.isError() && startsDefine(source.bytes(), c)) {
                int end = logicalEnd(source.bytes(), c.startByte());
                if (c.endByte() > end + 1) {
                    continue; // tree-sitter's node runs past the macro: leave it as it is
                }
                boolean kept = !c.children().isEmpty();
                for (int j = i + 1; j < kids.size() && kids.get(j).startByte() < end; j++) {
                    kept |= !kids.get(j).children().isEmpty();
                }
                if (kept) {
                    body(source, c, end).ifPresent(out::add);
                }
            } else if (!c.children().isEmpty() && !c.is("function_definition")) {
                collect(source, c, out);
            }
        }
    }

    /** The offset of the newline that ends the logical line starting at {@code start}, or the file's end. */
    static int logicalEnd(byte[] b, int start) {
        int i = start;
        while (i < b.length) {
            if (b[i] == '\n') {
                int j = i;
                if (j > start && b[j - 1] == '\r') {
                    j--;
                }
                if (j > start && b[j - 1] == '\\') {
                    i++;
                    continue;
                }
                return i;
            }
            i++;
        }
        return b.length;
    }

    /** Does the node's text start with {@code #define} (an ERROR tree-sitter made of a macro)? */
    private static boolean startsDefine(byte[] b, SyntaxNode n) {
        int i = n.startByte();
        if (i >= b.length || b[i] != '#') {
            return false;
        }
        return startsWithWord(b, skipBlanks(b, i + 1, b.length), b.length, "define");
    }

    /** Reads {@code #define NAME(args) body} from the bytes; a body of statements only. */
    private static Optional<Body> body(SourceText source, SyntaxNode def, int end) {
        byte[] b = source.bytes();
        int i = def.startByte();
        if (i >= end || b[i] != '#') {
            return Optional.empty();
        }
        i = skipBlanks(b, i + 1, end);
        if (!startsWithWord(b, i, end, "define")) {
            return Optional.empty();
        }
        i = skipBlanks(b, i + 6, end);
        int nameStart = i;
        while (i < end && (Character.isLetterOrDigit(b[i]) || b[i] == '_')) {
            i++;
        }
        if (i == nameStart || Character.isDigit(b[nameStart])) {
            return Optional.empty();
        }
        String name = source.text(nameStart, i);
        List<String> params = new ArrayList<>();
        boolean functionLike = i < end && b[i] == '(';
        if (functionLike) {
            int close = i + 1;
            while (close < end && b[close] != ')') {
                close++;
            }
            if (close >= end) {
                return Optional.empty();
            }
            for (String p : source.text(i + 1, close).replace("\\\n", " ").split(",")) {
                String t = p.strip();
                if (!t.isEmpty() && !t.matches("[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*\\.\\.\\.|\\.\\.\\.")) {
                    return Optional.empty();
                }
                if (!t.isEmpty()) {
                    params.add(t.endsWith("...") ? "..." : t);
                }
            }
            i = close + 1;
        }
        int start = i;
        Shape shape = shape(b, start, end).orElse(null);
        if (shape == null || !hasStatement(b, start, end)) {
            return Optional.empty();
        }
        String header = "void " + name + "(" + String.join(",", params) + ")";
        int room = def.startByte() + header.length();
        for (int k = def.startByte(); k < room; k++) {
            if (k >= start || b[k] == '\n') {
                return Optional.empty(); // a header split over lines: not worth the bytes
            }
        }
        return Optional.of(new Body(def, header, start, end, shape, functionLike));
    }

    /** Replaces {@code body.macro()} by a node spanning the whole macro, with {@code fn} as last child; drops the stray items. */
    private static void graft(SourceText source, Body body, SyntaxNode fn) {
        SyntaxNode def = body.macro();
        int end = body.end() < source.length() ? body.end() + 1 : body.end();
        int endRow = source.rowOf(end);
        int endColumn = end - source.lineStart(endRow);
        // the definition's own children are dropped: when a comment cut it short they hold stray
        // pieces of the body (tokens, ERRORs, calls) that the unit now holds as code
        SyntaxNode wide = new SyntaxNode(body.functionLike() ? "preproc_function_def" : "preproc_def", def.field(),
                true, false, false, def.startByte(), Math.max(end, def.endByte()), def.startRow(), def.startColumn(),
                endRow, endColumn, source);
        wide.setChildren(List.of(fn));
        Optional<SyntaxNode> parent = def.parent();
        if (parent.isEmpty()) {
            return;
        }
        List<SyntaxNode> siblings = new ArrayList<>();
        for (SyntaxNode s : parent.get().children()) {
            if (s == def) {
                siblings.add(wide);
            } else if (!(s.startByte() >= def.endByte() && s.endByte() <= end && s.startByte() < body.end())) {
                siblings.add(s);
            }
        }
        parent.get().setChildren(siblings);
    }

    /** {@code ({ ... })}, {@code do { ... } while (0)} or {@code { ... }}, by its first and last tokens. */
    static Optional<Shape> shape(byte[] b, int start, int end) {
        int s = skipSpace(b, start, end);
        int e = skipSpaceBack(b, start, end);
        if (e - s < 2) {
            return Optional.empty();
        }
        if (b[s] == '(' && b[e - 1] == ')') {
            int in = skipSpace(b, s + 1, e - 1);
            int out = skipSpaceBack(b, s + 1, e - 1);
            if (in < out && b[in] == '{' && b[out - 1] == '}') {
                return Optional.of(Shape.STATEMENT_EXPRESSION);
            }
            return Optional.empty();
        }
        if (b[s] == '{' && b[e - 1] == '}') {
            return Optional.of(Shape.BLOCK);
        }
        if (startsWithWord(b, s, e, "do") && whileZeroStart(b, s, e) >= 0) {
            int in = skipSpace(b, s + 2, e);
            if (in < e && b[in] == '{') {
                return Optional.of(Shape.DO_WHILE_ZERO);
            }
        }
        return Optional.empty();
    }

    /** A ';' outside comments: statements, not an initializer ({@code { .a = 1, .b = 2 }}). */
    private static boolean hasStatement(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] == '/' && i + 1 < end && b[i + 1] == '*') {
                int close = i + 2;
                while (close + 1 < end && !(b[close] == '*' && b[close + 1] == '/')) {
                    close++;
                }
                i = close + 1;
            } else if (b[i] == ';') {
                return true;
            }
        }
        return false;
    }

    /** Blanks the wrapper around the inner block, so the block is the function's body. */
    private static void unwrap(byte[] text, Body b) {
        int s = skipSpace(text, b.start(), b.end());
        int e = skipSpaceBack(text, b.start(), b.end());
        switch (b.shape()) {
            case STATEMENT_EXPRESSION -> {
                text[s] = ' ';
                text[e - 1] = ' ';
            }
            case DO_WHILE_ZERO -> {
                text[s] = ' ';
                text[s + 1] = ' ';
                for (int i = whileZeroStart(text, s, e); i < e; i++) {
                    if (text[i] != '\n') {
                        text[i] = ' ';
                    }
                }
            }
            case BLOCK -> { }
        }
    }

    /** Where {@code while (0)} (optionally followed by ';') ends the body, or -1. */
    private static int whileZeroStart(byte[] b, int s, int e) {
        int i = e;
        if (i > s && b[i - 1] == ';') {
            i = skipSpaceBack(b, s, i - 1);
        }
        if (i <= s || b[i - 1] != ')') {
            return -1;
        }
        i = skipSpaceBack(b, s, i - 1);
        if (i <= s || b[i - 1] != '0') {
            return -1;
        }
        i = skipSpaceBack(b, s, i - 1);
        if (i <= s || b[i - 1] != '(') {
            return -1;
        }
        i = skipSpaceBack(b, s, i - 1);
        int w = i - 5;
        if (w <= s || !startsWithWord(b, w, i, "while") || b[w - 1] != '}' && !isSpace(b[w - 1])) {
            return -1;
        }
        return w;
    }

    private static boolean startsWithWord(byte[] b, int s, int e, String word) {
        if (e - s < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[s + i] != word.charAt(i)) {
                return false;
            }
        }
        int after = s + word.length();
        return after >= e || !Character.isLetterOrDigit(b[after]) && b[after] != '_';
    }

    private static byte[] blank(byte[] src) {
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] == '\n' ? (byte) '\n' : (byte) ' ';
        }
        return out;
    }

    private static int skipBlanks(byte[] b, int s, int e) {
        int i = s;
        while (i < e && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Whitespace, and backslash-newlines, which join the lines of a macro. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\\';
    }

    private static int skipSpace(byte[] b, int s, int e) {
        int i = s;
        while (i < e && isSpace(b[i])) {
            i++;
        }
        return i;
    }

    /** Back over whitespace and block comments ({@code } while (0) /* why *\/}). */
    private static int skipSpaceBack(byte[] b, int s, int e) {
        int i = e;
        while (i > s) {
            if (isSpace(b[i - 1])) {
                i--;
            } else if (i - 2 >= s && b[i - 1] == '/' && b[i - 2] == '*') {
                int open = i - 3;
                while (open - 1 >= s && !(b[open - 1] == '/' && b[open] == '*')) {
                    open--;
                }
                if (open - 1 < s) {
                    return i;
                }
                i = open - 1;
            } else {
                return i;
            }
        }
        return i;
    }
}
