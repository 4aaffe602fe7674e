package org.kvlint.fix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.rules.RuleCatalog;

/**
 * A {@code git am}-able series: one mbox patch per directory (the kernel's unit of maintenance),
 * numbered in path order, with a kernel-style subject and a body that says why. Deterministic:
 * the same changes, author and date always give the same bytes.
 */
public final class PatchSeries {
    /** Body width: checkpatch wants commit description lines within 75 columns. */
    private static final int WRAP = 72;
    private static final Pattern FUNCTION = Pattern.compile("^[A-Za-z_][^;]*?\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    private PatchSeries() {}

    /**
     * One changed file of the series.
     *
     * @param path relative to the tree root, '/'-separated
     */
    public record Change(String path, FileOutcome outcome, UnifiedDiff.FileDiff diff) {}

    /** A rendered patch: its file name in the output directory and its bytes. */
    public record Patch(String fileName, String subject, byte[] bytes) {}

    /**
     * @param kernelTree paths are relative to a kernel tree (so subsystem conventions apply)
     * @param date the Date: header (fixed for reproducible output)
     * @param tool the signature line, e.g. "kvlint 0.1.0"
     */
    public static List<Patch> render(List<Change> changes, Identity author, Instant date, boolean kernelTree, String tool) {
        Map<String, List<Change>> byDir = new TreeMap<>();
        for (Change c : changes) {
            byDir.computeIfAbsent(Subsystem.directoryOf(c.path()), d -> new ArrayList<>()).add(c);
        }
        List<Patch> out = new ArrayList<>();
        int n = 0;
        for (var e : byDir.entrySet()) {
            n++;
            List<Change> files = e.getValue().stream().sorted(java.util.Comparator.comparing(Change::path)).toList();
            out.add(patch(n, byDir.size(), e.getKey(), files, author, date, kernelTree, tool));
        }
        return out;
    }

    private static Patch patch(int n, int total, String dir, List<Change> files, Identity author, Instant date,
                               boolean kernelTree, String tool) {
        String fallback = files.getFirst().path().replaceAll(".*/", "").replaceAll("\\.[ch]$", "");
        String prefix = Subsystem.prefix(dir, kernelTree, fallback);
        Set<String> rules = new TreeSet<>();
        files.forEach(f -> f.outcome().applied().forEach(a -> rules.add(a.finding().ruleId())));
        Kind main = rules.stream().map(Kind::of).min(Enum::compareTo).orElse(Kind.OTHER);
        String summary = main == Kind.MISMATCH && !allToKvfree(files) ? "fix mismatched kmalloc()/vmalloc() frees"
                : main == Kind.OTHER ? "apply kvlint fixes (" + String.join(", ", rules) + ")" : main.subject;
        String subject = prefix + ": " + summary;
        String tag = total == 1 ? "[PATCH]" : "[PATCH " + n + "/" + total + "]";

        StringBuilder body = new StringBuilder();
        Set<Kind> kinds = new LinkedHashSet<>();
        rules.stream().map(Kind::of).sorted().forEach(kinds::add);
        boolean freesConverted = files.stream().flatMap(f -> f.outcome().applied().stream())
                .anyMatch(a -> a.fix().description().contains("kvfree"));
        boolean freesSaid = false;
        for (Kind k : kinds) {
            String why = k == Kind.OTHER ? otherWhy(rules) : k.why;
            if ((k == Kind.ALLOC || k == Kind.THRESHOLD) && freesConverted && !freesSaid) {
                why = why + "\n\n" + Kind.ALLOC_FREES;
                freesSaid = true;
            }
            body.append(wrap(why)).append("\n\n");
        }
        List<String> items = new ArrayList<>();
        for (Change c : files) {
            String file = c.path().substring(c.path().lastIndexOf('/') + 1);
            for (Decision.Applied a : c.outcome().applied()) {
                String fn = functionAt(c.outcome().before(), a.finding().span().startLine());
                items.add(file + ": " + (fn.isEmpty() ? "" : fn + "(): ") + a.fix().description());
            }
        }
        List<String> distinct = items.stream().distinct().toList();
        if (distinct.size() > 1) {
            for (String item : distinct) {
                body.append(wrapItem(item)).append('\n');
            }
            body.append('\n');
        }
        body.append(wrap("Found and rewritten by kvlint (" + String.join(", ", rules) + ")" + ".")).append("\n\n");
        body.append("Signed-off-by: ").append(author).append('\n');

        ByteArrayOutputStream diffs = new ByteArrayOutputStream();
        int ins = 0;
        int del = 0;
        for (Change c : files) {
            diffs.writeBytes(c.diff().bytes());
            ins += c.diff().insertions();
            del += c.diff().deletions();
        }
        String stat = diffstat(files, ins, del);
        byte[] diffBytes = diffs.toByteArray();
        boolean eightBit = !isAscii(body.toString()) || !isAscii(author.toString()) || !isAscii(diffBytes);
        StringBuilder head = new StringBuilder();
        head.append("From ").append(commitLike(subject, diffBytes)).append(" Mon Sep 17 00:00:00 2001\n");
        head.append("From: ").append(encodedName(author)).append(" <").append(author.email()).append(">\n");
        head.append("Date: ").append(DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
                .format(date.atZone(ZoneOffset.UTC))).append('\n');
        head.append("Subject: ").append(tag).append(' ').append(subject).append('\n');
        if (eightBit) {
            head.append("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n");
        }
        head.append('\n').append(body).append("---\n").append(stat).append('\n');
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        all.writeBytes(diffBytes);
        all.writeBytes(("-- \n" + tool + "\n\n").getBytes(StandardCharsets.UTF_8));
        return new Patch(String.format(Locale.ROOT, "%04d-%s.patch", n, sanitize(subject)), tag + " " + subject,
                all.toByteArray());
    }

    /** The kinds of change a patch can make, in subject priority order. */
    enum Kind {
        ALLOC("use kvmalloc() instead of open-coded vmalloc fallback",
                "An open-coded kmalloc() -> vmalloc() fallback does not work the way it reads: a GFP_KERNEL"
                        + " kmalloc() of up to 8 pages (order 3) does not fail, it retries forever and may"
                        + " invoke the OOM killer, so the vmalloc() fallback does not run when it matters. kvmalloc() tries kmalloc() with __GFP_NORETRY | __GFP_NOWARN"
                        + " for sizes above PAGE_SIZE and then falls back to vmalloc() itself, in one call."),
        THRESHOLD("use kvmalloc() instead of choosing the allocator by size",
                "kvmalloc() makes this choice itself: sizes up to PAGE_SIZE come from kmalloc(), larger ones"
                        + " from kmalloc() when that succeeds without retrying (__GFP_NORETRY | __GFP_NOWARN),"
                        + " else from vmalloc(). A size threshold open-codes it, never gets physically"
                        + " contiguous memory for large sizes and needs a free that repeats the threshold."),
        OPEN_CODED_FREE("use kvfree() instead of open-coding it",
                "kvfree() is exactly is_vmalloc_addr(p) ? vfree(p) : kfree(p); use it instead of open-coding it."),
        MISMATCH("free kvmalloc() memory with kvfree()",
                "Freeing memory with the wrong function is a bug: kfree() of vmalloc() memory corrupts memory"
                        + " or oopses, vfree() of kmalloc() memory warns and leaks it, and memory from"
                        + " kvmalloc() may come from either allocator. kvfree() frees all of them."),
        ZEROING("allocate zeroed memory instead of memset()",
                "vzalloc() and kvzalloc() return zeroed memory; clearing it with memset() right after the"
                        + " allocation is redundant."),
        SMALL("use kmalloc() for small constant-size allocations",
                "kvmalloc() never falls back to vmalloc() for sizes up to PAGE_SIZE, so for a small constant"
                        + " size kmalloc() does the same and says so."),
        OTHER("", "");

        static final String ALLOC_FREES = "Memory from kvmalloc() may come from either allocator, so it must be"
                + " freed with kvfree(); the kfree()/vfree() calls that free it are converted in the same patch.";

        final String subject;
        final String why;

        Kind(String subject, String why) {
            this.subject = subject;
            this.why = why;
        }

        static Kind of(String ruleId) {
            return switch (ruleId) {
                case "KV001", "KV008" -> ALLOC;
                case "KV002" -> THRESHOLD;
                case "KV003" -> OPEN_CODED_FREE;
                case "KV004", "KV005" -> MISMATCH;
                case "KV009" -> ZEROING;
                case "KV007" -> SMALL;
                default -> OTHER;
            };
        }
    }

    private static boolean allToKvfree(List<Change> files) {
        return files.stream().flatMap(f -> f.outcome().applied().stream())
                .filter(a -> Kind.of(a.finding().ruleId()) == Kind.MISMATCH)
                .allMatch(a -> a.fix().description().contains("kvfree"));
    }

    private static String otherWhy(Set<String> rules) {
        RuleCatalog catalog = RuleCatalog.standard();
        List<String> out = new ArrayList<>();
        for (String r : rules) {
            if (Kind.of(r) == Kind.OTHER) {
                catalog.meta(r).ifPresent(m -> out.add(Character.toUpperCase(m.summary().charAt(0))
                        + m.summary().substring(1) + " (" + r + ")."));
            }
        }
        return String.join(" ", out);
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

    private static String diffstat(List<Change> files, int ins, int del) {
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
        out.append(' ').append(files.size()).append(files.size() == 1 ? " file changed" : " files changed");
        if (ins > 0) {
            out.append(", ").append(ins).append(ins == 1 ? " insertion(+)" : " insertions(+)");
        }
        if (del > 0) {
            out.append(", ").append(del).append(del == 1 ? " deletion(-)" : " deletions(-)");
        }
        return out.append('\n').toString();
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

    /** RFC 2047 for a non-ASCII display name, quoted when it holds specials. */
    private static String encodedName(Identity id) {
        String name = id.name();
        if (isAscii(name)) {
            return name.matches("[A-Za-z0-9 !#$%&'*+/=?^_`{|}~.-]*") ? name : "\"" + name.replace("\"", "\\\"") + "\"";
        }
        StringBuilder q = new StringBuilder("=?UTF-8?q?");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                q.append((char) c);
            } else if (c == ' ') {
                q.append('_');
            } else {
                q.append('=').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return q.append("?=").toString();
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
