package org.kvlint.fix;

import static org.kvlint.fix.CommitText.WRAP;
import static org.kvlint.fix.CommitText.distinct;
import static org.kvlint.fix.CommitText.functionAt;
import static org.kvlint.fix.CommitText.proof;
import static org.kvlint.fix.CommitText.summary;
import static org.kvlint.fix.CommitText.why;
import static org.kvlint.fix.CommitText.wrap;
import static org.kvlint.fix.CommitText.wrapItem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.kvlint.facts.KernelVersion;
import org.kvlint.fix.CommitText.Item;
import org.kvlint.fix.CommitText.Kind;
import org.kvlint.index.TreeScope;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;

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
        // the files one fix changes go in one patch, in the series of the fix's own file
        Map<FileOutcome, Change> byOutcome = new java.util.IdentityHashMap<>();
        changes.forEach(c -> byOutcome.put(c.outcome(), c));
        Map<Subsystem.Owner, List<List<Change>>> byOwner = new TreeMap<>();
        for (List<FileOutcome> group : CrossFile.groups(changes.stream().map(Change::outcome).toList())) {
            // the files with fixes of their own first: the patch is named after them
            List<Change> cs = group.stream().map(byOutcome::get)
                    .sorted(Comparator.comparing((Change c) -> c.outcome().applied().isEmpty())).toList();
            byOwner.computeIfAbsent(tree.ownerOf(cs.getFirst().path()), o -> new ArrayList<>()).add(cs);
        }
        List<Series> out = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        Set<String> directories = new TreeSet<>();
        for (var e : byOwner.entrySet()) {
            List<List<Change>> files = e.getValue().stream()
                    .sorted(Comparator.comparing((List<Change> cs) -> cs.getFirst().path())).toList();
            List<Draft> drafts = new ArrayList<>();
            for (List<Change> cs : files) {
                drafts.add(draft(cs, tree.prefixOf(e.getKey(), cs.getFirst().path()), tree, settings));
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

    private static Draft draft(List<Change> cs, String prefix, Tree tree, Settings settings) {
        List<Item> items = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        ByteArrayOutputStream diff = new ByteArrayOutputStream();
        for (Change c : cs) {
            diff.writeBytes(c.diff().bytes());
            int first = items.size();
            items(c, items);
            for (Item i : items.subList(first, items.size())) {
                if (i.kind().isBug()) {
                    tree.fixesTag(c.path(), i.finding().span().startLine()).ifPresent(fixes::add);
                }
            }
        }
        List<String> also = new ArrayList<>();
        for (Change c : cs) {
            // the edits other files' fixes make here, but not those this file's own fixes make anyway
            Set<Fix.TextEdit> own = new java.util.HashSet<>();
            c.outcome().applied().forEach(a -> own.addAll(a.fix().edits()));
            // links resolved: the outcome's path is the user's, a fix names other files by their path in the tree
            Path here = TreeScope.real(c.outcome().file().path());
            List<Integer> lines = cs.stream().filter(o -> o != c).flatMap(o -> o.outcome().applied().stream())
                    .flatMap(a -> a.fix().otherFiles().stream())
                    .filter(fe -> TreeScope.real(Path.of(fe.path())).equals(here))
                    .flatMap(fe -> fe.edits().stream()).filter(e -> !own.contains(e))
                    .map(e -> lineOf(c.outcome().before(), e.startByte()))
                    .distinct().sorted().toList();
            if (!lines.isEmpty()) {
                also.add(c.path() + ": the same memory is freed there too, kfree()/vfree() -> kvfree() (line"
                        + (lines.size() == 1 ? " " : "s ") + lines.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
        return draft(cs, prefix, settings, items, fixes, diff.toByteArray(), also);
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static void items(Change c, List<Item> items) {
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
    }

    private static Draft draft(List<Change> cs, String prefix, Settings settings, List<Item> items, Set<String> fixes,
                               byte[] diff, List<String> also) {
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
        List<String> lines = new ArrayList<>(items.stream().filter(Item::applied).map(CommitText::itemLine).distinct()
                .toList());
        lines.addAll(also);
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
        fixes.forEach(f -> body.append(f).append('\n'));
        body.append("Signed-off-by: ").append(settings.author()).append('\n');
        String stat = diffstat(cs);
        return new Draft(cs.getFirst().path(), prefix, summary, prefix + ": " + summary, body.toString(), diff, stat,
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
