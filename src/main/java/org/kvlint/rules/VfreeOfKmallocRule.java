package org.kvlint.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.ApiFunction.Family;
import org.kvlint.facts.FileFacts;
import org.kvlint.facts.KernelVersion;
import org.kvlint.facts.MemorySource;
import org.kvlint.rules.MismatchedFrees.Release;

/**
 * KV005: memory from kmalloc (or kvmalloc's first try) is freed with {@code vfree()} /
 * {@code vfree_atomic()}, or by a helper that frees it like {@code vfree()}. See
 * {@code rules/KV005.md}.
 */
public final class VfreeOfKmallocRule implements Rule {
    public static final String ID = "KV005";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> check(FileFacts facts, RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (MismatchedFrees.Mismatch m : MismatchedFrees.mismatches(facts, ctx, Family.VMALLOC, Family.KMALLOC)) {
            out.add(finding(facts, ctx, m.release(), m.bad()));
        }
        return out;
    }

    private static Finding finding(FileFacts facts, RuleContext ctx, Release r, List<MemorySource> bad) {
        KernelVersion kernel = facts.kernel();
        MemorySource first = bad.getFirst();
        boolean kmallocOnly = !r.reach().unknown() && r.reach().sources().stream()
                .allMatch(s -> s.families().equals(EnumSet.of(Family.KMALLOC)));
        String freedWith = r.api() != null ? r.api().name() + "()"
                : r.wrapper().kind().words() + " by " + r.wrapper().function() + "() (" + r.wrapper().evidence() + ")";
        StringBuilder m = new StringBuilder();
        m.append(bad.size() == 1 && r.reach().sources().size() == 1 ? "memory from " : "memory that may come from ")
                .append(MismatchedFrees.describe(first));
        if (bad.size() > 1) {
            m.append(" (and ").append(bad.size() - 1).append(" more)");
        }
        m.append(" is freed with ").append(freedWith).append("; ").append(why(first, r, facts.file().displayPath()));
        List<Fix> fixes = new ArrayList<>();
        if (r.wrapper() != null) {
            m.append("; make ").append(r.wrapper().function()).append("() use kvfree()");
        } else {
            boolean atomic = r.api().name().equals("vfree_atomic");
            boolean hasKvfree = kernel.atLeast(MismatchedFrees.KVFREE_SINCE);
            if (kmallocOnly) {
                Optional<String> special = r.reach().sources().stream()
                        .map(s -> !s.table() ? null : ctx.api().lookup(s.callee()).flatMap(ApiFunction::properFreeName).orElse(null))
                        .filter(java.util.Objects::nonNull).findFirst();
                String kf = special.orElse("kfree");
                fixes.add(MismatchedFrees.rename(r, kf, Fix.Applicability.SAFE, "", "use " + kf + "()"));
                if (hasKvfree && special.isEmpty() && !atomic) {
                    fixes.add(MismatchedFrees.rename(r, "kvfree", Fix.Applicability.SAFE, "", "use kvfree()"));
                }
                m.append("; use ").append(kf).append("()");
            } else if (!hasKvfree) {
                m.append("; kvfree() needs 3.15 (this tree is ").append(kernel).append("): free with is_vmalloc_addr(")
                        .append(r.pointer()).append(") ? vfree() : kfree()");
            } else if (atomic) {
                fixes.add(MismatchedFrees.rename(r, "kvfree", Fix.Applicability.UNSAFE,
                        "vfree_atomic() is used where sleeping is not allowed, and kvfree() may sleep for vmalloc memory",
                        "use kvfree()"));
                m.append("; use kvfree() outside the atomic section, or kvfree_rcu()");
            } else {
                fixes.add(MismatchedFrees.rename(r, "kvfree", Fix.Applicability.SAFE, "", "use kvfree()"));
                m.append("; use kvfree()");
            }
        }
        return new Finding(ID, Level.ERROR, facts.file().displayPath(), Span.of(r.free().loc()), m.toString(),
                MismatchedFrees.related(bad, r.pointer()), fixes);
    }

    private static String why(MemorySource s, Release r, String here) {
        String vf = r.api() != null ? r.api().name() + "()" : "vfree()";
        if (s.wrapper() != null) {
            String ev = s.wrapper().evidence().getOrDefault(s.families().contains(Family.KMALLOC) ? Family.KMALLOC : Family.KV, "");
            return s.callee() + "() " + s.wrapperVerb("kmalloc") + " (" + ev + (s.wrapper().file().equals(here) ? "" : " in " + s.wrapper().file()) + ")";
        }
        if (s.families().contains(Family.KV)) {
            return s.callee() + "() returns kmalloc memory unless it had to fall back, and " + vf + " warns and leaks it";
        }
        return vf + " of kmalloc memory warns and leaks it";
    }
}
