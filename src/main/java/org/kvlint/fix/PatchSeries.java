package org.kvlint.fix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.RuleCatalog;

/**
 * {@code git am}-able series, one per subsystem (the MAINTAINERS entry a file belongs to, else its
 * directory): one patch per changed file, numbered {@code [PATCH n/m]} within its series, a cover
 * letter when the series has more than one patch, a kernel-style subject naming the helper the
 * change uses, a body written from the change itself (the GFP mask and size of the calls, what the
 * proof on the allocator model shows), {@code Fixes:} for bug fixes when the tree has history, and
 * To:/Cc: from the tree's recipients program. Deterministic: the same changes, tree, author and date
 * always give the same bytes.
 */
public final class PatchSeries {
    /** Body width: checkpatch wants commit description lines within 75 columns. */
    private static final int WRAP = 72;
    private static final Pattern FUNCTION = Pattern.compile("^[^;(]*?\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern HELPER = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\(\\)");

    private PatchSeries() {}

    /**
     * One changed file of the series.
     *
     * @param path relative to the tree root, '/'-separated
     * @param facts what a commit message says about each fix made in it, by finding
     */
    public record Change(String path, FileOutcome outcome, UnifiedDiff.FileDiff diff, Map<Finding, ChangeFacts> facts) {
        public Change {
            facts = Map.copyOf(facts);
        }
    }

    /** A rendered patch: its file name in its series' directory, its subject line and its bytes. */
    public record Patch(String fileName, String subject, byte[] bytes) {}

    /**
     * One series.
     *
     * @param directory its sub-directory of the output directory (the subject prefix, as a file name)
     * @param owner who looks after it
     * @param patches the cover letter first when there is one
     */
    public record Series(String directory, Subsystem.Owner owner, List<Patch> patches) {}

    /** The series, and what went wrong asking for recipients (each once). */
    public record Rendered(List<Series> series, List<String> problems) {}

    /** What the series needs of the tree it was made from (an interface, so tests can stand in). */
    public interface Tree {
        /** The series a file goes in. */
        Subsystem.Owner ownerOf(String path);

        /** The subject prefix for a file ("gfs2", "media: atomisp"). */
        String prefixOf(Subsystem.Owner owner, String path);

        /** {@code Fixes: <sha> ("subject")} for the commit that last changed a line, when known. */
        Optional<String> fixesTag(String path, int line);

        /** To: and Cc: of a patch. */
        Recipients.Answer recipients(byte[] patch);
    }

    /**
     * @param date the Date: of every patch
     * @param tool the signature line, e.g. "kvlint 0.1.0"
     * @param kernel the kernel version the fixes were made and proven for
     */
    public record Settings(Identity author, ZonedDateTime date, String tool, KernelVersion kernel) {}

    public static Rendered render(List<Change> changes, Tree tree, Settings settings) {
        Map<Subsystem.Owner, List<Change>> byOwner = new TreeMap<>();
        for (Change c : changes) {
            byOwner.computeIfAbsent(tree.ownerOf(c.path()), o -> new ArrayList<>()).add(c);
        }
        List<Series> out = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        Set<String> directories = new TreeSet<>();
        for (var e : byOwner.entrySet()) {
            List<Change> files = e.getValue().stream().sorted(Comparator.comparing(Change::path)).toList();
            List<Draft> drafts = new ArrayList<>();
            for (Change c : files) {
                drafts.add(draft(c, tree.prefixOf(e.getKey(), c.path()), tree, settings));
            }
            distinctSubjects(drafts);
            String prefix = mostCommon(drafts.stream().map(Draft::prefix).toList());
            String dir = sanitize(prefix).toLowerCase(Locale.ROOT);
            for (int i = 2; dir.isEmpty() || directories.contains(dir); i++) {
                dir = (dir.isEmpty() ? "series" : dir.replaceAll("-\\d+$", "")) + "-" + i;
            }
            directories.add(dir);
            out.add(series(dir, e.getKey(), prefix, drafts, tree, settings, problems));
        }
        return new Rendered(out, List.copyOf(problems));
    }

