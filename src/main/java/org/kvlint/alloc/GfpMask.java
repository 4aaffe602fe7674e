package org.kvlint.alloc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A GFP mask as a set of symbolic flags (§3.2, §5.2). Immutable value type; equal masks are equal
 * records whatever composite names they were written with ({@code GFP_KERNEL & ~__GFP_FS} equals
 * {@code GFP_NOFS}).
 *
 * @param flags the bits, as an unmodifiable set
 */
public record GfpMask(Set<GfpFlag> flags) {

    public static final GfpMask NONE = of();
    /** {@code __GFP_RECLAIM} = DIRECT_RECLAIM | KSWAPD_RECLAIM. */
    public static final GfpMask RECLAIM = of(GfpFlag.DIRECT_RECLAIM, GfpFlag.KSWAPD_RECLAIM);
    public static final GfpMask GFP_KERNEL = RECLAIM.plus(GfpFlag.IO, GfpFlag.FS);
    public static final GfpMask GFP_NOFS = GFP_KERNEL.minus(GfpFlag.FS);
    public static final GfpMask GFP_NOIO = GFP_NOFS.minus(GfpFlag.IO);
    public static final GfpMask GFP_NOWAIT = of(GfpFlag.KSWAPD_RECLAIM);
    /** 6.1 definition (with {@code __GFP_ATOMIC}, removed in 6.4); the model only asks "blocking?". */
    public static final GfpMask GFP_ATOMIC = of(GfpFlag.HIGH, GfpFlag.ATOMIC, GfpFlag.KSWAPD_RECLAIM);
    public static final GfpMask GFP_KERNEL_ACCOUNT = GFP_KERNEL.plus(GfpFlag.ACCOUNT);
    public static final GfpMask GFP_USER = GFP_KERNEL.plus(GfpFlag.HARDWALL);
    public static final GfpMask GFP_HIGHUSER = GFP_USER.plus(GfpFlag.HIGHMEM);
    public static final GfpMask GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER.plus(GfpFlag.MOVABLE);
    public static final GfpMask GFP_DMA = of(GfpFlag.DMA);
    public static final GfpMask GFP_DMA32 = of(GfpFlag.DMA32);

    /**
     * Composite names the parser accepts, largest first: {@link #toC()} picks the first one
     * contained in a mask, so the order decides the canonical spelling.
     */
    private static final Map<String, GfpMask> COMPOSITES = composites();

    private static Map<String, GfpMask> composites() {
        Map<String, GfpMask> m = new LinkedHashMap<>();
        m.put("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE);
        m.put("GFP_HIGHUSER", GFP_HIGHUSER);
        m.put("GFP_KERNEL_ACCOUNT", GFP_KERNEL_ACCOUNT);
        m.put("GFP_USER", GFP_USER);
        m.put("GFP_KERNEL", GFP_KERNEL);
        m.put("GFP_NOFS", GFP_NOFS);
        m.put("GFP_NOIO", GFP_NOIO);
        m.put("GFP_ATOMIC", GFP_ATOMIC);
        m.put("__GFP_RECLAIM", RECLAIM);
        m.put("GFP_NOWAIT", GFP_NOWAIT);
        m.put("GFP_DMA32", GFP_DMA32);
        m.put("GFP_DMA", GFP_DMA);
        return Collections.unmodifiableMap(m);
    }

    public GfpMask {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(GfpFlag.class) : EnumSet.copyOf(flags));
    }

    public static GfpMask of(GfpFlag... flags) {
        EnumSet<GfpFlag> s = EnumSet.noneOf(GfpFlag.class);
        Collections.addAll(s, flags);
        return new GfpMask(s);
    }

    /** Parses C text such as {@code GFP_KERNEL | __GFP_NOWARN} or {@code GFP_KERNEL & ~__GFP_FS}. */
    public static GfpMask parse(String cText) {
        return new Parser(cText).parse();
    }

