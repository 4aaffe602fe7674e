package org.kvlint.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.source.InputFile;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * What the rules share about one file: the parsed parts, every allocator-table call, and where
 * each call's result is stored. Built once per file; immutable.
 *
 * @param file the input
 * @param source the parsed bytes
 * @param root the translation unit (only top-level items that mention the allocator API are expanded)
 * @param kernel the target kernel version
 * @param calls every call of a table function, in source order
 * @param assignments the calls whose result is stored, in source order
 * @param pointers allocations and frees by place, across the file's functions
 * @param allocatorInternals the file is part of the kernel's own memory management ({@code mm/}
 *     of a kernel tree), where the allocators themselves are implemented
 * @param comparingHelpers names of the function-like macros and inline functions this file
 *     defines whose body compares something ({@code #define foo_use_vmalloc(c) ((c)->size > X)}):
 *     a test of a size behind a helper of any name
 */
public record FileFacts(InputFile file, SourceText source, SyntaxNode root, KernelVersion kernel,
                        List<CallSite> calls, List<Assignment> assignments, PointerFacts pointers,
                        boolean allocatorInternals, java.util.Set<String> comparingHelpers) {

    public static FileFacts extract(InputFile file, SourceText source, SyntaxNode root, KernelVersion kernel,
                                    AllocatorApi api) {
        return extract(file, source, root, kernel, api, null);
    }

    /**
     * @param callees names of functions of other files that may free their arguments (from the
     *     scan's summaries), to limit what the pointer analysis records; null records every call
     */
    public static FileFacts extract(InputFile file, SourceText source, SyntaxNode root, KernelVersion kernel,
                                    AllocatorApi api, java.util.Set<String> callees) {
        return extract(file, source, root, kernel, api, callees, null);
    }

    /**
     * As above, again over more of the same file's items: the functions' flows that still hold are
     * taken from {@code memo} (null: none), and the new ones kept there.
     */
    public static FileFacts extract(InputFile file, SourceText source, SyntaxNode root, KernelVersion kernel,
                                    AllocatorApi api, java.util.Set<String> callees, FlowMemo memo) {
        List<CallSite> calls = new ArrayList<>();
        // a walk of the whole tree, item by item: a function kept from the extraction before keeps its
        // calls (macro bodies are grafted only outside function definitions, so those are unchanged)
        for (SyntaxNode item : root.children()) {
            if (memo != null && item.is("function_definition")) {
                calls.addAll(memo.tableCalls(item, n -> {
                    List<CallSite> own = new ArrayList<>();
                    tableCalls(n, api, own);
                    return List.copyOf(own);
                }));
            } else {
                tableCalls(item, api, calls);
            }
        }
        List<Assignment> assignments = new ArrayList<>();
        for (CallSite c : calls) {
            Assignment.of(c).ifPresent(assignments::add);
        }
        return new FileFacts(file, source, root, kernel, List.copyOf(calls), List.copyOf(assignments),
                PointerFacts.of(root, List.copyOf(calls), List.copyOf(assignments), file.displayPath(), callees, memo),
                allocatorInternals(file.path()), comparingHelpers(root));
    }

    /** The calls of allocator-table functions under {@code n} (pre-order), added to {@code out}. */
    private static void tableCalls(SyntaxNode n, AllocatorApi api, List<CallSite> out) {
        n.walk(c -> {
            if (c.is("call_expression")) {
                Optional<String> name = CSyntax.calleeName(c);
                name.flatMap(api::lookup).ifPresent(f -> out.add(new CallSite(f, c, CSyntax.arguments(c))));
            }
        });
    }

    static final java.util.regex.Pattern MACRO = java.util.regex.Pattern.compile(
            "^#\\s*define\\s+(\\w+)\\(([^)]*)\\)(.*)$", java.util.regex.Pattern.DOTALL);
    static final java.util.regex.Pattern INLINE_COMPARE = java.util.regex.Pattern.compile(
            "\\b(\\w+)\\s*\\([^()]*\\)\\s*\\{\\s*return\\b[^;{}]*(?<![-])[<>][^;{}]*;\\s*}");
    static final java.util.regex.Pattern COMPARISON = java.util.regex.Pattern.compile("(?<![-<>])[<>](?![<>])");

    /**
     * Looked for in the bytes of a function before its text is decoded: most do not hold it. Every
     * small function of the file, parsed or not, on every extraction: in C ({@code memmem()}).
     */
    private static final byte[] INLINE = "inline".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The helpers whose body is a comparison (read from the text, parsed or not): macros, one-line inline functions. */
    static java.util.Set<String> comparingHelpers(SyntaxNode root) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (SyntaxNode item : root.children()) {
            if (item.endByte() - item.startByte() > 4000) {
                continue;
            }
            if (item.is("preproc_function_def")) {
                if (!mayCompare(item.source().bytes(), item.startByte(), item.endByte())) {
                    continue; // no < or > that COMPARISON could match anywhere in the text
                }
                java.util.regex.Matcher m = MACRO.matcher(item.text().strip());
                if (m.matches() && COMPARISON.matcher(m.group(3)).find()) {
                    out.add(m.group(1));
                }
            } else if (item.is("function_definition")
                    && org.kvlint.syntax.NativeScan.indexOf(item.source().bytes(), INLINE, item.startByte(), item.endByte()) >= 0
                    && mayReturnAtOnce(item.source().bytes(), item.startByte(), item.endByte())) {
                java.util.regex.Matcher m = INLINE_COMPARE.matcher(item.text());
                if (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return java.util.Set.copyOf(out);
    }

    /**
     * Does {@code b[from, to)} hold a {@code {} followed, after blanks only, by the word
     * {@code return}? {@link #INLINE_COMPARE} cannot match without one; most inline functions
     * have none, and are not decoded nor matched.
     */
    static boolean mayReturnAtOnce(byte[] b, int from, int to) {
        for (int i = from; i + RETURN.length <= to; i++) {
            if (b[i] != 'r' || !org.kvlint.syntax.Bytes.startsWith(b, i, to, RETURN)) {
                continue;
            }
            int after = i + RETURN.length;
            if (after < to && org.kvlint.source.CallScan.isIdentifier(b[after])) {
                continue;
            }
            int k = i - 1;
            while (k >= from && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == 0x0b || b[k] == '\f'
                    || b[k] == '\r')) {
                k--;
            }
            if (k >= from && b[k] == '{') {
                return true;
            }
        }
        return false;
    }

    private static final byte[] RETURN = "return".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Is there a byte in {@code b[from, to)} that {@link #COMPARISON} matches: a {@code <} or
     * {@code >} neither after {@code -}, {@code <} or {@code >} nor before {@code <} or {@code >}?
     * The macro's body is a part of that text whose neighbours at both ends are no such character,
     * so without one the body has no comparison either.
     */
    static boolean mayCompare(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if ((c == '<' || c == '>')
                    && (i == from || b[i - 1] != '-' && b[i - 1] != '<' && b[i - 1] != '>')
                    && (i + 1 == to || b[i + 1] != '<' && b[i + 1] != '>')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The plain facts of every function-like unit of the file, in source order: what the ported
     * rules read (no syntax).
     */
    public List<FunctionFacts> functions() {
        return pointers.functions();
    }

    /**
     * True for files of the kernel's own memory-management code: under {@code mm/} of a kernel
     * tree (the directory with {@code init/} and {@code kernel/}). Not {@code arch/<arch>/mm/}:
     * it holds ordinary users of the allocators too. Looks at the file system once, at extraction.
     */
    static boolean allocatorInternals(java.nio.file.Path file) {
        java.nio.file.Path p = file.toAbsolutePath().normalize();
        for (java.nio.file.Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            if (dir.getFileName() == null || !dir.getFileName().toString().equals("mm") || dir.getParent() == null) {
                continue;
            }
            java.nio.file.Path parent = dir.getParent();
            if (java.nio.file.Files.isDirectory(parent.resolve("init"))
                    && java.nio.file.Files.isDirectory(parent.resolve("kernel"))) {
                return true;
            }
        }
        return false;
    }

    /** Functions of this file whose analysis did not finish (budget, internal error), in source order. */
    public List<PointerFacts.Problem> problems() {
        return pointers.problems();
    }

    /** The stored allocation, if this call is one. */
    public Optional<Assignment> assignmentOf(SyntaxNode call) {
        for (Assignment a : assignments) {
            if (a.call().call() == call) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
