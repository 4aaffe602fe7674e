package org.kvlint.engine;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionSummary;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.WrapperSummaries;
import org.kvlint.index.Cache;
import org.kvlint.index.FileEntry;
import org.kvlint.index.StoredAnalysis;
import org.kvlint.index.TreeIndex;
import org.kvlint.index.TreeScope;
import org.kvlint.rules.Finding;
import org.kvlint.rules.MacroLayout;
import org.kvlint.rules.Rule;
import org.kvlint.rules.RuleContext;
import org.kvlint.source.CallScan;
import org.kvlint.source.Diagnostic;
import org.kvlint.source.FileDirectives;
import org.kvlint.source.FileIdentity;
import org.kvlint.source.NolintDirectives;
import org.kvlint.source.ItemLexer;
import org.kvlint.source.SourceReader;
import org.kvlint.syntax.CParser;
import org.kvlint.syntax.MacroBodies;
import org.kvlint.syntax.SourceText;
import org.kvlint.syntax.SyntaxNode;

/**
 * The scan: every file of the tree read once (see Solve for the few read twice), each relevant
 * top-level item parsed once, facts kept per file in a
 * tree-wide index (and an on-disk cache), findings reported for the given paths.
 *
 * <ol>
 *   <li><b>Scope.</b> Inside a kernel tree the index covers the whole tree ({@link TreeScope}); the
 *   given paths only choose what is reported.</li>
 *   <li><b>Identity.</b> Every file is stat'ed; a file whose size, mtime, inode and device match the
 *   cache (and was not modified too close to the cached scan) is not read: its entry is reused.
 *   When nothing changed at all, the cached findings are the answer.</li>
 *   <li><b>Read.</b> A changed file is read once. One pass over its bytes ({@link CallScan})
 *   finds its calls; a file that calls a vmalloc-side allocator-table function, or a helper the
 *   index knows to return vmalloc memory, is cut into top-level items ({@link ItemLexer}) and
 *   waits for its analysis, its bytes in a scratch file ({@link Spill}).</li>
 *   <li><b>Extract, callees first.</b> The waiting files are analysed in levels
 *   ({@link AnalysisOrder}): a file after the files defining the helpers it calls, so its first
 *   analysis already sees their summaries. Only the items that call a table function or a
 *   tree-wide helper are parsed (tree-sitter's included ranges; a 16 MB generated header with no
 *   such call is never parsed). Facts, the file's function summaries, and every rule's findings
 *   come from that parse; the rules ask the tree-wide index through a
 *   {@link WrapperSummaries.View} that records each question and answer.</li>
 *   <li><b>Cycles.</b> Files that call each other's helpers share a level, and no order puts
 *   every callee first: the members of such a cycle keep their parsed items ({@link ItemTrees})
 *   and, while the index of the level answers one of their questions differently, are analysed
 *   again on them (facts and rules again; only items newly chosen are parsed). Their trees are
 *   dropped as soon as the cycle agrees.</li>
 *   <li><b>Solve.</b> All files' summaries merge into the tree-wide {@link WrapperSummaries}
 *   (wrappers of wrappers resolved transitively). A file is analysed again only when the index
 *   now answers one of its recorded questions differently, or names helpers it calls that its
 *   items were not chosen for (a helper of a file analysed here for the first time), or when it
 *   newly calls a helper that returns vmalloc memory (a file with no allocator call of its own,
 *   read a second time for its first parse); this repeats until nothing changes. Every file
 *   analysed in the run keeps its parsed items (and its text) in the scratch file until then, so
 *   an analysis again parses only items it newly chooses; only this step reads a file again.</li>
 * </ol>
 *
 * <p>Every file is analysed under isolation: an exception, a stack overflow or an out-of-memory
 * error in one file becomes one diagnostic for it, and the scan goes on.
 */
public final class Scanner {
    /**
     * A top-level item larger than this is not parsed (a diagnostic says so): generated tables of
     * megabytes hold no allocator logic worth the parse, and every other item stays analysed.
     */
    static final int MAX_ITEM_BYTES = 4 << 20;

    /** Solve-and-reanalyse rounds before the index is taken as it is (each round only grows it). */
    private static final int MAX_ROUNDS = 6;

    private final RuleContext context;
    private final List<Rule> rules;
    private final CallScan callScan;
    /**
     * Per worker thread, the array files are read into ({@code [0]}, grown to the largest file up
     * to {@link #MAX_READ_BUFFER}): most of a tree's files are dropped once their calls are found,
     * and a whole kernel is 1.1 GB of arrays read once each.
     */
    private final ThreadLocal<byte[][]> readBuffers = ThreadLocal.withInitial(() -> new byte[][] {new byte[64 << 10]});
    /** The hashes of the allocator table's names, for {@link AnalysisOrder}. */
    private final Set<Integer> tableHashes;
    private final boolean convergeCycles;

    public Scanner(RuleContext context) {
        this(context, true);
    }

    /**
     * @param convergeCycles whether a level's cycles of files are analysed again on their kept
     *     items until they agree (false only to compare with the solve rounds' re-reads)
     */
    Scanner(RuleContext context, boolean convergeCycles) {
        this.convergeCycles = convergeCycles;
        this.context = context;
        this.rules = context.catalog().rules();
        List<String> table = context.api().all().stream().map(ApiFunction::name).toList();
        List<String> frees = context.api().all().stream().filter(ApiFunction::isFree).map(ApiFunction::name).toList();
        this.callScan = new CallScan(table, context.api().tokenNames(), frees, org.kvlint.syntax.NativeScan.FINDER);
        this.tableHashes = Set.copyOf(table.stream().map(CallScan::hash).toList());
    }

    public static Scanner standard() {
        return new Scanner(RuleContext.standard());
    }

