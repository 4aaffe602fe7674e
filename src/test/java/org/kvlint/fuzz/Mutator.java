package org.kvlint.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutates kernel-like C the way half-edited, truncated, damaged or generated code looks: lines
 * deleted, duplicated, swapped or taken from another file; a cut anywhere; bytes flipped
 * (invalid UTF-8 and NUL included); unbalanced braces and parentheses; stray {@code #if},
 * {@code #else}, {@code #endif} and macro continuations; CRLF line ends. Deterministic: the same
 * seed, pool and random state give the same bytes, so every input is reproducible by its number.
 */
public final class Mutator {
    /** Bytes a flip chooses from: C punctuation, digits, letters, invalid UTF-8, control bytes. */
    private static final byte[] FLIPS = "{}()[];,*&|!=<>?:#\\\"'/.-+0x1_a\n\t ".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] DIRECTIVES = {"#if 0\n", "#if defined(CONFIG_X)\n", "#ifdef CONFIG_Y\n", "#else\n",
        "#elif X\n", "#endif\n", "#define M(x) do { \\\n", "#include <linux/slab.h>\n", "\\\n"};
    private static final String[] FRAGMENTS = {"{", "}", "(", ")", "{\n", "}\n", "/*", "*/", "\"", "'", "->", "? ",
        ": ", "if (", "else ", "goto out;\n", "return ", "({ ", " })", "kfree(", "vfree(", "kvfree(", "= kmalloc(",
        "= vmalloc(", "GFP_KERNEL", "__GFP_NOWARN | ", "sizeof(*p)", "[i]", "->buf", ";"};

    private Mutator() {}

    /**
     * One input: {@code seed} with 1 to 4 mutations, drawing lines to splice from {@code pool}.
     *
     * @param log receives one word per mutation, for the record of a failing input
     */
    public static byte[] mutate(byte[] seed, List<byte[]> pool, SplittableRandom r, StringBuilder log) {
        byte[] b = seed;
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int op = r.nextInt(12);
            log.append(i == 0 ? "" : ",");
            b = switch (op) {
                case 0, 1 -> { log.append("delete-lines"); yield deleteLines(b, r); }
                case 2 -> { log.append("duplicate-lines"); yield duplicateLines(b, r); }
                case 3 -> { log.append("truncate"); yield truncate(b, r); }
                case 4, 5 -> { log.append("flip-bytes"); yield flipBytes(b, r); }
                case 6, 7 -> { log.append("unbalance"); yield insert(b, r.nextInt(b.length + 1),
                        FRAGMENTS[r.nextInt(FRAGMENTS.length)]); }
                case 8 -> { log.append("directive"); yield insert(b, lineStart(b, r),
                        DIRECTIVES[r.nextInt(DIRECTIVES.length)]); }
                case 9 -> { log.append("splice"); yield splice(b, pool.get(r.nextInt(pool.size())), r); }
                case 10 -> { log.append("swap-lines"); yield swapLines(b, r); }
                default -> { log.append("crlf"); yield crlf(b, r); }
            };
        }
        return b;
    }

    static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(b, start, i + 1));
                start = i + 1;
            }
        }
        if (start < b.length) {
            out.add(java.util.Arrays.copyOfRange(b, start, b.length));
        }
        return out;
    }

    static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** 1 to 3 consecutive lines of {@code l} (not empty), as a view. */
    private static List<byte[]> someLines(List<byte[]> l, SplittableRandom r) {
        int at = r.nextInt(l.size());
        return l.subList(at, at + Math.min(1 + r.nextInt(3), l.size() - at));
    }

    private static byte[] deleteLines(byte[] b, SplittableRandom r) {
        List<byte[]> l = lines(b);
        if (!l.isEmpty()) {
            someLines(l, r).clear();
        }
        return join(l);
    }

    private static byte[] duplicateLines(byte[] b, SplittableRandom r) {
        List<byte[]> l = lines(b);
        if (!l.isEmpty()) {
            List<byte[]> copy = new ArrayList<>(someLines(l, r));
            l.addAll(r.nextInt(l.size() + 1), copy);
        }
        return join(l);
    }

    private static byte[] swapLines(byte[] b, SplittableRandom r) {
        List<byte[]> l = lines(b);
        if (l.size() < 2) {
            return b;
        }
        java.util.Collections.swap(l, r.nextInt(l.size()), r.nextInt(l.size()));
        return join(l);
    }

    private static byte[] truncate(byte[] b, SplittableRandom r) {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
    }

    private static byte[] flipBytes(byte[] b, SplittableRandom r) {
        if (b.length == 0) {
            return b;
        }
        byte[] out = b.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(out.length);
            int kind = r.nextInt(10);
            out[at] = kind < 6 ? FLIPS[r.nextInt(FLIPS.length)] // punctuation and friends
                    : kind < 9 ? (byte) (0x80 + r.nextInt(0x80)) // invalid UTF-8 (alone)
                    : (byte) r.nextInt(0x20); // control bytes, NUL included (a binary file)
        }
        return out;
    }

    private static byte[] insert(byte[] b, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[b.length + t.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(t, 0, out, at, t.length);
        System.arraycopy(b, at, out, at + t.length, b.length - at);
        return out;
    }

    private static int lineStart(byte[] b, SplittableRandom r) {
        int at = r.nextInt(b.length + 1);
        while (at > 0 && b[at - 1] != '\n') {
            at--;
        }
        return at;
    }

    /** 1 to 8 lines of another file, at a line start. */
    private static byte[] splice(byte[] b, byte[] other, SplittableRandom r) {
        List<byte[]> from = lines(other);
        if (from.isEmpty()) {
            return b;
        }
        int at = r.nextInt(from.size());
        int n = Math.min(1 + r.nextInt(8), from.size() - at);
        return insert(b, lineStart(b, r), new String(join(from.subList(at, at + n)), StandardCharsets.ISO_8859_1));
    }

    private static byte[] crlf(byte[] b, SplittableRandom r) {
        List<byte[]> l = lines(b);
        for (int i = 0; i < l.size(); i++) {
            byte[] x = l.get(i);
            if (x.length > 0 && x[x.length - 1] == '\n' && (x.length < 2 || x[x.length - 2] != '\r') && r.nextInt(3) == 0) {
                byte[] y = java.util.Arrays.copyOf(x, x.length + 1);
                y[x.length - 1] = '\r';
                y[x.length] = '\n';
                l.set(i, y);
            }
        }
        return join(l);
    }
}