    private static Series series(String dir, Subsystem.Owner owner, String prefix, List<Draft> drafts, Tree tree,
                                 Settings settings, Set<String> problems) {
        int total = drafts.size();
        List<Patch> patches = new ArrayList<>();
        Recipients.Addresses everyone = Recipients.Addresses.NONE;
        for (int i = 0; i < total; i++) {
            Draft d = drafts.get(i);
            String tag = total == 1 ? "[PATCH]" : "[PATCH " + (i + 1) + "/" + total + "]";
            byte[] bare = d.mail(tag, Recipients.Addresses.NONE, settings);
            Recipients.Answer answer = tree.recipients(bare);
            answer.problem().ifPresent(problems::add);
            everyone = everyone.and(answer.addresses());
            byte[] bytes = answer.addresses().isEmpty() ? bare : d.mail(tag, answer.addresses(), settings);
            patches.add(new Patch(String.format(Locale.ROOT, "%04d-%s.patch", i + 1, sanitize(d.subject())),
                    tag + " " + d.subject(), bytes));
        }
        if (total > 1) {
            String subject = prefix + ": " + coverSummary(drafts);
            String tag = "[PATCH 0/" + total + "]";
            patches.addFirst(new Patch("0000-cover-letter.patch", tag + " " + subject,
                    cover(tag, subject, owner, drafts, everyone, settings)));
        }
        return new Series(dir, owner, patches);
    }

    // ================================================================ one patch

    /** The kinds of change a patch can make, bugs first: the first kind present names the patch. */
    enum Kind {
        MISMATCH, INCONSISTENT_ZEROING, FALLBACK, THRESHOLD, OPEN_CODED_FREE, ZEROING, SMALL, OTHER;

        static Kind of(String ruleId) {
            return switch (ruleId) {
                case "KV004", "KV005" -> MISMATCH;
                case "KV008" -> INCONSISTENT_ZEROING;
                case "KV001" -> FALLBACK;
                case "KV002" -> THRESHOLD;
                case "KV003" -> OPEN_CODED_FREE;
                case "KV009" -> ZEROING;
                case "KV007" -> SMALL;
                default -> OTHER;
            };
        }

        /** Bug fixes carry a Fixes: tag naming the commit that last changed the faulty line. */
        boolean isBug() {
            return this == MISMATCH || this == INCONSISTENT_ZEROING;
        }
    }

    /**
     * One fix in a patch.
     *
     * @param applied whether its own fix was applied (else another fix made the same edits)
     * @param function the C function it is in ("" when not found)
     */
    record Item(Finding finding, Fix fix, Kind kind, ChangeFacts facts, boolean applied, String function) {
        /** The allocator-table functions the fix introduces, as its description names them, with their role. */
        private List<ApiFunction> helpers() {
            List<ApiFunction> out = new ArrayList<>();
            Matcher m = HELPER.matcher(fix.description());
            while (m.find()) {
                AllocatorApi.standard().lookup(m.group(1)).ifPresent(out::add);
            }
            return out;
        }

        /** The helpers that allocate ("kvzalloc"). */
        List<String> allocHelpers() {
            return helpers().stream().filter(ApiFunction::isAllocation).map(ApiFunction::name).toList();
        }

        /** The helpers that free ("kvfree"). */
        List<String> freeHelpers() {
            return helpers().stream().filter(ApiFunction::isFree).map(ApiFunction::name).toList();
        }

        Optional<ChangeFacts.Call> original(ApiFunction.Family family) {
            return facts.allocation(family);
        }
    }

