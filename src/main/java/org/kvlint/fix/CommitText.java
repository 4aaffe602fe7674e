package org.kvlint.fix;

import java.util.ArrayList;
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
import org.kvlint.validate.Difference;
import org.kvlint.validate.ValidationResult;
import org.kvlint.validate.Verdict;

/**
 * The words of a commit message about kvlint's fixes, written from the changes themselves: the
 * subject naming the helper a change uses, why it matters for the GFP mask the code passes
 * (GFP_NOFS code is not told about the OOM killer), each changed call as written, and what the
 * proof on the allocator model showed. Pure functions of {@link Item}s; {@link PatchSeries} lays
 * them out as mails.
 */
final class CommitText {
    /** Body width: checkpatch wants commit description lines within 75 columns. */
    static final int WRAP = 72;
    private static final Pattern FUNCTION = Pattern.compile("^[^;(]*?\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern HELPER = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\(\\)");

    private CommitText() {}

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
            Reclaim r = Reclaim.of(gfp);
            // the modifier is the point when the kmalloc() may fail; otherwise the composite mask says it
            byClass.computeIfAbsent(r, x -> new ArrayList<>()).add(r == Reclaim.MAY_FAIL ? gfp : baseMask(gfp));
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
            boolean either = i.freeHelpers().stream().allMatch(h -> h.startsWith("kvfree"));
            String remedy = " " + helper + (either ? " frees memory from either allocator."
                    : " is the free that matches it.");
            String text;
            if (i.finding().ruleId().equals("KV005")) {
                String from = alloc.map(a -> a.name() + "()").orElse("kmalloc()");
                text = "Memory from " + from + " may come from the slab; " + free + " of slab memory warns and"
                        + " leaks it." + remedy;
            } else if (alloc.isPresent() && alloc.get().family() == ApiFunction.Family.KV) {
                text = alloc.get().name() + "() falls back to vmalloc() when the slab allocation fails, so its"
                        + " memory may be vmalloc memory, and " + free + " of vmalloc memory corrupts memory or"
                        + " oopses." + remedy;
            } else {
                String from = alloc.map(a -> a.name() + "()").orElse("vmalloc()");
                text = "Memory from " + from + " is not slab memory, and " + free + " of it corrupts memory or"
                        + " oopses." + remedy;
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
            s.append(" (").append(c.bytes().getAsLong()).append(" bytes on x86-64)");
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
            ValidationResult r = i.facts().proof().get();
            if (!r.safe()) {
                unproven.add((i.function().isEmpty() ? "" : i.function() + "(): ") + r.reason());
                continue;
            }
            functions.addAll(r.functions());
            for (var row : r.rows()) {
                rows++;
                if (row.verdict() == Verdict.BETTER) {
                    better++;
                    for (var d : row.differences()) {
                        if (d.direction() == Verdict.BETTER) {
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
    private static String betterText(Difference d) {
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

    static List<String> distinct(List<String> xs) {
        return xs.stream().distinct().toList();
    }

    /** Wraps each paragraph (separated by a blank line) at {@link #WRAP} columns. */
    static String wrap(String text) {
        return wrap(text, WRAP);
    }

    static String wrap(String text, int width) {
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

    static String wrapItem(String item) {
        return "  - " + wrap(item, WRAP - 4).replace("\n", "\n    ");
    }
}