    /**
     * What the index says about helpers, as the analysis of one file needs it.
     *
     * @param interestingHashes the hashes of the interesting names, ascending, and the names by hash
     */
    private record Knowledge(WrapperSummaries summaries, int[] interestingHashes, Map<Integer, List<String>> byHash,
                             CallScan.NameSet taintingSet) {
        static Knowledge of(WrapperSummaries s) {
            Map<Integer, List<String>> byHash = new HashMap<>();
            for (String name : s.interestingVisibleNames()) {
                byHash.computeIfAbsent(CallScan.hash(name), h -> new ArrayList<>()).add(name);
            }
            int[] hashes = byHash.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            return new Knowledge(s, hashes, byHash, new CallScan.NameSet(s.taintingNames()));
        }

        /** The tree-wide helpers a file calls (by hash: a rare collision only chooses no item), sorted. */
        List<String> selection(int[] callHashes) {
            List<String> out = new ArrayList<>();
            int i = 0;
            int j = 0;
            while (i < callHashes.length && j < interestingHashes.length) {
                if (callHashes[i] == interestingHashes[j]) {
                    out.addAll(byHash.get(callHashes[i]));
                    i++;
                    j++;
                } else if (callHashes[i] < interestingHashes[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            out.sort(null);
            return out;
        }
    }

    private static final String[] STEPS = {"read", "scan", "lex", "parse", "facts", "rules"};
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Counters of one scan. */
    private static final class Counters {
        final AtomicInteger read = new AtomicInteger();
        final AtomicInteger items = new AtomicInteger();
        final AtomicInteger extracts = new AtomicInteger();
        /** Function flows an extraction took from the file's extraction before instead of walking them again. */
        final AtomicInteger flowsReused = new AtomicInteger();
        final AtomicInteger analyses = new AtomicInteger();
        /** Files analysed a second time in the run: the solve rounds found them stale. */
        final AtomicInteger reanalysed = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong bytesParsed = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
        /** Thread CPU nanoseconds per step of the analysis of relevant files (for -Dkvlint.timing=true). */
        final java.util.concurrent.atomic.AtomicLongArray cpu = new java.util.concurrent.atomic.AtomicLongArray(STEPS.length);
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger findings = new AtomicInteger();
        /** Analyses of cycle members again, on the items they kept (no read, no parse of a kept item). */
        final AtomicInteger cycleAgain = new AtomicInteger();
        /** Files the solve rounds analysed again on the items they kept from their first analysis. */
        final AtomicInteger keptAgain = new AtomicInteger();
        /** The most rounds a level's cycles needed to agree. */
        final AtomicInteger cycleRounds = new AtomicInteger();
        /** Files the solve rounds read a second time, for their first analysis (no allocator call of their own). */
        final AtomicInteger readAgain = new AtomicInteger();
        /** Why files were stale in the solve rounds, and in the cycles' rounds (for -Dkvlint.timing=true). */
        final Map<String, AtomicInteger> why = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, AtomicInteger> cycleWhy = new java.util.concurrent.ConcurrentHashMap<>();
    }

    public ScanResult scan(ScanOptions options) {
        try {
            return scan(options, true);
        } catch (StoredAnalysis.Damaged e) {
            options.progress().note("kvlint: note: " + e.getMessage() + "; scanning without the cache");
            return scan(options, false);
        }
    }

    private ScanResult scan(ScanOptions options, boolean readCache) {
        long start = System.nanoTime();
        long wallStartNanos = System.currentTimeMillis() * 1_000_000L;
        Timing timing = new Timing(start);
        Optional<TreeScope.Root> root = TreeScope.root(options.paths(), options.treeRoot(), true);
        KernelVersion kernel;
        String kernelSource;
        if (options.kernel().isPresent()) {
            kernel = options.kernel().get();
            kernelSource = "--kernel-version";
        } else {
            Optional<KernelVersion.Detected> detected = root.flatMap(r -> KernelVersion.detect(r.path()))
                    .or(() -> options.paths().isEmpty() ? Optional.empty()
                            : KernelVersion.detect(Path.of(options.paths().getFirst())));
            kernel = detected.map(KernelVersion.Detected::version).orElse(KernelVersion.DEFAULT);
            kernelSource = detected.map(d -> d.root().resolve("Makefile").toString()).orElse("default");
        }
        Counters counters = new Counters();
        Progress progress = options.progress();
        Cache cache = options.cache() ? Cache.open(progress::note) : null;
        String kernelKey = "\u0000kernel " + kernel;
        // inside a tree, the tree's pack is read while the tree is walked
        java.util.concurrent.CompletableFuture<Cache.Pack> early = cache != null && readCache && root.isPresent()
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> cache.load(root.get().path() + kernelKey))
                : null;
        TreeScope scope = TreeScope.walk(root, options.paths(), options.jobs());
        timing.lap("walk");
        List<TreeScope.ScopedFile> files = scope.files();
        int n = files.size();
        String packScope = scope.root().map(Path::toString)
                .orElseGet(() -> String.join("\u0000", files.stream().map(TreeScope.ScopedFile::key).toList()))
                + kernelKey;
        Cache.Pack pack = early != null ? early.join()
                : cache != null && readCache ? cache.load(packScope) : Cache.Pack.empty();
        Map<String, FileEntry> cached = pack.byKey();
        timing.lap("cache load");

        // identities, and which cached entries still stand
        List<FileIdentity> ids = new ArrayList<>(n);
        for (TreeScope.ScopedFile f : files) {
            ids.add(f.identity() != null ? f.identity() : identity(f.path()));
        }
        FileEntry[] entries = new FileEntry[n];
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FileEntry e = cached.get(files.get(i).key());
            if (e != null && ids.get(i) != null && pack.trusted(e, ids.get(i))) {
                entries[i] = e;
            } else {
                changed.add(i);
            }
        }
        boolean unchanged = changed.isEmpty() && cached.size() == n;
        timing.lap("stat");
        counters.done.set(n - changed.size());

        java.util.function.Supplier<WrapperSummaries> lazyIndex;
        int rounds = 0;
        Map<String, ParsedItems> parsedForProofs = Map.of();
        if (unchanged) {
            // nothing changed: the cached findings are the answer; the index is built only if asked
            lazyIndex = memo(() -> build(entries, kernel));
        } else {
            WrapperSummaries index = null;
            // what the previous scan knew: the speculative answers and item choices of changed files
            // start from it. Built when a file read first needs it: a file found unchanged by its
            // content (racily clean) does not, and when every file read is such, the cached scan
            // stands and the index of 8,000 summaries is not built at all
            FileEntry[] trusted = entries.clone();
            java.util.function.Supplier<Knowledge> before = memo(() -> Knowledge.of(
                    cached.isEmpty() ? WrapperSummaries.EMPTY : build(trusted, kernel)));
            boolean cachedStands = false;
            boolean[] analysedNow = new boolean[n]; // analysed (its items parsed) in this run
            boolean[] readNow = new boolean[n];
            changed.forEach(i -> readNow[i] = true);
            // the text and parsed items held between a file's read and its last analysis
            Spill spill = Spill.openTemporary();
            try {
                // every changed file read and scanned once; those that matter wait, cut into items
                List<Scanned> scanned = Workers.mapWithoutParser(range(changed.size()), options.jobs(), "kvlint-read",
                        p -> {
                    int i = changed.get(p);
                    Scanned s = scanFile(files.get(i), ids.get(i), cached.get(files.get(i).key()), before,
                            wallStartNanos, counters, false, p, spill);
                    if (s instanceof Scanned.Done) {
                        progress.update(counters.done.incrementAndGet(), n, counters.findings.get());
                    }
                    return s;
                });
                List<Scanned.Pending> pending = new ArrayList<>();
                for (int p = 0; p < scanned.size(); p++) {
                    switch (scanned.get(p)) {
                        case Scanned.Done d -> entries[changed.get(p)] = d.entry();
                        case Scanned.Pending w -> pending.add(w);
                    }
                }
                scanned = null; // the pending files' bytes wait in the spill, read back for their analysis
                timing.lap("read");
                cachedStands = pending.isEmpty() && cached.size() == n && sameAsCached(changed, files, entries, cached);
                if (!cachedStands) {
                    Run run = new Run(options, kernel, counters, files, ids, changed, entries, analysedNow, readNow, spill,
                            new HashMap<>(), wallStartNanos);
                    extract(run, pending, before.get());
                    timing.lap("extract");
                    Solved solved = solve(run);
                    index = solved.index();
                    rounds = solved.rounds();
                    if (options.forProofs()) {
                        parsedForProofs = parsedForProofs(run.keptRun(), entries, files, spill);
                    }
                    run.keptRun().clear();
                }
                if (Boolean.getBoolean("kvlint.timing")) {
                    System.err.printf("kvlint: %d MB spilled to the scratch file%n", spill.spilledBytes() >> 20);
                }
            } finally {
                spill.close();
            }
            timing.lap("solve");
            if (cache != null) {
                // saved even when the cached scan stands: the files read are trusted by identity next time
                cache.save(packScope, wallStartNanos, Arrays.asList(entries), cachedStands ? pack.interesting()
                        : List.copyOf(new TreeSet<>(index.interestingNames())));
                timing.lap("cache save");
            }
            if (cachedStands) {
                lazyIndex = memo(() -> build(entries, kernel));
            } else {
                WrapperSummaries solved = index;
                lazyIndex = () -> solved;
            }
        }
        progress.finish();
        ScanResult result = result(scope, entries, kernel, kernelSource, lazyIndex, counters, cache == null ? "off"
                : pack.entries().isEmpty() ? "cold" : "warm", System.nanoTime() - start, parsedForProofs,
                cache == null ? Optional.empty() : Optional.of(new TreeIndex.Kept(cache, packScope, memo(
                        () -> TreeIndex.Kept.fingerprint(Arrays.stream(entries).filter(java.util.Objects::nonNull).toList())))));
        timing.lap("result");
        if (Boolean.getBoolean("kvlint.timing")) {
            System.err.printf("kvlint: %d files indexed, %d read (%d MB), %d items parsed (%.1f MB), %d solve rounds; %s%n",
                    n, counters.read.get(), counters.bytesRead.get() >> 20, counters.items.get(),
                    counters.bytesParsed.get() / 1e6, rounds, timing);
            StringBuilder cpu = new StringBuilder("kvlint: CPU by step:");
            for (int i = 0; i < STEPS.length; i++) {
                cpu.append(String.format(" %s %.2f s", STEPS[i], counters.cpu.get(i) / 1e9));
            }
            System.err.println(cpu);
            System.err.println("kvlint: stale because: " + new java.util.TreeMap<>(counters.why)
                    + "; in cycles: " + new java.util.TreeMap<>(counters.cycleWhy));
            System.err.println("kvlint: " + counters.analyses.get() + " analyses (" + counters.reanalysed.get()
                    + " of files analysed before in this run; " + counters.cycleAgain.get()
                    + " again in cycles, on kept items, in at most " + counters.cycleRounds.get() + " rounds; "
                    + counters.keptAgain.get() + " again in the solve rounds, on kept items), "
                    + counters.extracts.get() + " fact extractions (" + counters.flowsReused.get()
                    + " function flows kept from the extraction before); " + counters.readAgain.get()
                    + " files read again for their first analysis");
        }
        return result;
    }

    /**
     * The state of one scan of the files that changed, from their read to the end of the solve
     * rounds: the entries being made, what was read and analysed in this run, the scratch file, and
     * every analysed file's parsed items, kept there until the rounds end (a file a later helper
     * makes stale is analysed again on them, not read and parsed again).
     */
    private record Run(ScanOptions options, KernelVersion kernel, Counters counters, List<TreeScope.ScopedFile> files,
                       List<FileIdentity> ids, List<Integer> changed, FileEntry[] entries, boolean[] analysedNow,
                       boolean[] readNow, Spill spill, Map<Integer, KeptFile> keptRun, long wallStartNanos) {}

    /** The tree-wide index when the solve rounds end, and how many rounds it took. */
    private record Solved(WrapperSummaries index, int rounds) {}

    /**
     * The first analysis of the files waiting for one, callees first (levels), cycles until they
     * agree; the entries and the kept items of the run are filled in.
     *
     * @param before what the index knew before the run
     */
    private void extract(Run r, List<Scanned.Pending> pending, Knowledge before) {
        ScanOptions options = r.options();
        KernelVersion kernel = r.kernel();
        Counters counters = r.counters();
        List<Integer> changed = r.changed();
        FileEntry[] entries = r.entries();
        boolean[] analysedNow = r.analysedNow();
        Spill spill = r.spill();
        Map<Integer, KeptFile> keptRun = r.keptRun();
        Progress progress = options.progress();
        int n = entries.length;
        // analysed callees first, so that what a file asks the index about its helpers is final
        List<AnalysisOrder.Level> levels = AnalysisOrder.plan(
                pending.stream().map(Scanned.Pending::shape).toList(),
                pending.stream().map(w -> w.calls().callHashes()).toArray(int[][]::new), tableHashes);
        Knowledge known = before;
        for (int l = 0; l < levels.size(); l++) {
            AnalysisOrder.Level level = levels.get(l);
            List<List<Integer>> cycles = convergeCycles ? level.cycles() : List.of();
            Set<Integer> inCycles = new HashSet<>();
            cycles.forEach(inCycles::addAll);
            Knowledge k = known;
            // a cycle's members keep their parsed items in memory until the cycle agrees with
            // itself; every other file's are parked in the spill at once
            List<Analysed> done = Workers.mapLargestFirst(level.files(), options.jobs(), "kvlint-extract",
                    f -> pending.get(f).content().length(), (f, parser) -> {
                Scanned.Pending w = pending.get(f);
                ItemTrees trees = new ItemTrees(spill.get(w.content()), w.items().size(), convergeCycles);
                FileEntry e = finish(w, trees, parser, kernel, k, counters);
                progress.update(counters.done.incrementAndGet(), n, counters.findings.get());
                if (!convergeCycles) {
                    return new Analysed(e, null, null);
                }
                return inCycles.contains(f) ? new Analysed(e, trees, null)
                        : new Analysed(e, null, new KeptFile(w, trees.park(spill, w.content())));
            });
            Map<Integer, ItemTrees> kept = new HashMap<>();
            for (int b = 0; b < done.size(); b++) {
                int f = level.files().get(b);
                int i = changed.get(pending.get(f).position());
                entries[i] = done.get(b).entry();
                analysedNow[i] = done.get(b).entry().analysis() != null;
                if (done.get(b).trees() != null) {
                    kept.put(f, done.get(b).trees());
                } else if (done.get(b).parked() != null) {
                    keptRun.put(i, done.get(b).parked());
                }
            }
            done = null; // the cycles' trees are in kept alone, which converge() empties cycle by cycle
            if (l < levels.size() - 1 || !cycles.isEmpty()) {
                known = Knowledge.of(build(entries, kernel));
            }
            if (!cycles.isEmpty()) {
                Map<Integer, ItemTrees> members = new HashMap<>(kept);
                known = converge(cycles, kept, pending, changed, entries, options.jobs(), kernel, known,
                        counters);
                // agreed: their items (those the rounds parsed too) wait in the spill like the others'
                for (var m : members.entrySet()) {
                    Scanned.Pending w = pending.get(m.getKey());
                    keptRun.put(changed.get(w.position()),
                            new KeptFile(w, m.getValue().park(spill, w.content())));
                }
            }
            for (int f : level.files()) {
                pending.set(f, null);
            }
        }
        if (Boolean.getBoolean("kvlint.timing")) {
            System.err.println("kvlint: " + levels.size() + " levels of files that matter, sizes "
                    + levels.stream().map(x -> x.files().size()).toList() + "; in cycles "
                    + levels.stream().mapToInt(x -> x.cycles().stream().mapToInt(List::size).sum()).sum()
                    + " files (largest " + levels.stream().flatMap(x -> x.cycles().stream())
                    .mapToInt(List::size).max().orElse(0) + ")");
        }
    }

    /** Solve, and analyse again what the index now sees differently, until nothing changes. */
    private Solved solve(Run r) {
        ScanOptions options = r.options();
        KernelVersion kernel = r.kernel();
        Counters counters = r.counters();
        FileEntry[] entries = r.entries();
        boolean[] analysedNow = r.analysedNow();
        Spill spill = r.spill();
        Map<Integer, KeptFile> keptRun = r.keptRun();
        List<TreeScope.ScopedFile> files = r.files();
        List<FileIdentity> ids = r.ids();
        boolean[] readNow = r.readNow();
        long wallStartNanos = r.wallStartNanos();
        int n = entries.length;
        WrapperSummaries index = build(entries, kernel);
        int rounds;
        for (rounds = 1; rounds <= MAX_ROUNDS; rounds++) {
            Knowledge now = Knowledge.of(index);
            boolean[] staleNow = staleEntries(entries, now, counters.why, options.jobs());
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (staleNow[i]) {
                    again.add(i);
                    if (keptRun.containsKey(i)) {
                        counters.keptAgain.incrementAndGet(); // analysed again on its kept items
                    } else if (analysedNow[i]) {
                        counters.reanalysed.incrementAndGet(); // its items are parsed a second time
                    } else if (readNow[i]) {
                        counters.readAgain.incrementAndGet(); // read, found not to matter, and now it does
                    }
                }
            }
            if (again.isEmpty()) {
                break;
            }
            if (Boolean.getBoolean("kvlint.timing")) {
                System.err.println("kvlint: round " + rounds + ": " + again.size() + " stale, "
                        + new java.util.TreeMap<>(counters.why));
            }
            KeptFile[] keptNow = new KeptFile[again.size()]; // each worker writes its own slots
            List<FileEntry> redone = Workers.mapLargestFirst(range(again.size()), options.jobs(),
                    "kvlint-solve",
                    a -> entries[again.get(a)].size(), (a, parser) -> {
                int i = again.get(a);
                KeptFile kf = keptRun.get(i);
                if (kf != null) {
                    ItemTrees trees = ItemTrees.unpark(kf.parked(), spill);
                    FileEntry e = finish(kf.pending(), trees, parser, kernel, now, counters);
                    keptNow[a] = new KeptFile(kf.pending(), trees.park(spill, kf.parked().content()));
                    return e;
                }
                // a first analysis in the solve rounds keeps its items too, for the next round
                return switch (scanFile(files.get(i), ids.get(i), entries[i], () -> now, wallStartNanos, counters,
                        true, -1, Spill.inMemory())) {
                    case Scanned.Done d -> d.entry();
                    case Scanned.Pending p -> {
                        ItemTrees trees = new ItemTrees(spill.get(p.content()), p.items().size(),
                                convergeCycles);
                        FileEntry e = finish(p, trees, parser, kernel, now, counters);
                        if (convergeCycles) {
                            keptNow[a] = new KeptFile(p, trees.park(spill, spill.put(trees.source().bytes())));
                        }
                        yield e;
                    }
                };
            });
            for (int k = 0; k < again.size(); k++) {
                entries[again.get(k)] = redone.get(k);
                analysedNow[again.get(k)] |= redone.get(k).analysis() != null;
                if (keptNow[k] != null) {
                    keptRun.put(again.get(k), keptNow[k]);
                }
            }
            index = build(entries, kernel);
        }
        return new Solved(index, rounds);
    }

