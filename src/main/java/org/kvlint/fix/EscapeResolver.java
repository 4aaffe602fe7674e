package org.kvlint.fix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvlint.engine.ScanResult;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.AtomicSections;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FreeSite;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.Place;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.index.TreeIndex;
import org.kvlint.index.TreeScope;
import org.kvlint.rules.Escape;
import org.kvlint.rules.Fix;
import org.kvlint.rules.ReadOnlyCalls;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.InputFile;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * Answers a fix's {@link Escape}s from the tree-wide index of the scan, so that a fix is unsafe
 * only for a reason that holds in the tree and names its place (file:line):
 * <ul>
 *   <li>a struct field: every table free of a member of that name in the tree
 *       ({@link TreeIndex#mayFreeField}), counted by struct type when the type is known (a file that
 *       never names the struct cannot free that struct's member; a free through a base of another
 *       known type is not counted), by field name otherwise (and the reason says so);</li>
 *   <li>a return value: every caller in the tree ({@link TreeIndex#mayCall}; a static function's
 *       own file only) and what it does with the result: a free must take vmalloc memory, a store
 *       into a field is that field's question, a local is followed to its frees and uses, a return
 *       goes on to that function's callers (through at most {@value #MAX_WRAPPERS} wrappers), an
 *       argument is the callee's question; the function's name used other than in a call (a
 *       function pointer) leaves its callers unknown;</li>
 *   <li>an argument: a table free, a call that only reads ({@link ReadOnlyCalls}), a function of
 *       the same file (its parameter is followed), or a function whose tree-wide summary frees it.</li>
 * </ul>
 * A {@code kfree()} or {@code vfree()} found on the way becomes {@code kvfree()} in the same fix
 * (edits of other files go to {@link Fix#otherFiles()}), unless it runs where kvfree() may not
 * sleep; a free with no kv counterpart kvlint can write makes the fix unsafe.
 *
 * <p>Without a kernel tree around the scanned files (a single file, a snippet) nothing can be
 * checked: a fix that keeps the allocator families ({@link Fix.Escapes#familiesKept()}) is then
 * not made unsafe by its escapes alone, and its note says what was not checked; any other fix
 * stays unsafe with the escapes as its reason.
 */
public final class EscapeResolver {
    /** Wrappers a returned pointer is followed through before kvlint gives up. */
    static final int MAX_WRAPPERS = 4;
    /** Files read for one fix at most: the answer stays cheap and linear in what it reads. */
    static final int MAX_FILES = 200;

    /** Nothing to resolve against: every escape is unchecked. */
    public static final EscapeResolver NO_TREE = new EscapeResolver(TreeIndex.EMPTY, Optional.empty(),
            KernelVersion.DEFAULT, RuleContext.standard());

    private final TreeIndex index;
    /** The real path of the kernel tree the index covers, when it covers one. */
    private final Optional<Path> root;
    private final boolean tree;
    private final KernelVersion kernel;
    private final RuleContext rules;
    /** Every indexed file's key, made when first asked. */
    private Set<String> keys;

    /**
     * @param root the real path of the kernel tree around the scanned paths, when the index covers
     *     one ({@link TreeScope#root()})
     */
    public EscapeResolver(TreeIndex index, Optional<Path> root, KernelVersion kernel, RuleContext rules) {
        this.index = index;
        this.root = root;
        this.tree = root.isPresent();
        this.kernel = kernel;
        this.rules = rules;
    }

    /** The resolver of a scan: its index, and the tree it covers, if any. */
    public static EscapeResolver of(ScanResult scan, RuleContext rules) {
        return new EscapeResolver(scan.index(), scan.tree().rootPath(), scan.kernel(),
                rules.withSummaries(scan.summaries()));
    }

    /**
     * The fix with its escapes answered: edits of the frees found added (in its own file or in
     * others), its applicability and reason from what holds in the tree, and a note of what was
     * not checked. A fix without escapes is returned as it is.
     *
     * @param own the fix's file, as the user reached it (through a link to the tree, say)
     * @param ownShown the fix's file as the scan names it
     */
    public Fix resolve(Fix fix, Path own, String ownShown, CParser parser) {
        return resolved(fix, own, ownShown, parser).fix();
    }

    /**
     * A fix with its escapes answered, and the bytes of the other files it now edits as kvlint read
     * them: a report computes those edits' regions from them rather than reading the files again.
     *
     * @param otherTexts by the path each {@link Fix.FileEdits} names
     */
    public record Resolved(Fix fix, SortedMap<String, byte[]> otherTexts) {}

    /** {@link #resolve}, with the other files' bytes. */
    public Resolved resolved(Fix fix, Path own, String ownShown, CParser parser) {
        if (fix.escapes().isEmpty()) {
            return new Resolved(fix, new TreeMap<>());
        }
        Fix.Escapes esc = fix.escapes();
        // the fix's file by its key, as the index names every other file: a path through a link to
        // the tree must not make its own frees look like another file's, nor lose its name in reasons
        String key = TreeScope.keyOf(root, own);
        Work w = new Work(TreeScope.pathOf(root, key), named(key, ownShown), parser);
        for (Escape e : esc.open()) {
            try {
                w.answer(esc.completion() ? w.typed(e) : e);
            } catch (RuntimeException | StackOverflowError x) {
                w.unknown(e.text() + " (kvlint failed to check it: " + x + ")");
            }
        }
        if (esc.completion()) {
            List<String> left = new ArrayList<>(w.unsafe);
            left.addAll(w.unchecked);
            String note = left.isEmpty() ? "" : (tree ? "not converted: " : "not checked (no kernel tree around the file): ")
                    + Fix.joinReasons(left);
            return new Resolved(new Fix(fix.description(), merged(fix, w), fix.applicability(), fix.reason(),
                    others(fix, w), Fix.Escapes.NONE, note), otherTexts(w));
        }
        List<String> whys = new ArrayList<>();
        if (!esc.reason().isEmpty()) {
            whys.add(esc.reason());
        }
        whys.addAll(w.unsafe);
        Fix.Applicability a = esc.applicability();
        if (!w.unsafe.isEmpty() || !w.unchecked.isEmpty() && !esc.familiesKept()) {
            whys.addAll(w.unchecked);
            if (a == Fix.Applicability.SAFE) {
                a = Fix.Applicability.UNSAFE;
            }
        }
        String note = "";
        if (!w.unchecked.isEmpty() && esc.familiesKept()) {
            note = "not checked (no kernel tree around the file; the rewrite keeps the allocator families, so a free"
                    + " that was right stays right): " + Fix.joinReasons(w.unchecked);
        }
        return new Resolved(new Fix(fix.description(), merged(fix, w), a, Fix.joinReasons(whys), others(fix, w),
                Fix.Escapes.NONE, note), otherTexts(w));
    }

    private static SortedMap<String, byte[]> otherTexts(Work w) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        w.edits.keySet().stream().filter(path -> !path.equals(w.own) && w.reads.containsKey(path))
                .forEach(path -> out.put(path.toString(), w.reads.get(path).raw()));
        return out;
    }

    /**
     * How reasons name the fix's own file: its path in the tree (as they name every other file),
     * or without a tree its file name (reports carry no absolute paths).
     */
    private String named(String key, String shown) {
        if (tree && keys().contains(key)) {
            return key;
        }
        Path name = Path.of(shown).getFileName();
        return name == null ? shown : name.toString();
    }

    private synchronized Set<String> keys() {
        if (keys == null) {
            Set<String> s = new HashSet<>(index.files().size() * 2);
            index.files().forEach(f -> s.add(f.key()));
            keys = s;
        }
        return keys;
    }

    /** The one path of an indexed file, the same as the fix's own file's when it is that file. */
    private Path pathOf(TreeIndex.File f) {
        return TreeScope.pathOf(root, f.key());
    }

    private static List<Fix.TextEdit> merged(Fix fix, Work w) {
        List<Fix.TextEdit> out = new ArrayList<>(fix.edits());
        w.edits.getOrDefault(w.own, Set.of()).stream().filter(e -> !out.contains(e)).forEach(out::add);
        return out;
    }

    private static List<Fix.FileEdits> others(Fix fix, Work w) {
        List<Fix.FileEdits> out = new ArrayList<>(fix.otherFiles());
        w.edits.forEach((path, edits) -> {
            if (!path.equals(w.own)) {
                out.add(new Fix.FileEdits(path.toString(), List.copyOf(edits)));
            }
        });
        return out;
    }



    /** The answers for one fix. */
    private final class Work {
        final Path own;
        final String ownShown;
        final CParser parser;
        final List<String> unsafe = new ArrayList<>();
        final List<String> unchecked = new ArrayList<>();
        final Map<Path, Set<Fix.TextEdit>> edits = new TreeMap<>();
        /** Facts of a file's items that mention a name, by file and name ({@link #parse}). */
        final Map<Path, Map<String, Optional<FileFacts>>> parsed = new HashMap<>();
        /** Every file read for this fix, read once. */
        final Map<Path, SourceReader.Read> reads = new HashMap<>();
        final Map<Path, String> shown = new HashMap<>();
        final Set<String> fields = new HashSet<>();
        final Set<String> functions = new HashSet<>();
        final Set<String> places = new HashSet<>();
        /** Wrong frees matched by a field's name alone, for one field at a time. */
        final List<String> byName = new ArrayList<>();
        /** The frees judged, by file and offset: one file's items are parsed once per name asked about. */
        final Set<String> judged = new HashSet<>();

        Work(Path own, String ownShown, CParser parser) {
            this.own = own;
            this.ownShown = ownShown;
            this.parser = parser;
            shown.put(own, ownShown);
        }

        /**
         * A field escape of a completing fix with its struct type read from the free's place in
         * the fix's file; converting frees of a member by name alone would touch unrelated structs.
         */
        Escape typed(Escape e) {
            if (!(e instanceof Escape.Field f) || !f.structType().isEmpty()) {
                return e;
            }
            String type = parse(own, f.member()).flatMap(facts -> facts.pointers().frees().stream()
                    .filter(fs -> fs.call().call().startRow() + 1 == f.line())
                    .flatMap(fs -> fs.place().stream())
                    .filter(p -> p instanceof Place.Field g && g.member().equals(f.member()))
                    .map(p -> ((Place.Field) p).structType()).findFirst()).orElse("");
            return type.isEmpty() ? new Escape.Unfollowed(f.line(), "the type of " + f.shown()
                    + " is unknown, so kvlint did not look for other frees of it") : new Escape.Field(type, f.member(),
                    f.shown(), f.line(), f.text());
        }

        /**
         * Something kvlint cannot tell (a way it does not follow, a file it cannot read): a reason
         * in a kernel tree; without one, nothing outside the file could be checked anyway, so it
         * is what the note says was not checked. A wrong free kvlint sees is always a reason.
         */
        void unknown(String why) {
            (tree ? unsafe : unchecked).add(why);
        }

        /**
         * One escape. Without a kernel tree only what the fix's own file holds is answered (the
         * callers of a static function, the body of a function of the file).
         */
        void answer(Escape e) {
            switch (e) {
                case Escape.Field f when !tree -> unknown(e.text());
                case Escape.Returned r when !tree && !definedStatic(own, r.function()) -> unknown(e.text());
                case Escape.Field f -> field(f.structType(), f.member(), f.shown(), true);
                case Escape.Returned r -> returned(r.function(), own, definedStatic(own, r.function()), 0);
                case Escape.Passed p -> passed(p.function(), p.arg(), callAt(own, p.function(), p.line()),
                        parse(own, p.function()).orElse(null), own, 0,
                        p.value() + " is passed to " + p.function() + "() at " + ownShown + ":" + p.line());
                case Escape.Global g -> unknown(e.text() + " (" + ownShown + ":" + g.line()
                        + "; kvlint's index does not record frees of globals)");
                case Escape.Unfollowed u -> unknown(u.text() + " (" + ownShown + ":" + u.line() + ")");
            }
        }

        // ---- struct fields ------------------------------------------------------------------

        /** Every table free of {@code member} in the tree (by struct type when known). */
        void field(String type, String member, String shownPlace, boolean skipOwn) {
            if (!fields.add(type + "\u0000" + member + "\u0000" + skipOwn)) {
                return;
            }
            if (!tree) {
                unknown(shownPlace + " is stored where other files may free it");
                return;
            }
            byName.clear();
            List<TreeIndex.File> files = index.mayFreeField(member);
            byte[] tag = ("struct " + type).getBytes(StandardCharsets.ISO_8859_1);
            int read = 0;
            for (TreeIndex.File f : files) {
                Path path = pathOf(f);
                if (skipOwn && path.equals(own)) {
                    continue; // the rule converted the frees of its own file
                }
                shown.putIfAbsent(path, f.key());
                if (++read > MAX_FILES) {
                    unknown(shownPlace + " may be freed in more than " + MAX_FILES + " files (a member named '"
                            + member + "'), more than kvlint reads for one fix");
                    return;
                }
                if (!type.isEmpty() && cannotName(path, type)) {
                    continue; // none of its frees can be of that struct's member (see below): not parsed
                }
                Optional<FileFacts> facts = parse(path, member);
                if (facts.isEmpty()) {
                    unknown(shown.get(path) + " may free " + shownPlace + " and kvlint could not read it");
                    continue;
                }
                boolean namesType = !type.isEmpty() && contains(facts.get().source().bytes(), tag);
                for (FreeSite fs : facts.get().pointers().frees()) {
                    if (!(fs.place().orElse(null) instanceof Place.Field g) || !g.member().equals(member)) {
                        continue;
                    }
                    boolean sameType = !type.isEmpty() && type.equals(g.structType());
                    if (!type.isEmpty() && !sameType && (!g.structType().isEmpty() || !namesType)) {
                        continue; // another struct's member of the same name
                    }
                    String how = sameType ? "" : type.isEmpty() ? " (matched by the field name '" + member
                            + "': the struct type is unknown)" : " (matched by the field name '" + member
                            + "': the type of '" + g.baseText() + "' is unknown there)";
                    // a match by name alone may be another struct's member: a reason, never an edit
                    judgeFree(fs.call(), facts.get(), path, shownPlace, how, sameType);
                }
            }
            if (!byName.isEmpty()) {
                unsafe.add(byName.getFirst() + (byName.size() == 1 ? "" : " (and " + (byName.size() - 1)
                        + " more frees of a member named '" + member + "')"));
            }
        }

        // ---- return values --------------------------------------------------------------------

        /** Every caller of {@code function} and what it does with the result. */
        void returned(String function, Path definedIn, boolean isStatic, int depth) {
            if (!functions.add(function + "\u0000" + (isStatic ? definedIn : ""))) {
                return;
            }
            if (!tree && !isStatic) {
                unknown("the memory is returned by " + function + "(), which is not static: its callers may be in other"
                        + " files");
                return;
            }
            if (depth > MAX_WRAPPERS) {
                unknown("the memory is returned through more than " + MAX_WRAPPERS + " wrappers (up to " + function
                        + "()), more than kvlint follows");
                return;
            }
            List<Path> files = new ArrayList<>();
            if (isStatic) {
                files.add(definedIn);
            } else {
                for (TreeIndex.File f : index.mayCall(function)) {
                    Path p = pathOf(f);
                    shown.putIfAbsent(p, f.key());
                    files.add(p);
                }
                if (!files.contains(definedIn)) {
                    files.add(definedIn); // a function pointer taken in its own file calls nothing
                }
            }
            if (files.size() > MAX_FILES) {
                unknown(function + "() may be called from more than " + MAX_FILES + " files, more than kvlint reads"
                        + " for one fix");
                return;
            }
            for (Path path : files) {
                Optional<FileFacts> facts = parse(path, function);
                if (facts.isEmpty()) {
                    unknown(shown.getOrDefault(path, path.toString()) + " may call " + function
                            + "() and kvlint could not read it");
                    continue;
                }
                List<SyntaxNode> uses = new ArrayList<>();
                facts.get().root().walk(n -> {
                    if (n.is("identifier") && n.text().equals(function)) {
                        uses.add(n);
                    }
                });
                for (SyntaxNode n : uses) {
                    SyntaxNode parent = n.parent().orElse(n);
                    if (parent.is("call_expression") && parent.child("function").orElse(null) == n) {
                        result(parent, function, facts.get(), path, depth);
                    } else if (!parent.is("function_declarator") && !exported(n)) {
                        unknown(function + "() is used as a function pointer at " + where(path, n)
                                + ": its callers are unknown");
                        return;
                    }
                }
            }
        }

        /** What a caller does with the value of {@code call}. */
        void result(SyntaxNode call, String function, FileFacts facts, Path path, int depth) {
            SyntaxNode cur = climb(call);
            SyntaxNode p = cur.parentOrNull();
            if (p == null || p.is("expression_statement")) {
                return; // dropped
            }
            String what = "the result of " + function + "() at " + where(path, call);
            if (p.is("return_statement")) {
                Optional<SyntaxNode> fn = CSyntax.enclosingFunction(p);
                Optional<String> name = fn.flatMap(CSyntax::functionName);
                if (name.isEmpty()) {
                    unknown(what + " is returned from code kvlint cannot attribute to a function");
                } else {
                    returned(name.get(), path, isStatic(fn.get()), depth + 1);
                }
            } else if (p.is("assignment_expression") && p.child("right").orElse(null) == cur) {
                SyntaxNode left = p.child("left").orElse(p);
                stored(facts.pointers().placeOf(left), left, what, facts, path, depth);
            } else if (p.is("init_declarator") && p.child("value").orElse(null) == cur) {
                Optional<SyntaxNode> id = CSyntax.declaredName(p);
                stored(id.flatMap(facts.pointers()::placeOf), id.orElse(p), what, facts, path, depth);
            } else if (p.is("argument_list")) {
                argument(p, cur, facts, path, depth, what);
            } else if (p.is("initializer_list") || p.is("initializer_pair")) {
                unknown(what + " is stored in an initializer, which kvlint does not follow");
            }
            // else: tested or compared, not kept
        }

        /** A value holding the memory is passed as an argument of the call owning {@code args}. */
        void argument(SyntaxNode args, SyntaxNode value, FileFacts facts, Path path, int depth, String what) {
            SyntaxNode call = args.parent().orElse(args);
            String fn = CSyntax.calleeName(call).orElse("");
            int at = args.namedChildren().stream().filter(x -> !x.is("comment")).toList().indexOf(value);
            passed(fn, at, call, facts, path, depth, what + " is passed to " + (fn.isEmpty() ? "a call" : fn + "()"));
        }

        /**
         * The memory is passed to {@code fn} as argument {@code arg} by {@code call} (may be null) in
         * {@code path}, a node of {@code callFacts}.
         */
        void passed(String fn, int arg, SyntaxNode call, FileFacts callFacts, Path path, int depth, String what) {
            if (fn.isEmpty()) {
                unknown(what + ", which kvlint does not follow");
                return;
            }
            Optional<ApiFunction> api = rules.api().lookup(fn);
            if (api.isPresent() && api.get().isFree()) {
                Optional<CallSite> site = call == null || callFacts == null ? Optional.empty()
                        : callFacts.pointers().tableCall(call);
                if (site.isPresent()) {
                    judgeFree(site.get(), callFacts, path, "it", "", true);
                } else if (!api.get().freesCorrectly(ApiFunction.Family.KV, kernel)) {
                    unsafe.add(what + " (" + fn + "() cannot free kvmalloc memory)");
                }
                return;
            }
            if (ReadOnlyCalls.readOnly(fn, call)) {
                return;
            }
            if (api.isPresent()) {
                unsafe.add(what + ", which needs one allocator's memory");
                return;
            }
            Optional<FileFacts> facts = parse(path, fn);
            Optional<SyntaxNode> param = facts.flatMap(f -> parameter(f, fn, arg));
            if (param.isPresent() && depth <= MAX_WRAPPERS) {
                Optional<Place> place = facts.get().pointers().placeOf(param.get());
                if (place.isPresent()) {
                    stored(place, param.get(), what, facts.get(), path, depth + 1);
                    return;
                }
            }
            if (param.isEmpty() && tree && depth <= MAX_WRAPPERS && elsewhere(fn, arg, path, depth, what)) {
                return;
            }
            String from = shown.getOrDefault(path, path.toString());
            Optional<WrapperSummaries.Frees> frees = rules.summaries().frees(fn, from, arg);
            if (frees.isPresent()) {
                if (!frees.get().kind().freesCorrectly(ApiFunction.Family.KV)) {
                    unsafe.add(what + ", which frees it like " + frees.get().kind().words() + " (" + frees.get().evidence()
                            + " in " + frees.get().file() + ")");
                }
                return;
            }
            unknown(what + ", which may keep or free it");
        }

        /**
         * Follows the parameter {@code arg} of {@code fn} where the tree defines it (a file the
         * index says defines it, its text confirming it); false when kvlint finds no single
         * definition to follow.
         */
        boolean elsewhere(String fn, int arg, Path from, int depth, String what) {
            List<TreeIndex.File> files = index.mayDefine(fn);
            if (files.size() > MAX_FILES) {
                return false;
            }
            Path found = null;
            for (TreeIndex.File f : files) {
                Path p = pathOf(f);
                if (p.equals(from)) {
                    continue;
                }
                Optional<byte[]> bytes = SourceReader.read(new InputFile(p, f.key())).content();
                if (bytes.isPresent() && DefinitionText.defines(bytes.get(), fn)) {
                    if (found != null) {
                        return false; // several definitions (per-arch, per-config): which one runs is not known
                    }
                    found = p;
                    shown.putIfAbsent(p, f.key());
                }
            }
            if (found == null) {
                return false;
            }
            Optional<FileFacts> facts = parse(found, fn);
            Optional<SyntaxNode> param = facts.flatMap(f -> parameter(f, fn, arg));
            Optional<Place> place = param.flatMap(x -> facts.get().pointers().placeOf(x));
            if (place.isEmpty()) {
                return false;
            }
            stored(place, param.get(), what, facts.get(), found, depth + 1);
            return true;
        }

        /** The memory is stored into {@code place} (the node {@code at}) in {@code path}. */
        void stored(Optional<Place> place, SyntaxNode at, String what, FileFacts facts, Path path, int depth) {
            if (place.isEmpty()) {
                unknown(what + " is stored in '" + at.text() + "', which kvlint does not follow");
                return;
            }
            switch (place.get()) {
                case Place.Field g -> field(g.structType(), g.member(), "'" + g.chain() + "'", false);
                case Place.Global g -> unknown(what + " is stored in the global '" + g.text()
                        + "' (kvlint's index does not record frees of globals)");
                case Place.Local l -> local(l, at, what, facts, path, depth);
            }
        }

        /** A local (or parameter) holding the memory: its frees, and where it goes. */
        void local(Place.Local l, SyntaxNode at, String what, FileFacts facts, Path path, int depth) {
            if (!places.add(path + "\u0000" + l.functionStart() + "\u0000" + l.text()) || depth > 2 * MAX_WRAPPERS) {
                return;
            }
            Optional<SyntaxNode> fn = CSyntax.enclosingFunction(at);
            if (fn.isEmpty()) {
                return;
            }
            for (FreeSite fs : facts.pointers().frees()) {
                if (fs.place().filter(q -> Place.same(q, l)).isPresent() && fn.get().contains(fs.call().call())) {
                    judgeFree(fs.call(), facts, path, "'" + l.text() + "'", "", true);
                }
            }
            String name = l.text();
            List<SyntaxNode> uses = new ArrayList<>();
            fn.get().walk(n -> {
                if (n.is("identifier") && n.text().equals(name) && n != at) {
                    uses.add(n);
                }
            });
            for (SyntaxNode use : uses) {
                SyntaxNode cur = climb(use);
                SyntaxNode p = cur.parentOrNull();
                if (p == null) {
                    continue;
                }
                String whatUse = "'" + name + "' at " + where(path, use);
                if (p.is("return_statement")) {
                    returned(CSyntax.functionName(fn.get()).orElse("?"), path, isStatic(fn.get()), depth + 1);
                } else if (p.is("argument_list")) {
                    SyntaxNode call = p.parent().orElse(p);
                    if (CSyntax.calleeName(call).flatMap(rules.api()::lookup).filter(ApiFunction::isFree).isEmpty()) {
                        argument(p, cur, facts, path, depth, whatUse);
                    }
                } else if (p.is("assignment_expression") && p.child("right").orElse(null) == cur) {
                    SyntaxNode left = p.child("left").orElse(p);
                    Optional<Place> target = facts.pointers().placeOf(left);
                    if (target.isEmpty() || !Place.same(target.get(), l)) {
                        stored(target, left, whatUse, facts, path, depth + 1);
                    }
                } else if (p.is("init_declarator") && p.child("value").orElse(null) == cur) {
                    Optional<SyntaxNode> id = CSyntax.declaredName(p);
                    stored(id.flatMap(facts.pointers()::placeOf), id.orElse(p), whatUse, facts, path, depth + 1);
                } else if (p.is("initializer_pair") && designated(p).isPresent()) {
                    String[] f = designated(p).get();
                    field(f[0], f[1], "'" + f[1] + "' of struct " + f[0] + " (" + whatUse + ")", false);
                } else if (p.is("initializer_list") || p.is("initializer_pair")) {
                    unknown(whatUse + " is stored in an initializer, which kvlint does not follow");
                } else if (p.is("pointer_expression") && p.child("operator").map(SyntaxNode::text).orElse("").equals("&")) {
                    unknown("the address of " + whatUse + " is taken, which kvlint does not follow");
                }
            }
        }

        // ---- frees -------------------------------------------------------------------------

        /**
         * A free of the memory: right for kvmalloc memory, converted to kvfree() (when
         * {@code convert}: it is surely this memory), or a reason.
         */
        void judgeFree(CallSite free, FileFacts facts, Path path, String whatFreed, String how, boolean convert) {
            SyntaxNode call = free.call();
            if (!judged.add(path + "\u0000" + call.startByte()) || free.api().freesCorrectly(ApiFunction.Family.KV, kernel)) {
                return;
            }
            String name = free.api().name();
            String at = where(path, call);
            if (!convert) {
                byName.add(name + "() at " + at + " may free " + whatFreed + how);
                return;
            }
            if (name.equals("kfree") || name.equals("vfree")) {
                Optional<AtomicSections.Section> section = AtomicSections.openAt(call);
                if (name.equals("kfree") && section.isPresent()) {
                    unsafe.add("kfree() at " + at + " frees " + whatFreed + how + " " + section.get().kind().words()
                            + " (" + section.get().text() + "), where kvfree() of vmalloc memory may not run");
                    return;
                }
                SyntaxNode n = free.nameNode();
                edits.computeIfAbsent(path, k -> new LinkedHashSet<>())
                        .add(new Fix.TextEdit(n.startByte(), n.endByte(), "kvfree"));
                return;
            }
            unsafe.add(name + "() at " + at + " frees " + whatFreed + how + " and kvlint has no kvfree() rewrite for it"
                    + " (convert it by hand)");
        }

        // ---- files and places -----------------------------------------------------------------

        /**
         * The facts of the items of {@code path} that mention {@code name}: every question kvlint
         * asks of a file is about one name (a member and its frees, a function and its calls or its
         * definition), and a kernel file names a given member in a few of its functions.
         */
        Optional<FileFacts> parse(Path path, String name) {
            return parsed.computeIfAbsent(path, p -> new HashMap<>()).computeIfAbsent(name, n -> {
                try {
                    SourceReader.Read r = read(path);
                    if (r.content().isEmpty()) {
                        return Optional.empty();
                    }
                    SourceText src = new SourceText(r.content().get());
                    SyntaxNode root = parser.parseMentioning(src, n);
                    return Optional.of(FileFacts.extract(r.file(), src, root, kernel, rules.api()));
                } catch (RuntimeException | StackOverflowError e) {
                    return Optional.empty();
                }
            });
        }

        /**
         * A file whose text does not hold the struct's tag at all: none of its frees is that
         * struct's member, since a free counts when its base is declared there with the tag (the
         * text names it) or when the file writes {@code struct type} (it holds the tag). Most files
         * that free a member of the same name are about other structs, and a file read and
         * searched costs far less than one parsed and analysed, kept for the rest of the fix.
         */
        boolean cannotName(Path path, String type) {
            SourceReader.Read r = read(path);
            return r.content().isPresent() && !contains(r.content().get(), type.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** The file as kvlint reads it, once for the fix whatever is asked of it. */
        SourceReader.Read read(Path path) {
            return reads.computeIfAbsent(path,
                    p -> SourceReader.read(new InputFile(p, shown.getOrDefault(p, p.toString()))));
        }

        String where(Path path, SyntaxNode n) {
            return shown.getOrDefault(path, path.toString()) + ":" + (n.startRow() + 1);
        }

        boolean definedStatic(Path path, String function) {
            return parse(path, function).flatMap(f -> definition(f, function)).map(EscapeResolver::isStatic).orElse(false);
        }

        /** The call of {@code fn} on {@code line} of the file, if any. */
        SyntaxNode callAt(Path path, String fn, int line) {
            SyntaxNode[] found = {null};
            parse(path, fn).ifPresent(f -> f.root().walk(n -> {
                if (found[0] == null && n.is("call_expression") && n.startRow() + 1 <= line && n.endRow() + 1 >= line
                        && CSyntax.calleeName(n).filter(fn::equals).isPresent()) {
                    found[0] = n;
                }
            }));
            return found[0];
        }
    }

    /**
     * {@code .member = value} in the initializer of a struct whose tag is written there
     * ({@code (struct iov_iter){ .bvec = bvec }}, {@code struct foo x = { .buf = p }}): the tag and
     * the member, so the store is answered as that struct's field.
     */
    private static Optional<String[]> designated(SyntaxNode pair) {
        Optional<String> member = pair.children().stream().filter(c -> c.is("field_designator")).findFirst()
                .flatMap(d -> d.namedChildren().stream().filter(c -> c.is("field_identifier")).findFirst())
                .map(SyntaxNode::text);
        SyntaxNode list = pair.parentOrNull();
        SyntaxNode owner = list == null ? null : list.parentOrNull();
        if (member.isEmpty() || owner == null) {
            return Optional.empty();
        }
        SyntaxNode typed = owner.is("compound_literal_expression") ? owner
                : owner.is("init_declarator") ? owner.parentOrNull() : null;
        if (typed == null) {
            return Optional.empty();
        }
        for (SyntaxNode n : typed.descendants("struct_specifier")) {
            Optional<SyntaxNode> name = n.child("name");
            if (name.isPresent() && !typed.text().substring(0, n.startByte() - typed.startByte()).contains("{")) {
                return Optional.of(new String[] {name.get().text(), member.get()});
            }
        }
        return Optional.empty();
    }

    /** The parameter {@code position} of {@code function} defined in this file. */
    private static Optional<SyntaxNode> parameter(FileFacts facts, String function, int position) {
        return definition(facts, function).flatMap(item -> CSyntax.parameterName(item, position));
    }

    private static Optional<SyntaxNode> definition(FileFacts facts, String function) {
        // at any depth: a header's functions sit inside its include guard
        for (SyntaxNode item : facts.root().descendants("function_definition")) {
            if (CSyntax.functionName(item).filter(function::equals).isPresent()) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /** {@code EXPORT_SYMBOL(fn)} and its kin name the function without calling it or taking it. */
    private static boolean exported(SyntaxNode n) {
        SyntaxNode top = n;
        while (top.parent().isPresent() && top.parent().get().parent().isPresent()) {
            top = top.parent().get();
        }
        return top.text().startsWith("EXPORT_SYMBOL") || top.text().startsWith("EXPORT_") && top.endRow() == top.startRow();
    }

    private static boolean isStatic(SyntaxNode fn) {
        return fn.children().stream().anyMatch(c -> c.is("storage_class_specifier") && c.text().equals("static"));
    }

    /** Up through parentheses, casts, the branches of ?: and the right of a comma. */
    private static SyntaxNode climb(SyntaxNode n) {
        SyntaxNode cur = n;
        SyntaxNode p = cur.parentOrNull();
        while (p != null && (p.is("parenthesized_expression") || p.is("cast_expression") && p.child("value").orElse(null) == cur
                || p.is("conditional_expression") && p.child("condition").orElse(null) != cur
                || p.is("comma_expression") && p.child("right").orElse(null) == cur)) {
            cur = p;
            p = p.parentOrNull();
        }
        return cur;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        return org.kvlint.syntax.Bytes.indexOf(hay, needle, 0, hay.length) >= 0;
    }
}
