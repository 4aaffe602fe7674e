package org.kvlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.FunctionFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.MemorySource;
import org.kvlint.rules.MismatchedFrees.Release;

/**
 * KV004: memory that may come from vmalloc (or kvmalloc's fallback) is freed with
 * {@code kfree()}/{@code kfree_sensitive()}/{@code kzfree()}, passed to {@code krealloc()}, or to
 * a helper that frees it like {@code kfree()}. See {@code rules/KV004.md}.
 */
public final class KfreeOfVmallocRule implements Rule {
    public static final String ID = "KV004";

    private static final KernelVersion V5_8 = new KernelVersion(5, 8, 0);
    private static final KernelVersion V5_9 = new KernelVersion(5, 9, 0);
    private static final KernelVersion V5_15 = new KernelVersion(5, 15, 0);
    private static final KernelVersion V6_12 = new KernelVersion(6, 12, 0);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (MismatchedFrees.Mismatch m : MismatchedFrees.mismatches(facts, ctx, Family.KMALLOC, Family.VMALLOC)) {
            out.add(finding(facts, ctx, m.release(), m.bad()));
        }
        return out;
    }

    private static Finding finding(FileFacts facts, RuleContext ctx, Release r, List<MemorySource> bad) {
        KernelVersion kernel = facts.kernel();
        String ptr = r.pointer();
        MemorySource first = bad.getFirst();
        boolean vmallocOnly = !r.reach().unknown() && r.reach().sources().stream()
                .allMatch(s -> s.families().equals(java.util.EnumSet.of(Family.VMALLOC)));
        String freedWith = r.api() != null ? r.api().name() + "()"
                : r.wrapper().kind().words() + " by " + r.wrapper().function() + "() (" + r.wrapper().evidence() + ")";
        String verb = r.api() != null && r.api().role() == ApiFunction.Role.REALLOC ? "resized with " : "freed with ";
        StringBuilder m = new StringBuilder();
        m.append(bad.size() == 1 && r.reach().sources().size() == 1 ? "memory from " : "memory that may come from ")
                .append(MismatchedFrees.describe(first));
        if (bad.size() > 1) {
            m.append(" (and ").append(bad.size() - 1).append(" more)");
        }
        m.append(" is ").append(verb).append(freedWith).append("; ").append(why(first, r, facts.file().displayPath()));
        List<Fix> fixes = new ArrayList<>();
        m.append(advice(ctx, r, kernel, vmallocOnly, fixes));
        return new Finding(KfreeOfVmallocRule.ID, Level.ERROR, facts.file().displayPath(), Span.of(r.free().loc()),
                m.toString(), MismatchedFrees.related(bad, ptr), fixes);
    }

    /** Why this memory cannot take this free. */
    private static String why(MemorySource s, Release r, String here) {
        String kf = r.api() != null ? r.api().name() + "()" : "kfree()";
        if (s.wrapper() != null) {
            String ev = s.wrapper().evidence().getOrDefault(s.families().contains(Family.VMALLOC) ? Family.VMALLOC : Family.KV, "");
            return s.callee() + "() " + s.wrapperVerb("vmalloc") + " (" + ev
                    + (s.wrapper().file().equals(here) ? "" : " in " + s.wrapper().file()) + ")";
        }
        if (s.families().contains(Family.KV)) {
            return s.callee() + "() falls back to vmalloc under memory pressure";
        }
        return "vmalloc memory is not slab memory, " + kf + " on it corrupts memory";
    }

    private static String advice(RuleContext ctx, Release r, KernelVersion kernel, boolean vmallocOnly, List<Fix> fixes) {
        if (r.wrapper() != null) {
            return "; make " + r.wrapper().function() + "() use kvfree()";
        }
        String name = r.api().name();
        boolean hasKvfree = kernel.atLeast(MismatchedFrees.KVFREE_SINCE);
        Optional<String> sleep;
        switch (name) {
            case "kfree_rcu" -> {
                return "; before 5.9 kfree_rcu() ends in kfree() (this tree is " + kernel
                        + "): use call_rcu() with a callback that calls kvfree()";
            }
            case "krealloc", "krealloc_array" -> {
                if (kernel.atLeast(V6_12) && name.equals("krealloc")) {
                    fixes.add(MismatchedFrees.rename(r, "kvrealloc", Fix.Applicability.UNSAFE,
                            "the result may now be vmalloc memory: every free of it must be kvfree()",
                            "use kvrealloc()"));
                    return "; use kvrealloc(" + r.pointer() + ", size, gfp) and free the result with kvfree()";
                }
                if (kernel.atLeast(V5_15)) {
                    return "; use kvrealloc(" + r.pointer() + ", oldsize, newsize, gfp) (the 5.15-6.11 signature, this tree is " + kernel
                            + ") and free the result with kvfree()";
                }
                return "; kvrealloc() needs 5.15 (this tree is " + kernel
                        + "): allocate with kvmalloc(), copy and kvfree() the old buffer";
            }
            case "kfree_sensitive", "kzfree" -> {
                if (!kernel.atLeast(V5_8)) {
                    return "; kvfree_sensitive() needs 5.8 (this tree is " + kernel
                            + "): memzero_explicit() the buffer, then kvfree() it";
                }
                Optional<String> len = derivableSize(ctx, r);
                if (len.isEmpty()) {
                    return "; use kvfree_sensitive(" + r.pointer() + ", size) with the allocated size";
                }
                sleep = MismatchedFrees.sleepProblem(r, "kvfree_sensitive()");
                int close = r.free().loc().endByte() - 1; // the call's ')'
                org.kvlint.facts.Loc nameLoc = r.free().nameLoc();
                fixes.add(new Fix("use kvfree_sensitive()", List.of(
                        new Fix.TextEdit(nameLoc.startByte(), nameLoc.endByte(), "kvfree_sensitive"),
                        new Fix.TextEdit(close, close, ", " + len.get())),
                        sleep.isPresent() ? Fix.Applicability.UNSAFE : Fix.Applicability.SAFE, sleep.orElse("")));
                return "; use kvfree_sensitive(" + r.pointer() + ", " + len.get() + ")";
            }
            default -> {
                if (vmallocOnly) {
                    sleep = MismatchedFrees.sleepProblem(r, "vfree()");
                    Fix.Applicability a = sleep.isPresent() ? Fix.Applicability.UNSAFE : Fix.Applicability.SAFE;
                    fixes.add(MismatchedFrees.rename(r, "vfree", a, sleep.orElse(""), "use vfree()"));
                    if (hasKvfree) {
                        fixes.add(MismatchedFrees.rename(r, "kvfree", a, sleep.orElse(""), "use kvfree()"));
                    }
                    return "; use vfree()" + (hasKvfree ? " or kvfree()" : "");
                }
                if (!hasKvfree) {
                    return "; kvfree() needs 3.15 (this tree is " + kernel + "): free with is_vmalloc_addr("
                            + r.pointer() + ") ? vfree() : kfree()";
                }
                sleep = MismatchedFrees.sleepProblem(r, "kvfree()");
                fixes.add(Fix.completing(MismatchedFrees.rename(r, "kvfree",
                        sleep.isPresent() ? Fix.Applicability.UNSAFE : Fix.Applicability.SAFE, sleep.orElse(""),
                        "use kvfree()"), storedIn(r)));
                return "; use kvfree()";
            }
        }
    }

    /**
     * The freed pointer is a struct member: other files may free the same member of the same
     * memory with kfree() too, which the fix stage converts in the same change. The struct type
     * is left for the fix stage to read from the free's place.
     */
    private static List<Escape> storedIn(Release r) {
        String p = r.pointer();
        int at = Math.max(p.lastIndexOf("->") + 2, p.lastIndexOf('.') + 1);
        if (at <= 1 || !p.substring(at).matches("[A-Za-z_]\\w*")) {
            return List.of();
        }
        int line = r.free().loc().line();
        return List.of(new Escape.Field("", p.substring(at), "'" + p + "'", line, "'" + p
                + "' may be freed with kfree() in other files too"));
    }

    private static final java.util.regex.Pattern CALL = java.util.regex.Pattern.compile("([A-Za-z_]\\w*)\\s*\\(");
    private static final java.util.regex.Pattern OPERATOR = java.util.regex.Pattern.compile("[-+*/%<>&|^?]");

    /**
     * The allocated size, when every source is a table allocation in the free's own function
     * with the same size expression, made of names that function never writes and of no call
     * but {@code array_size()}/{@code struct_size()}/{@code sizeof}.
     */
    private static Optional<String> derivableSize(RuleContext ctx, Release r) {
        if (r.reach().unknown()) {
            return Optional.empty();
        }
        String canonical = null;
        String written = null;
        for (MemorySource s : r.reach().sources()) {
            Optional<FunctionFacts.AllocFact> alloc = r.fn().allocation(s.site());
            Optional<ApiFunction> api = ctx.api().lookup(s.callee());
            if (!s.table() || s.crossFunction() || alloc.isEmpty() || api.isEmpty() || api.get().sizeArgs().isEmpty()) {
                return Optional.empty();
            }
            List<String> parts = new ArrayList<>();
            for (int i : api.get().sizeArgs()) {
                if (i >= alloc.get().args().size()) {
                    return Optional.empty();
                }
                parts.add(alloc.get().args().get(i));
            }
            String c = String.join("*", parts.stream().map(p -> p.replaceAll("\\s+", "")).toList());
            if (canonical != null && !canonical.equals(c)) {
                return Optional.empty();
            }
            canonical = c;
            written = String.join(" * ", parts.stream().map(p -> parts.size() > 1 && OPERATOR.matcher(p).find()
                    ? "(" + p + ")" : p).toList());
        }
        if (canonical == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = CALL.matcher(canonical);
        while (m.find()) {
            if (!Set.of("array_size", "struct_size", "sizeof").contains(m.group(1))) {
                return Optional.empty(); // a call may not give the same value twice
            }
        }
        for (String w : r.free().written()) {
            if (org.kvlint.facts.Guard.mentions(canonical, w)) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(written);
    }
}