    /** The mask named {@code name} (a composite or a {@code __GFP_*} bit), if there is one. */
    public static java.util.Optional<GfpMask> named(String name) {
        GfpMask composite = COMPOSITES.get(name);
        if (composite != null) {
            return java.util.Optional.of(composite);
        }
        if (name.startsWith("__GFP_")) {
            String bit = name.substring("__GFP_".length());
            for (GfpFlag f : GfpFlag.values()) {
                if (f.name().equals(bit)) {
                    return java.util.Optional.of(of(f));
                }
            }
        }
        return java.util.Optional.empty();
    }

    public boolean has(GfpFlag flag) {
        return flags.contains(flag);
    }

    public boolean containsAll(GfpMask other) {
        return flags.containsAll(other.flags);
    }

    /** {@code gfpflags_allow_blocking()}: the caller may sleep (§3.2 "Atomic = !DIRECT_RECLAIM"). */
    public boolean blocking() {
        return has(GfpFlag.DIRECT_RECLAIM);
    }

    public GfpMask plus(GfpFlag... more) {
        EnumSet<GfpFlag> s = copy();
        Collections.addAll(s, more);
        return new GfpMask(s);
    }

    public GfpMask minus(GfpFlag... less) {
        EnumSet<GfpFlag> s = copy();
        for (GfpFlag f : less) {
            s.remove(f);
        }
        return new GfpMask(s);
    }

    public GfpMask union(GfpMask other) {
        EnumSet<GfpFlag> s = copy();
        s.addAll(other.flags);
        return new GfpMask(s);
    }

    public GfpMask intersect(GfpMask other) {
        EnumSet<GfpFlag> s = copy();
        s.retainAll(other.flags);
        return new GfpMask(s);
    }

    public GfpMask complement() {
        return new GfpMask(EnumSet.complementOf(copy()));
    }

    private EnumSet<GfpFlag> copy() {
        return flags.isEmpty() ? EnumSet.noneOf(GfpFlag.class) : EnumSet.copyOf(flags);
    }

    /**
     * Canonical C text: the largest composite contained in the mask, then the remaining bits
     * OR-ed in declaration order ({@code GFP_KERNEL | __GFP_NOWARN}); {@code 0} for the empty mask.
     * {@code parse(m.toC())} equals {@code m}.
     */
    public String toC() {
        EnumSet<GfpFlag> rest = copy();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, GfpMask> e : COMPOSITES.entrySet()) {
            if (flags.containsAll(e.getValue().flags)) {
                parts.add(e.getKey());
                rest.removeAll(e.getValue().flags);
                break;
            }
        }
        rest.forEach(f -> parts.add(f.cName()));
        if (parts.isEmpty()) {
            return "0";
        }
        StringJoiner j = new StringJoiner(" | ");
        parts.forEach(j::add);
        return j.toString();
    }

    @Override
    public String toString() {
        return toC();
    }

    /**
     * Recursive-descent parser over C precedence: {@code |} below {@code &} below unary {@code ~};
     * parentheses; identifiers; the literal {@code 0}. {@code ~x} is the complement over all
     * symbolic flags, which is what {@code mask & ~flag} needs.
     */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        GfpMask parse() {
            GfpMask m = or();
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
            return m;
        }

        private GfpMask or() {
            GfpMask m = and();
            while (accept('|')) {
                m = m.union(and());
            }
            return m;
        }

        private GfpMask and() {
            GfpMask m = unary();
            while (accept('&')) {
                m = m.intersect(unary());
            }
            return m;
        }

        private GfpMask unary() {
            if (accept('~')) {
                return unary().complement();
            }
            if (accept('(')) {
                GfpMask m = or();
                if (!accept(')')) {
                    throw error("missing ')'");
                }
                return m;
            }
            skipSpace();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos);
            if (word.isEmpty()) {
                throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end");
            }
            if (word.equals("0") || word.equals("0U") || word.equals("0u")) {
                return NONE;
            }
            return named(word).orElseThrow(() -> error("unknown GFP name " + word));
        }

        private boolean accept(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad GFP expression '" + text + "' at " + pos + ": " + what);
        }
    }
}