    /** Where a scan's time went, for {@code -Dkvlint.timing=true}. */
    private static final class Timing {
        private final StringBuilder laps = new StringBuilder();
        private long last;

        Timing(long start) {
            last = start;
        }

        private long lastCpu = processCpu();

        /** The phase since the last lap: its wall time, and the CPU time of the whole process in it. */
        void lap(String what) {
            long now = System.nanoTime();
            long cpu = processCpu();
            laps.append(laps.isEmpty() ? "" : ", ").append(what)
                    .append(String.format(" %.2f s (CPU %.2f s)", (now - last) / 1e9, (cpu - lastCpu) / 1e9));
            last = now;
            lastCpu = cpu;
        }

        private static long processCpu() {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
        }

        @Override
        public String toString() {
            return laps.toString();
        }
    }

    private static FileIdentity identity(Path p) {
        try {
            return FileIdentity.of(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (java.io.IOException | SecurityException e) {
            return null;
        }
    }

    /** The index of every analysed file's summaries. */
    private WrapperSummaries build(FileEntry[] entries, KernelVersion kernel) {
        List<FunctionSummary> all = new ArrayList<>();
        for (FileEntry e : entries) {
            if (e != null && e.analysis() != null) {
                all.addAll(e.analysis().get().summaries());
            }
        }
        return WrapperSummaries.build(all, context.api(), kernel);
    }

    /**
     * Is every file read the same, for the index, as its cached entry: found unchanged by its
     * content (its cached analysis kept, the very same value), or of no interest before and after
     * (no analysis either time: it calls no table function and no helper the previous scan knew to
     * return vmalloc memory, else it would wait for an analysis)? Then the index is the cached
     * scan's, no cached file is stale by it, and the cached findings stand, as when nothing changed.
     */
    private static boolean sameAsCached(List<Integer> changed, List<TreeScope.ScopedFile> files, FileEntry[] entries,
                                        Map<String, FileEntry> cached) {
        for (int i : changed) {
            FileEntry before = cached.get(files.get(i).key());
            if (before == null || entries[i].analysis() != before.analysis()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Does the index now ask for another analysis of this file: it calls tree-wide helpers its
     * items were not chosen for (or no longer), a question its rules asked gets another answer, or
     * a file not analysed calls a helper that returns vmalloc memory?
     */
    private static boolean stale(FileEntry e, Knowledge k, Map<String, AtomicInteger> why) {
        if (e.analysis() == null) {
            return !e.callsToken() && e.callHashes().length > 0 && k.taintingSet().intersects(e.callHashes())
                    && because(why, "calls a wrapper");
        }
        FileEntry.Analysis a = e.analysis().get();
        if (!a.selectedBy().equals(withoutOwn(k.selection(e.callHashes()), a.summaries()))) {
            return because(why, "selection");
        }
        WrapperSummaries.View view = k.summaries().forFile(e.key(), a.summaries());
        for (FileEntry.Consult c : a.consulted()) {
            if (!view.answer(c.query(), c.name(), c.arg()).equals(c.answer())) {
                return because(why, "answer " + c.query());
            }
        }
        return !e.callsToken() && !k.taintingSet().intersects(e.callHashes())
                && because(why, "no longer calls a wrapper");
    }

    /**
     * {@link #stale} of every entry, on {@code jobs} threads: the whole tree is asked after every
     * solve round, on what was the one busy thread.
     */
    private static boolean[] staleEntries(FileEntry[] entries, Knowledge k, Map<String, AtomicInteger> why, int jobs) {
        boolean[] out = new boolean[entries.length];
        int chunk = 1024;
        Workers.mapWithoutParser(range((entries.length + chunk - 1) / chunk), jobs, "kvlint-stale", c -> {
            for (int i = c * chunk; i < Math.min(entries.length, (c + 1) * chunk); i++) {
                out[i] = stale(entries[i], k, why);
            }
            return c;
        });
        return out;
    }

    /** Counts why a file is stale (for {@code -Dkvlint.timing=true}); always true. */
    private static boolean because(Map<String, AtomicInteger> why, String reason) {
        why.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        return true;
    }

    /**
     * The helpers a file calls minus those it defines: its own definitions look like calls to
     * {@link CallScan} ({@code name(}), and its own functions are followed by the analysis itself,
     * so a helper becoming interesting tree-wide does not make the file that defines it stale.
     */
    private static List<String> withoutOwn(List<String> selection, List<FunctionSummary> own) {
        if (selection.isEmpty()) {
            return selection;
        }
        Set<String> names = new HashSet<>();
        for (FunctionSummary s : own) {
            names.add(s.name());
        }
        return selection.stream().filter(n -> !names.contains(n)).toList();
    }

    /**
     * A file's analysis, with its parsed items in memory when it is a member of a cycle (analysed
     * again until the cycle agrees), else parked for the solve rounds (null when none are kept).
     */
    private record Analysed(FileEntry entry, ItemTrees trees, KeptFile parked) {}

    /** A file analysed in this run, with what its next analysis needs without a read or a parse, parked. */
    private record KeptFile(Scanned.Pending pending, ItemTrees.Parked parked) {}

    /**
     * Analyses the members of a level's cycles again, on the items they kept, while the index of
     * the level answers one of their questions differently (at most {@link #MAX_ROUNDS} rounds,
     * after which the solve rounds take over): files that call each other's helpers converge
     * without a second read or parse of any item. A cycle's trees are dropped as soon as none of
     * its members is stale, so what is kept is bounded by the cycles of one level.
     *
     * @param kept per pending position of a member, its parsed items; emptied here
     * @return what the index knows after the last round
     */
    private Knowledge converge(List<List<Integer>> cycles, Map<Integer, ItemTrees> kept,
                               List<Scanned.Pending> pending, List<Integer> changed, FileEntry[] entries, int jobs,
                               KernelVersion kernel, Knowledge known, Counters counters) {
        Knowledge now = known;
        List<List<Integer>> open = cycles;
        for (int round = 1; round <= MAX_ROUNDS && !open.isEmpty(); round++) {
            List<Integer> again = new ArrayList<>();
            List<List<Integer>> still = new ArrayList<>();
            for (List<Integer> cycle : open) {
                int before = again.size();
                for (int f : cycle) {
                    if (stale(entries[changed.get(pending.get(f).position())], now, counters.cycleWhy)) {
                        again.add(f);
                    }
                }
                if (again.size() > before) {
                    still.add(cycle);
                } else {
                    cycle.forEach(kept::remove); // converged: its trees go
                }
            }
            open = still;
            if (again.isEmpty()) {
                break;
            }
            Knowledge k = now;
            List<FileEntry> redone = Workers.mapLargestFirst(again, jobs, "kvlint-cycle",
                    f -> pending.get(f).content().length(),
                    (f, parser) -> finish(pending.get(f), kept.get(f), parser, kernel, k, counters));
            counters.cycleAgain.addAndGet(again.size());
            counters.cycleRounds.accumulateAndGet(round, Math::max);
            for (int a = 0; a < again.size(); a++) {
                entries[changed.get(pending.get(again.get(a)).position())] = redone.get(a);
            }
            now = Knowledge.of(build(entries, kernel));
        }
        kept.clear();
        return now;
    }

    /** A file read and scanned: finished, or waiting for its analysis. */
    private sealed interface Scanned {
        record Done(FileEntry entry) implements Scanned {}

        /**
         * A file that matters, read and cut into items, whose analysis waits for the files defining
         * what it calls ({@link AnalysisOrder}).
         *
         * @param position the file's position in the scan's list of changed files
         * @param content its text (as {@link SourceReader} gives it to the parser), in the spill
         *     until its analysis
         * @param repaired the bytes as read when decoding repaired them (invalid UTF-8), else null
         *     (they are the content): a report of the file's findings reads them
         * @param shape its functions, as the order reads them
         */
        record Pending(int position, TreeScope.ScopedFile file, FileIdentity identity, byte[] hash, int size,
                       List<Diagnostic> diagnostics, Spill.Stored content, byte[] repaired, List<ItemLexer.Item> items,
                       CallScan.Result calls, FileDirectives directives, AnalysisOrder.Shape shape) implements Scanned {}
    }

    /**
     * Reads one file and scans it: call hashes always; a file that matters is cut into items and
     * left pending, any other is done.
     *
     * @param previous the file's earlier entry (its content hash lets a racily clean file be reused)
     * @param solving true in the solve rounds: the file is known to matter
     * @param spill where a file that matters keeps its text until its analysis
     */
    private Scanned scanFile(TreeScope.ScopedFile f, FileIdentity id, FileEntry previous,
                             java.util.function.Supplier<Knowledge> k,
                             long wallStartNanos, Counters counters, boolean solving, int position, Spill spill) {
        long t0 = cpuNow();
        byte[][] buffer = readBuffers.get();
        SourceReader.Raw raw = SourceReader.readRaw(f.input(), buffer[0]);
        counters.read.incrementAndGet();
        counters.cpu.addAndGet(0, cpuNow() - t0);
        FileIdentity identity = id != null ? id : new FileIdentity(-1, -1, -1, -1);
        if (raw.bytes() == null) {
            return new Scanned.Done(new FileEntry(f.key(), identity, null, raw.diagnostics(), 0, FileEntry.Calls.NONE,
                    FileDirectives.NONE, null));
        }
        if (raw.bytes() != buffer[0] && raw.bytes().length <= MAX_READ_BUFFER) {
            buffer[0] = raw.bytes(); // a file larger than the buffer: the next ones fit in its array
        }
        // the bytes are raw.bytes()[0, length): a buffer lent for the next file too, so whatever
        // is kept of this file is copied out of it (only the files that matter, and rare cases)
        byte[] bytes = raw.bytes();
        int length = raw.length();
        counters.bytesRead.addAndGet(length);
        boolean racy = identity.mtimeNanos() >= wallStartNanos - Cache.RACY_NANOS || identity.mtimeNanos() < 0;
        // an entry of the same identity that was not trusted (the file changed within the racy
        // window of the scan that wrote it) is checked by content, as git checks a racily clean
        // file: without this, the scan after an edit analysed the edited file again
        boolean sameIdentity = previous != null && previous.contentHash() != null
                && previous.identity().equals(identity);
        byte[] hash = racy || sameIdentity ? Cache.digest(raw.exact()) : null;
        if (!solving && previous != null && previous.contentHash() != null && hash != null
                && Arrays.equals(previous.contentHash(), hash)) {
            // racily clean, and in fact unchanged: the cached analysis stands
            return new Scanned.Done(new FileEntry(f.key(), identity, hash, previous.diagnostics(), previous.size(),
                    previous.calls(), previous.directives(), previous.analysis()));
        }
        long t1 = cpuNow();
        CallScan.Result calls = callScan.scan(bytes, length);
        // the suppression comments of every file: one that silences nothing is reported too
        FileDirectives directives = calls.mentionsNolint() ? NolintDirectives.scan(raw.exact()) : FileDirectives.NONE;
        counters.cpu.addAndGet(1, cpuNow() - t1);
        boolean matters = calls.callsToken() || calls.mayCall(k.get().taintingSet());
        if (!matters) {
            return new Scanned.Done(new FileEntry(f.key(), identity, hash, raw.diagnostics(), length,
                    FileEntry.Calls.of(calls), directives, null));
        }
        SourceReader.Read read = SourceReader.of(f.input(), raw.exact());
        List<Diagnostic> diags = new ArrayList<>(read.diagnostics());
        if (read.content().isEmpty()) {
            return new Scanned.Done(new FileEntry(f.key(), identity, hash, diags, length,
                    FileEntry.Calls.of(calls), directives, null));
        }
        long t2 = cpuNow();
        byte[] content = read.content().get();
        List<ItemLexer.Item> items;
        AnalysisOrder.Shape shape;
        try {
            items = ItemLexer.items(content);
            shape = AnalysisOrder.shape(content, items, f.key().endsWith(".h"));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError e) {
            // isolated like the analysis itself: one diagnostic, and the scan goes on
            diags.add(Diagnostic.internal(f.key(), "internal error, file skipped: " + e));
            return new Scanned.Done(new FileEntry(f.key(), identity, hash, diags, length,
                    FileEntry.Calls.of(calls), directives, null));
        } finally {
            counters.cpu.addAndGet(2, cpuNow() - t2);
        }
        return new Scanned.Pending(position, f, identity, hash, length, diags, spill.put(content),
                read.raw() == content ? null : read.raw(), items, calls,
                directives, shape);
    }

    /**
     * The analysis of a pending file, under what the index knows now.
     *
     * @param trees the file's items parsed so far (none on its first analysis): what an analysis
     *     chooses is parsed there, once in the run
     */
    private FileEntry finish(Scanned.Pending p, ItemTrees trees, CParser parser, KernelVersion kernel, Knowledge k,
                             Counters counters) {
        List<Diagnostic> diags = new ArrayList<>(p.diagnostics());
        List<String> selectedBy = k.selection(p.calls().callHashes());
        FileEntry.Analysis analysis;
        try {
            analysis = analyse(p.file(), trees.source().bytes(), p.repaired(), trees, p.items(), p.calls(), selectedBy,
                    parser, kernel, k, counters, diags);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError e) {
            diags.add(Diagnostic.internal(p.file().key(), "internal error, file skipped: " + e));
            analysis = new FileEntry.Analysis(selectedBy, List.of(), List.of(), List.of(), 0, 0, List.of(), null);
        }
        counters.findings.addAndGet(analysis.findings().size());
        return new FileEntry(p.file().key(), p.identity(), p.hash(), diags, p.size(), FileEntry.Calls.of(p.calls()),
                p.directives(), StoredAnalysis.of(analysis));
    }

    /**
     * The one parse of a file's relevant items, then facts, summaries and rules. Items are chosen
     * for calling a table function or a tree-wide helper; when a function found there turns out to
     * matter to callers (it returns allocator memory, or frees its argument, possibly through
     * another such function) and an item left out calls it, that item is parsed too (at most twice
     * more): wrappers of wrappers inside one file. No item is parsed twice: the items come from
     * {@code trees}, which parses each at most once (also when a cycle analyses the file again).
     */
    private FileEntry.Analysis analyse(TreeScope.ScopedFile f, byte[] content, byte[] repaired, ItemTrees trees,
                                       List<ItemLexer.Item> items, CallScan.Result calls, List<String> selectedBy,
                                       CParser parser, KernelVersion kernel, Knowledge k, Counters counters,
                                       List<Diagnostic> diags) {
        long t = cpuNow();
        counters.analyses.incrementAndGet();
        int itemsBefore = trees.itemsParsed();
        long bytesBefore = trees.bytesParsed();
        SourceText source = trees.source();
        int[] hits = WordMatcher.union(calls.tableCalls(),
                selectedBy.isEmpty() ? new int[0] : new WordMatcher(selectedBy).hits(content));
        boolean[] parsed = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            ItemLexer.Item item = items.get(i);
            if (item.end() - item.start() > MAX_ITEM_BYTES) {
                parsed[i] = true; // never chosen: it stays a placeholder
                if (org.kvlint.source.Prefilter.covers(hits, item.start(), item.end())) {
                    diags.add(new Diagnostic(f.key(), Diagnostic.Severity.WARNING, "the item at line "
                            + (source.rowOf(item.start()) + 1) + " is " + ((item.end() - item.start()) >> 20)
                            + " MiB, over the " + (MAX_ITEM_BYTES >> 20) + " MiB item limit, not analysed"));
                }
            }
        }
        boolean[] oversized = parsed.clone();
        boolean[] chosen = choose(items, hits, parsed);
        List<SyntaxNode> nodes = new ArrayList<>(trees.nodes(parser, items, chosen));
        mark(parsed, chosen);
        t = lap(counters, 3, t);
        Set<String> known = new HashSet<>(selectedBy);
        Set<String> seen = new HashSet<>(known);
        FileFacts facts;
        org.kvlint.facts.FlowMemo flows = new org.kvlint.facts.FlowMemo(); // flows that outlive a round
        SyntaxNode[] placeholders = new SyntaxNode[items.size()]; // and the units they are kept for
        for (int round = 0; ; round++) {
            boolean[] real = parsed.clone();
            for (int i = 0; i < real.length; i++) {
                real[i] &= !oversized[i];
            }
            SyntaxNode root = CParser.assemble(source, items, real, nodes, placeholders);
            MacroBodies.expand(parser, source, root); // statement-like #define bodies as code
            facts = FileFacts.extract(f.input(), source, root, kernel, context.api(), known, flows);
            t = lap(counters, 4, t);
            counters.extracts.incrementAndGet();
            if (round == 2) {
                break;
            }
            Set<String> fresh = new HashSet<>(WrapperSummaries.interesting(facts.pointers().summaries(), seen, true));
            fresh.removeAll(seen);
            if (fresh.isEmpty()) {
                break;
            }
            seen.addAll(fresh);
            int[] freshHits = new WordMatcher(fresh).hits(content);
            boolean[] more = choose(items, freshHits, parsed);
            if (!any(more)) {
                break;
            }
            nodes.addAll(trees.nodes(parser, items, more));
            mark(parsed, more);
            t = lap(counters, 3, t);
            hits = WordMatcher.union(hits, freshHits);
        }
        counters.flowsReused.addAndGet(flows.reused());
        int itemsParsed = 0;
        long bytesParsed = 0;
        for (int i = 0; i < items.size(); i++) {
            if (parsed[i] && !oversized[i]) {
                itemsParsed++;
                bytesParsed += items.get(i).end() - items.get(i).start();
            }
        }
        // what tree-sitter parsed now: nothing for the items a cycle's earlier analysis kept
        counters.items.addAndGet(trees.itemsParsed() - itemsBefore);
        counters.bytesParsed.addAndGet(trees.bytesParsed() - bytesBefore);
        List<FileEntry.Partly> partly = new ArrayList<>();
        for (SyntaxNode item : facts.root().children()) {
            if (item.hasError() && org.kvlint.source.Prefilter.covers(hits, item.startByte(), item.endByte())) {
                partly.add(new FileEntry.Partly(item.startRow() + 1, ItemNames.function(item)));
            }
        }
        Map<String, FileEntry.Consult> consulted = new LinkedHashMap<>();
        RuleContext ctx = context.withSummaries(k.summaries().recording((query, name, arg, answer) ->
                consulted.putIfAbsent(query + "\u0000" + name + "\u0000" + arg,
                        new FileEntry.Consult(query, name, arg, answer))));
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            for (Finding found : rule.check(facts, ctx)) {
                findings.add(MacroLayout.adapt(facts.source(), found)); // fixes inside macro bodies
            }
        }
        findings.sort(Finding.ORDER);
        lap(counters, 5, t);
        List<FileEntry.Consult> questions = new ArrayList<>(consulted.values());
        questions.sort(java.util.Comparator.comparing(FileEntry.Consult::query).thenComparing(FileEntry.Consult::name)
                .thenComparingInt(FileEntry.Consult::arg));
        return new FileEntry.Analysis(withoutOwn(selectedBy, facts.pointers().summaries()),
                facts.pointers().summaries(), findings, questions, itemsParsed, bytesParsed, partly,
                findings.isEmpty() ? null : repaired != null ? repaired : content);
    }

    /** The largest read buffer a worker keeps between files (a larger file gets an array of its own). */
    private static final int MAX_READ_BUFFER = 8 << 20;

    private static long lap(Counters counters, int step, long since) {
        long now = cpuNow();
        counters.cpu.addAndGet(step, now - since);
        return now;
    }

    /** The items not parsed yet that contain a hit. */
    private static boolean[] choose(List<ItemLexer.Item> items, int[] hits, boolean[] parsed) {
        boolean[] out = new boolean[items.size()];
        int h = 0;
        for (int i = 0; i < items.size() && h < hits.length; i++) {
            ItemLexer.Item item = items.get(i);
            while (h < hits.length && hits[h] < item.start()) {
                h++;
            }
            out[i] = !parsed[i] && h < hits.length && hits[h] < item.end();
        }
        return out;
    }

    private static void mark(boolean[] parsed, boolean[] more) {
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] |= more[i];
        }
    }

    private static boolean any(boolean[] b) {
        for (boolean x : b) {
            if (x) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    private static <T> java.util.function.Supplier<T> memo(java.util.function.Supplier<T> s) {
        Object[] box = new Object[1];
        return () -> {
            synchronized (box) {
                if (box[0] == null) {
                    box[0] = s.get();
                }
                @SuppressWarnings("unchecked")
                T t = (T) box[0];
                return t;
            }
        };
    }

    private ScanResult result(TreeScope scope, FileEntry[] entries, KernelVersion kernel, String kernelSource,
                              java.util.function.Supplier<WrapperSummaries> index, Counters counters, String cacheState,
                              long nanos, Map<String, ParsedItems> parsedItems, Optional<TreeIndex.Kept> kept) {
        List<Finding> findings = new ArrayList<>();
        Map<String, byte[]> texts = new HashMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>(scope.diagnostics());
        List<Integer> partlyFiles = new ArrayList<>();
        int scanned = 0;
        int parsed = 0;
        int filesWithErrors = 0;
        int functionsWithErrors = 0;
        long bytes = 0;
        long bytesParsed = 0;
        List<TreeScope.ScopedFile> files = scope.files();
        for (int i = 0; i < files.size(); i++) {
            TreeScope.ScopedFile f = files.get(i);
            FileEntry e = entries[i];
            if (!f.reported() || e == null) {
                continue;
            }
            scanned++;
            bytes += e.size();
            for (Diagnostic d : e.diagnostics()) {
                diagnostics.add(new Diagnostic(f.display(), d.severity(), d.message(), d.internal()));
            }
            if (e.analysis() == null) {
                continue;
            }
            StoredAnalysis.Counts c = e.analysis().counts();
            if (c.itemsParsed() > 0) {
                parsed++;
                bytesParsed += c.bytesParsed();
            }
            if (c.partlyParsed() > 0) {
                filesWithErrors++;
                functionsWithErrors += c.partlyParsed();
                partlyFiles.add(i);
            }
            if (c.findings() > 0) {
                for (Finding x : e.analysis().get().findings()) {
                    findings.add(x.withPath(f.display()));
                }
                if (e.analysis().get().text() != null) {
                    texts.put(f.display(), e.analysis().get().text());
                }
            }
        }
        java.util.SortedMap<String, FileDirectives> withDirectives = new java.util.TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).reported() && entries[i] != null && !entries[i].directives().isEmpty()) {
                withDirectives.put(files.get(i).display(), entries[i].directives());
            }
        }
        findings.sort(Finding.ORDER);
        diagnostics.sort(null);
        java.util.function.Supplier<List<ScanResult.PartlyParsed>> partly = memo(() -> {
            List<ScanResult.PartlyParsed> out = new ArrayList<>();
            for (int i : partlyFiles) {
                for (FileEntry.Partly p : entries[i].analysis().get().partlyParsed()) {
                    out.add(new ScanResult.PartlyParsed(files.get(i).display(), p.line(), p.function()));
                }
            }
            out.sort(null);
            return List.copyOf(out);
        });
        var stats = new ScanResult.Stats(scanned, parsed, filesWithErrors, functionsWithErrors, bytes, bytesParsed, nanos);
        var tree = new ScanResult.Tree(scope.root().map(Path::toString).orElse(""), scope.rootSource(), files.size(),
                counters.read.get(), counters.items.get(), counters.reanalysed.get(), counters.cycleAgain.get(),
                cacheState);
        List<TreeIndex.File> indexed = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            if (entries[i] != null) {
                indexed.add(new TreeIndex.File(files.get(i), entries[i].calls()));
            }
        }
        return new ScanResult(findings, diagnostics, stats, kernel, kernelSource, new TreeIndex(indexed, index, kept), tree,
                withDirectives, partly, List.of(), List.of(), texts, parsedItems);
    }

    /**
     * The parsed items of the reported files with findings, by display path, out of the spill
     * (which closes with the scan): the proofs of their fixes analyse each such file whole, and
     * take these items rather than parse them again. Only for a file whose text needed no repair,
     * so that the items index the very bytes the proof reads.
     */
    private static Map<String, ParsedItems> parsedForProofs(Map<Integer, KeptFile> keptRun, FileEntry[] entries,
                                                          List<TreeScope.ScopedFile> files, Spill spill) {
        Map<String, ParsedItems> out = new HashMap<>();
        for (var k : keptRun.entrySet()) {
            FileEntry e = entries[k.getKey()];
            TreeScope.ScopedFile f = files.get(k.getKey());
            if (f.reported() && e.analysis() != null && e.analysis().counts().findings() > 0
                    && k.getValue().pending().repaired() == null) {
                out.put(f.display(), new ParsedItems(k.getValue().pending().items(),
                        ItemTrees.unpark(k.getValue().parked(), spill)));
            }
        }
        return out;
    }
}