    /** A patch before numbering and recipients. */
    private record Draft(String path, String prefix, String summary, String subject, String body, byte[] diff,
                         String stat, List<Item> items) {
        Draft withSubject(String s) {
            return new Draft(path, prefix, summary, s, body, diff, stat, items);
        }

        byte[] mail(String tag, Recipients.Addresses to, Settings settings) {
            boolean eightBit = !isAscii(body) || !isAscii(settings.author().toString()) || !isAscii(diff);
            StringBuilder head = new StringBuilder();
            head.append("From ").append(commitLike(subject, diff)).append(" Mon Sep 17 00:00:00 2001\n");
            headers(head, tag + " " + subject, to, eightBit, settings);
            head.append('\n').append(body).append("---\n").append(stat).append('\n');
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            all.writeBytes(diff);
            all.writeBytes(("-- \n" + settings.tool() + "\n\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }
    }

    private static Draft draft(Change c, String prefix, Tree tree, Settings settings) {
        List<Item> items = new ArrayList<>();
        for (Decision d : c.outcome().decisions()) {
            Fix fix = switch (d) {
                case Decision.Applied a -> a.fix();
                case Decision.Skipped s when s.why() == Decision.Why.DUPLICATE -> s.fix();
                case Decision.Skipped s -> null;
            };
            if (fix != null) {
                items.add(new Item(d.finding(), fix, Kind.of(d.finding().ruleId()),
                        c.facts().getOrDefault(d.finding(), ChangeFacts.NONE), d instanceof Decision.Applied,
                        functionAt(c.outcome().before(), d.finding().span().startLine())));
            }
        }
        // the applied fixes name the patch; a finding another fix made for it adds its why (and its Fixes:)
        Set<Kind> kinds = new LinkedHashSet<>();
        items.stream().filter(Item::applied).map(Item::kind).sorted().forEach(kinds::add);
        items.stream().map(Item::kind).sorted().forEach(kinds::add);
        Kind main = kinds.stream().findFirst().orElse(Kind.OTHER);
        String summary = summary(main, items.stream().filter(i -> i.kind() == main).toList());

        StringBuilder body = new StringBuilder();
        for (Kind k : kinds) {
            body.append(wrap(why(k, items.stream().filter(i -> i.kind() == k).toList()))).append("\n\n");
        }
        List<String> lines = items.stream().filter(Item::applied).map(PatchSeries::itemLine).distinct().toList();
        for (String line : lines) {
            body.append(wrapItem(line)).append('\n');
        }
        if (!lines.isEmpty()) {
            body.append('\n');
        }
        String proof = proof(items.stream().filter(Item::applied).toList(), settings.kernel());
        if (!proof.isEmpty()) {
            body.append(wrap(proof)).append("\n\n");
        }
        Set<String> rules = new TreeSet<>();
        items.forEach(i -> rules.add(i.finding().ruleId()));
        body.append(wrap("Found with kvlint (" + String.join(", ", rules) + ").")).append("\n\n");
        Set<String> fixes = new LinkedHashSet<>();
        for (Item i : items) {
            if (i.kind().isBug()) {
                tree.fixesTag(c.path(), i.finding().span().startLine()).ifPresent(fixes::add);
            }
        }
        fixes.forEach(f -> body.append(f).append('\n'));
        body.append("Signed-off-by: ").append(settings.author()).append('\n');
        String stat = diffstat(List.of(c));
        return new Draft(c.path(), prefix, summary, prefix + ": " + summary, body.toString(), c.diff().bytes(), stat,
                items);
    }

    /** Two patches of a series must not share a subject: name the file where they would. */
    private static void distinctSubjects(List<Draft> drafts) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        drafts.forEach(d -> seen.merge(d.subject(), 1, Integer::sum));
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (seen.get(d.subject()) > 1) {
                drafts.set(i, d.withSubject(d.subject() + " in " + d.path().substring(d.path().lastIndexOf('/') + 1)));
            }
        }
    }

    /** The subject after the prefix, naming the helper the change uses. */
    static String summary(Kind kind, List<Item> items) {
        boolean many = items.stream().filter(Item::applied).count() > 1;
        List<String> alloc = distinct(items.stream().flatMap(i -> i.allocHelpers().stream()).toList());
        List<String> free = distinct(items.stream().flatMap(i -> i.freeHelpers().stream()).toList());
        return switch (kind) {
            case FALLBACK -> "use " + names(alloc.isEmpty() ? List.of("kvmalloc") : alloc)
                    + " instead of open-coded vmalloc fallback" + (many ? "s" : "");
            case THRESHOLD -> "use " + names(alloc.isEmpty() ? List.of("kvmalloc") : alloc)
                    + " instead of choosing the allocator by size";
            case INCONSISTENT_ZEROING -> "use " + names(alloc.isEmpty() ? List.of("kvzalloc") : alloc)
                    + " to zero the memory on every path";
            case MISMATCH -> {
                List<String> sources = distinct(items.stream().flatMap(i -> i.facts().calls().stream())
                        .filter(c -> c.isAllocation()).map(ChangeFacts.Call::name).toList());
                String from = sources.isEmpty()
                        ? items.getFirst().finding().ruleId().equals("KV005") ? "kmalloc()" : "vmalloc()"
                        : names(sources);
                yield "use " + names(free.isEmpty() ? List.of("kvfree") : free) + " for memory from " + from;
            }
            case OPEN_CODED_FREE -> "use kvfree() instead of open-coding it";
            case ZEROING -> {
                List<String> originals = distinct(items.stream().flatMap(i -> i.facts().calls().stream())
                        .filter(c -> c.isAllocation() && c.edited()).map(ChangeFacts.Call::name).toList());
                yield "use " + names(alloc) + " instead of " + (originals.isEmpty() ? "" : names(originals) + " and ")
                        + "memset()";
            }
            case SMALL -> "use " + names(alloc) + " for a constant size of at most PAGE_SIZE";
            case OTHER -> "apply kvlint fixes (" + String.join(", ", new TreeSet<>(items.stream()
                    .map(i -> i.finding().ruleId()).toList())) + ")";
        };
    }

    /** The paragraph that says why, for the items of one kind, from their own calls. */
    static String why(Kind kind, List<Item> items) {
        return switch (kind) {
            case FALLBACK -> fallbackWhy(items) + freesBecomeKvfree(items);
            case THRESHOLD -> "kvmalloc() makes this choice itself: sizes up to PAGE_SIZE come from kmalloc(), larger"
                    + " ones from kmalloc() when that succeeds without retrying (__GFP_NORETRY | __GFP_NOWARN),"
                    + " else from vmalloc(). A size threshold open-codes it, never gets physically contiguous"
                    + " memory for large sizes and needs a free that repeats the threshold."
                    + masks(items, ApiFunction.Family.KMALLOC, " The kmalloc() side's mask, %s, is kept.")
                    + freesBecomeKvfree(items);
            case INCONSISTENT_ZEROING -> {
                String k = callName(items, ApiFunction.Family.KMALLOC, "kmalloc");
                String v = callName(items, ApiFunction.Family.VMALLOC, "vmalloc");
                yield "The two allocations disagree on zeroing: " + k + " returns uninitialised memory while "
                        + v + " returns zeroed memory, so whether the memory is cleared depends on which one"
                        + " ran. kvzalloc() zeroes it on every path." + freesBecomeKvfree(items);
            }
            case MISMATCH -> mismatchWhy(items);
            case OPEN_CODED_FREE -> "kvfree() is exactly is_vmalloc_addr(p) ? vfree(p) : kfree(p); use it instead of"
                    + " open-coding it.";
            case ZEROING -> {
                String alloc = names(distinct(items.stream().flatMap(i -> i.allocHelpers().stream()).toList()));
                yield alloc + " returns zeroed memory, so the memset() that clears all of the memory right after"
                        + " the allocation is redundant.";
            }
            case SMALL -> "kvmalloc() never falls back to vmalloc() for sizes up to PAGE_SIZE, so for a small"
                    + " constant size kmalloc() does the same and says so.";
            case OTHER -> otherWhy(items);
        };
    }

    /** How the kmalloc() side behaves with the masks these items use, and what kvmalloc() does instead. */
    private static String fallbackWhy(List<Item> items) {
        Map<Reclaim, List<String>> byClass = new TreeMap<>();
        for (Item i : items) {
            String gfp = i.original(ApiFunction.Family.KMALLOC).map(ChangeFacts.Call::gfp).orElse("");
            byClass.computeIfAbsent(Reclaim.of(gfp), r -> new ArrayList<>()).add(baseMask(gfp));
        }
        StringBuilder s = new StringBuilder();
        boolean nofs = false;
        for (var e : byClass.entrySet()) {
            List<String> masks = distinct(e.getValue().stream().filter(m -> !m.isEmpty()).toList());
            String with = masks.isEmpty() ? "" : " with " + String.join(" or ", masks);
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(switch (e.getKey()) {
                case OOM -> "A kmalloc()" + with + " of up to 8 pages (order 3) does not fail: the page allocator"
                        + " keeps retrying, and may invoke the OOM killer, rather than return NULL, so the vmalloc()"
                        + " fallback does not run when it matters.";
                case NO_FS -> "A kmalloc()" + with + " of up to 8 pages (order 3) does not fail" + (s.isEmpty() ? "" : " either")
                        + ": without"
                        + " __GFP_FS the page allocator cannot invoke the OOM killer, so it keeps retrying reclaim"
                        + " and stalls rather than return NULL, and the vmalloc() fallback does not run when"
                        + " memory is fragmented.";
                case MAY_FAIL -> "The kmalloc()" + with + " may fail, so the vmalloc() fallback does run; the"
                        + " open-coded pair is what kvmalloc() does in one call.";
                case UNKNOWN -> "A kmalloc() with a sleeping mask of up to 8 pages (order 3) does not fail: the"
                        + " page allocator keeps retrying rather than return NULL, so the vmalloc() fallback does"
                        + " not run when it matters.";
            });
            nofs |= e.getKey() == Reclaim.NO_FS;
        }
        s.append(" kvmalloc() tries kmalloc() with __GFP_NORETRY | __GFP_NOWARN for sizes above PAGE_SIZE, which"
                + " gives up quickly and quietly, and then falls back to vmalloc() by itself");
        s.append(nofs ? " (honouring GFP_NOFS and GFP_NOIO there since 5.17)." : ".");
        return s.toString();
    }

    /** How a kmalloc() of up to 8 pages behaves with a mask, as far as the fallback is concerned. */
    enum Reclaim {
        /** direct reclaim with __GFP_FS: retries, OOM killer */
        OOM,
        /** direct reclaim without __GFP_FS: retries, no OOM killer */
        NO_FS,
        /** __GFP_NORETRY or __GFP_RETRY_MAYFAIL: may fail, so the fallback runs */
        MAY_FAIL,
        /** a mask kvlint cannot read */
        UNKNOWN;

        static Reclaim of(String gfp) {
            Set<String> n = new TreeSet<>(List.of(gfp.split("[^A-Za-z0-9_]+")));
            if (n.contains("__GFP_NORETRY") || n.contains("__GFP_RETRY_MAYFAIL")) {
                return MAY_FAIL;
            }
            if (n.contains("GFP_NOFS") || n.contains("GFP_NOIO")) {
                return NO_FS;
            }
            if (n.stream().anyMatch(x -> x.matches("GFP_KERNEL(_ACCOUNT)?|GFP_USER|GFP_HIGHUSER(_MOVABLE)?"))) {
                return OOM;
            }
            return UNKNOWN;
        }
    }

    /** The composite mask of a GFP expression ("GFP_NOFS" of "GFP_NOFS | __GFP_NOWARN"), else all of it. */
    private static String baseMask(String gfp) {
        List<String> composite = List.of(gfp.split("\\s*\\|\\s*")).stream().map(String::strip)
                .filter(x -> x.matches("GFP_[A-Z0-9_]+")).toList();
        return composite.isEmpty() ? gfp.strip() : String.join(" | ", composite);
    }

    private static String masks(List<Item> items, ApiFunction.Family family, String format) {
        List<String> m = distinct(items.stream().flatMap(i -> i.original(family).stream())
                .map(ChangeFacts.Call::gfp).filter(g -> !g.isEmpty()).toList());
        return m.isEmpty() ? "" : String.format(Locale.ROOT, format, String.join(" or ", m));
    }

    private static String callName(List<Item> items, ApiFunction.Family family, String otherwise) {
        return items.stream().flatMap(i -> i.original(family).stream()).findFirst()
                .map(c -> c.name() + "()" + (c.gfp().contains("__GFP_ZERO") ? " with __GFP_ZERO" : ""))
                .orElse(otherwise + "()");
    }

    /** "The kfree() in foo() and the vfree() in bar() become kvfree() as well." for frees the fixes convert. */
    private static String freesBecomeKvfree(List<Item> items) {
        List<String> frees = new ArrayList<>();
        for (Item i : items) {
            for (ChangeFacts.Call c : i.facts().calls()) {
                if (c.role() == ApiFunction.Role.FREE && c.edited() && !c.name().startsWith("kvfree")) {
                    frees.add("the " + c.name() + "()" + "");
                }
            }
        }
        boolean converted = items.stream().anyMatch(i -> i.freeHelpers().contains("kvfree"));
        if (!converted) {
            return "";
        }
        List<String> d = distinct(frees);
        return " Memory from kvmalloc() may come from either allocator and must be freed with kvfree(), so "
                + (d.isEmpty() ? "the frees of this memory" : joined(d)) + " become" + (d.size() == 1 ? "s" : "")
                + " kvfree() in the same patch.";
    }

    private static String mismatchWhy(List<Item> items) {
        List<String> out = new ArrayList<>();
        for (Item i : items) {
            Optional<ChangeFacts.Call> alloc = i.facts().calls().stream().filter(ChangeFacts.Call::isAllocation)
                    .findFirst();
            String free = i.facts().calls().stream().filter(c -> c.role() == ApiFunction.Role.FREE && c.edited())
                    .map(c -> c.name() + "()").findFirst().orElse(i.finding().ruleId().equals("KV005") ? "vfree()"
                            : "kfree()");
            String helper = names(i.freeHelpers().isEmpty() ? List.of("kvfree") : i.freeHelpers());
            String text;
            if (i.finding().ruleId().equals("KV005")) {
                String from = alloc.map(a -> a.name() + "()").orElse("kmalloc()");
                text = "Memory from " + from + " may come from the slab; " + free + " of slab memory warns and"
                        + " leaks it. " + helper + " frees memory from either allocator.";
            } else if (alloc.isPresent() && alloc.get().family() == ApiFunction.Family.KV) {
                text = alloc.get().name() + "() falls back to vmalloc() when the slab allocation fails, so its"
                        + " memory may be vmalloc memory, and " + free + " of vmalloc memory corrupts memory or"
                        + " oopses. " + helper + " frees memory from either allocator.";
            } else {
                String from = alloc.map(a -> a.name() + "()").orElse("vmalloc()");
                text = "Memory from " + from + " is not slab memory, and " + free + " of it corrupts memory or"
                        + " oopses. " + helper + " frees memory from either allocator.";
            }
            out.add(text);
        }
        return String.join(" ", distinct(out));
    }

    private static String otherWhy(List<Item> items) {
        RuleCatalog catalog = RuleCatalog.standard();
        List<String> out = new ArrayList<>();
        for (String r : new TreeSet<>(items.stream().map(i -> i.finding().ruleId()).toList())) {
            catalog.meta(r).ifPresent(m -> out.add(Character.toUpperCase(m.summary().charAt(0))
                    + m.summary().substring(1) + " (" + r + ")."));
        }
        return String.join(" ", out);
    }

    /** "foo(): kmalloc(hsize, GFP_NOFS | __GFP_NOWARN) -> kvmalloc()", with the size when it is a constant. */
    static String itemLine(Item i) {
        StringBuilder s = new StringBuilder();
        if (!i.function().isEmpty()) {
            s.append(i.function()).append("(): ");
        }
        Optional<ChangeFacts.Call> original = switch (i.kind()) {
            case MISMATCH, OPEN_CODED_FREE -> i.facts().calls().stream()
                    .filter(c -> c.role() == ApiFunction.Role.FREE && c.edited()).findFirst();
            case FALLBACK, THRESHOLD, INCONSISTENT_ZEROING -> i.original(ApiFunction.Family.KMALLOC);
            default -> i.facts().calls().stream().filter(c -> c.isAllocation() && c.edited()).findFirst();
        };
        if (original.isEmpty()) {
            return s.append(i.fix().description()).toString();
        }
        ChangeFacts.Call c = original.get();
        s.append(c.text());
        if (c.isAllocation() && c.bytes().isPresent() && !c.size().equals(String.valueOf(c.bytes().getAsLong()))) {
            s.append(" (").append(c.bytes().getAsLong()).append(" bytes)");
        }
        if (!c.isAllocation()) {
            i.facts().calls().stream().filter(ChangeFacts.Call::isAllocation).findFirst()
                    .ifPresent(a -> s.append(" of ").append(a.name()).append("() memory (line ").append(a.line()).append(')'));
        }
        List<String> helpers = i.kind() == Kind.MISMATCH || i.kind() == Kind.OPEN_CODED_FREE ? i.freeHelpers()
                : i.allocHelpers();
        return s.append(" -> ").append(helpers.isEmpty() ? i.fix().description() : names(helpers)).toString();
    }

    /**
     * What the proofs on the allocator model show, in one or two lines: every row equal or better,
     * how many got better and how. A fix applied without proof says so.
     */
    static String proof(List<Item> items, KernelVersion kernel) {
        int rows = 0;
        int better = 0;
        Map<String, Integer> how = new LinkedHashMap<>();
        List<String> unproven = new ArrayList<>();
        Set<String> functions = new LinkedHashSet<>();
        for (Item i : items) {
            if (i.facts().proof().isEmpty()) {
                continue;
            }
            var r = i.facts().proof().get();
            if (!r.safe()) {
                unproven.add((i.function().isEmpty() ? "" : i.function() + "(): ") + r.reason());
                continue;
            }
            functions.addAll(r.functions());
            for (var row : r.rows()) {
                rows++;
                if (row.verdict() == org.kvlint.validate.Verdict.BETTER) {
                    better++;
                    for (var d : row.differences()) {
                        if (d.direction() == org.kvlint.validate.Verdict.BETTER) {
                            how.merge(betterText(d), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder();
        if (rows > 0) {
            String who = functions.size() == 1 ? functions.iterator().next() + "()" : "the changed functions";
            s.append("Run before and after on kvlint's model of the kernel allocators (kernel ").append(kernel)
                    .append("), ").append(who).append(functions.size() == 1 ? " behaves" : " behave")
                    .append(" the same or better in all ").append(rows).append(" scenario rows");
            if (better > 0) {
                s.append("; ").append(better).append(better == 1 ? " gets" : " get").append(" better: ");
                List<String> parts = new ArrayList<>();
                how.forEach((k, v) -> parts.add(k + " (" + v + ")"));
                s.append(String.join(", ", parts));
            }
            s.append('.');
        }
        for (String u : unproven) {
            s.append(s.isEmpty() ? "" : " ").append("Not proven on kvlint's allocator model: ").append(u).append('.');
        }
        return s.toString();
    }

    /** A better difference in words: "no OOM killer", "no allocation-failure warning". */
    private static String betterText(org.kvlint.validate.Difference d) {
        return switch (d.field()) {
            case "OOM killer" -> "no OOM killer";
            case "stall" -> "no stall retrying reclaim";
            case "warnings printed" -> "no allocation-failure warning";
            case "illegal frees" -> "no illegal free";
            case "leaks" -> "no leak";
            case "bugs" -> "no " + d.before().replaceAll("[\\[\\]]", "");
            default -> d.field() + ": " + d.before() + " -> " + d.after();
        };
    }

    // ================================================================ cover letter

    private static String coverSummary(List<Draft> drafts) {
        List<String> summaries = distinct(drafts.stream().map(Draft::summary).toList());
        if (summaries.size() == 1) {
            return summaries.getFirst();
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        List<Item> applied = drafts.stream().flatMap(d -> d.items().stream()).filter(Item::applied).toList();
        applied.forEach(i -> kinds.add(i.kind()));
        if (kinds.size() == 1) {
            return summary(kinds.iterator().next(), applied);
        }
        return kinds.stream().anyMatch(Kind::isBug) ? "fix kvmalloc() and kvfree() use" : "use the kvmalloc() family";
    }

    private static byte[] cover(String tag, String subject, Subsystem.Owner owner, List<Draft> drafts,
                                Recipients.Addresses to, Settings settings) {
        List<Item> items = drafts.stream().flatMap(d -> d.items().stream()).toList();
        long fixes = items.stream().filter(Item::applied).count();
        String where = owner.directory().isEmpty() ? "the tree" : owner.directory();
        StringBuilder body = new StringBuilder();
        body.append(wrap("kvlint, a linter for the kernel's kmalloc() and vmalloc() use, found " + fixes
                + (fixes == 1 ? " place" : " places") + " in " + where
                + (owner.name().isEmpty() ? "" : " (" + owner.name() + ")") + " of " + settings.kernel()
                + " that " + (fixes == 1 ? "is" : "are") + " fixed here, one patch per file.")).append("\n\n");
        String proof = proof(items.stream().filter(Item::applied).toList(), settings.kernel());
        if (!proof.isEmpty()) {
            body.append(wrap(proof)).append("\n\n");
        }
        body.append(settings.author().name()).append(" (").append(drafts.size()).append("):\n");
        for (Draft d : drafts) {
            body.append("  ").append(wrap(d.subject(), WRAP - 4).replace("\n", "\n    ")).append('\n');
        }
        body.append('\n');
        int ins = 0;
        int del = 0;
        for (Draft d : drafts) {
            ins += count(d.stat(), "insertion");
            del += count(d.stat(), "deletion");
        }
        body.append(coverStat(drafts, ins, del)).append('\n');
        StringBuilder head = new StringBuilder();
        head.append("From ").append(commitLike(subject, body.toString().getBytes(StandardCharsets.UTF_8)))
                .append(" Mon Sep 17 00:00:00 2001\n");
        headers(head, tag + " " + subject, to, !isAscii(body.toString()) || !isAscii(settings.author().toString()),
                settings);
        head.append('\n').append(body).append("-- \n").append(settings.tool()).append("\n\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int count(String stat, String what) {
        Matcher m = Pattern.compile("(\\d+) " + what).matcher(stat);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The diffstat lines of every draft, realigned as one, then the totals. */
    private static String coverStat(List<Draft> drafts, int ins, int del) {
        List<String[]> rows = new ArrayList<>();
        for (Draft d : drafts) {
            String first = d.stat().lines().findFirst().orElse("");
            int bar = first.indexOf(" | ");
            if (bar > 0) {
                String[] changes = first.substring(bar + 3).strip().split(" ", 2);
                rows.add(new String[] {first.substring(0, bar).strip(), changes[0], changes.length > 1 ? changes[1] : ""});
            }
        }
        int name = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int num = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            out.append(' ').append(String.format(Locale.ROOT, "%-" + name + "s", r[0])).append(" | ")
                    .append(String.format(Locale.ROOT, "%" + num + "s", r[1])).append(' ').append(r[2]).append('\n');
        }
        return out.append(totals(rows.size(), ins, del)).append('\n').toString();
    }

    // ================================================================ mail

    private static void headers(StringBuilder head, String subject, Recipients.Addresses to, boolean eightBit,
                                Settings settings) {
        Identity author = settings.author();
        head.append("From: ").append(Mail.address(author.toString())).append('\n');
        head.append("Date: ").append(PatchDate.header(settings.date())).append('\n');
        head.append("Subject: ").append(subject).append('\n');
        Mail.addressHeader(head, "To", to.to());
        Mail.addressHeader(head, "Cc", to.cc());
        if (eightBit) {
            head.append("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n");
        }
    }

    // ================================================================ text helpers

    /** The C function around a 1-based line, found the way git finds hunk-header names. */
    static String functionAt(byte[] file, int line) {
        List<String> lines = UnifiedDiff.lines(file);
        for (int i = Math.min(line, lines.size()) - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.isEmpty() || !(Character.isLetter(l.charAt(0)) || l.charAt(0) == '_')
                    || l.matches("[A-Za-z_][A-Za-z_0-9]*:\\s*(|/[/*].*)")) {
                continue; // not a top-level line, or a goto label
            }
            Matcher m = FUNCTION.matcher(l);
            return m.find() ? m.group(1) : "";
        }
        return "";
    }

    /** "a()", "a() and b()", "a(), b() and c()". */
    static String names(List<String> functions) {
        return joined(functions.stream().map(f -> f + "()").toList());
    }

    private static String joined(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.getFirst();
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }

    private static List<String> distinct(List<String> xs) {
        return xs.stream().distinct().toList();
    }

    private static String mostCommon(List<String> xs) {
        Map<String, Integer> n = new LinkedHashMap<>();
        xs.forEach(x -> n.merge(x, 1, Integer::sum));
        String best = xs.getFirst();
        for (var e : n.entrySet()) {
            if (e.getValue() > n.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** Wraps each paragraph (separated by a blank line) at {@link #WRAP} columns. */
    static String wrap(String text) {
        return wrap(text, WRAP);
    }

    private static String wrap(String text, int width) {
        if (text.contains("\n\n")) {
            return String.join("\n\n", java.util.Arrays.stream(text.split("\n\n")).map(t -> wrap(t, width)).toList());
        }
        StringBuilder out = new StringBuilder();
        int col = 0;
        for (String word : text.replace('\n', ' ').split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (col > 0 && col + 1 + word.length() > width) {
                out.append('\n');
                col = 0;
            } else if (col > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }

    private static String wrapItem(String item) {
        return "  - " + wrap(item, WRAP - 4).replace("\n", "\n    ");
    }

    private static String diffstat(List<Change> files) {
        int ins = files.stream().mapToInt(c -> c.diff().insertions()).sum();
        int del = files.stream().mapToInt(c -> c.diff().deletions()).sum();
        int nameWidth = files.stream().mapToInt(c -> c.path().length()).max().orElse(0);
        int maxChange = files.stream().mapToInt(c -> c.diff().insertions() + c.diff().deletions()).max().orElse(0);
        int numWidth = String.valueOf(maxChange).length();
        int graph = Math.max(10, 72 - nameWidth - numWidth - 5);
        StringBuilder out = new StringBuilder();
        for (Change c : files) {
            int a = c.diff().insertions();
            int d = c.diff().deletions();
            int total = a + d;
            int plus = a;
            int minus = d;
            if (total > graph) {
                plus = (int) Math.round(a * (double) graph / total);
                minus = graph - plus;
            }
            out.append(' ').append(String.format(Locale.ROOT, "%-" + nameWidth + "s", c.path())).append(" | ")
                    .append(String.format(Locale.ROOT, "%" + numWidth + "d", total)).append(' ')
                    .append("+".repeat(plus)).append("-".repeat(minus)).append('\n');
        }
        return out.append(totals(files.size(), ins, del)).append('\n').toString();
    }

    private static String totals(int files, int ins, int del) {
        StringBuilder out = new StringBuilder();
        out.append(' ').append(files).append(files == 1 ? " file changed" : " files changed");
        if (ins > 0) {
            out.append(", ").append(ins).append(ins == 1 ? " insertion(+)" : " insertions(+)");
        }
        if (del > 0) {
            out.append(", ").append(del).append(del == 1 ? " deletion(-)" : " deletions(-)");
        }
        return out.toString();
    }

    /** git format-patch's file-name form of a subject. */
    static String sanitize(String subject) {
        String s = subject.replaceAll("[^A-Za-z0-9._]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (s.length() > 52) {
            s = s.substring(0, 52).replaceAll("[-.]+$", "");
        }
        return s;
    }

    /** A stand-in for the commit id on the mbox "From " line: stable for the same patch. */
    private static String commitLike(String subject, byte[] diff) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(subject.getBytes(StandardCharsets.UTF_8));
            sha1.update(diff);
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }
}
