package org.kvlint.facts;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GFP mask as written in source: the set of flag names OR-ed together, with composites
 * (GFP_KERNEL, GFP_ATOMIC, ...) expanded to the bits that matter for the rules.
 *
 * @param text the expression as written
 * @param names every identifier in it (composites and modifiers)
 * @param removed flags explicitly cleared with {@code & ~FLAG}
 */
public record Gfp(String text, Set<String> names, Set<String> removed) {
    private static final Pattern IDENT = Pattern.compile("(~\\s*)?\\b([A-Za-z_][A-Za-z0-9_]*)\\b");

    /** Composite masks that allow direct reclaim (may sleep). */
    private static final Set<String> BLOCKING = Set.of("GFP_KERNEL", "GFP_KERNEL_ACCOUNT", "GFP_USER",
            "GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE", "GFP_NOFS", "GFP_NOIO", "GFP_TEMPORARY", "__GFP_DIRECT_RECLAIM",
            "__GFP_RECLAIM", "GFP_DMA", "GFP_DMA32", "__GFP_NOFAIL");
    private static final Set<String> NON_BLOCKING = Set.of("GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOWAIT_NOWARN");

    public static Gfp parse(String text) {
        Set<String> names = new TreeSet<>();
        Set<String> removed = new TreeSet<>();
        Matcher m = IDENT.matcher(text);
        while (m.find()) {
            (m.group(1) != null ? removed : names).add(m.group(2));
        }
        return new Gfp(text.strip(), names, removed);
    }

    public boolean has(String flag) {
        return names.contains(flag) && !removed.contains(flag);
    }

    /** May this mask sleep (direct reclaim)? Unknown masks (a variable) count as blocking. */
    public boolean blocking() {
        if (removed.contains("__GFP_DIRECT_RECLAIM") || removed.contains("__GFP_RECLAIM")) {
            return false;
        }
        for (String n : names) {
            if (NON_BLOCKING.contains(n)) {
                return false;
            }
        }
        return true;
    }

    /** True when the mask is plainly known (only GFP_* / __GFP_* names), not a variable. */
    public boolean known() {
        return names.stream().allMatch(n -> n.startsWith("GFP_") || n.startsWith("__GFP_"));
    }

    /** Does the mask name GFP_ATOMIC/GFP_NOWAIT, i.e. was it written for a context that cannot sleep? */
    public boolean atomicContext() {
        return names.stream().anyMatch(NON_BLOCKING::contains);
    }

    /** The non-blocking composite named in the mask (GFP_ATOMIC/GFP_NOWAIT), if any. */
    public String nonBlockingName() {
        return names.stream().filter(NON_BLOCKING::contains).findFirst().orElse("a non-blocking mask");
    }

    /** True for masks that only work with kvmalloc on 5.17+ (GFP_NOFS, GFP_NOIO, __GFP_NOFAIL). */
    public List<String> needs517() {
        return names.stream().filter(n -> Set.of("GFP_NOFS", "GFP_NOIO", "__GFP_NOFAIL").contains(n)).toList();
    }

    static boolean isBlockingComposite(String name) {
        return BLOCKING.contains(name);
    }
}
