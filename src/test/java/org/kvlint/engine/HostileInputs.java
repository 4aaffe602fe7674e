package org.kvlint.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated inputs whose size or shape has made analysers blow up (issue 15, point 2): one
 * function with very many statements, long chains of ternaries and {@code else if}, a file that
 * is one huge line, a generated register header like amdgpu's, one function with very many
 * open-coded fallbacks. Each also holds open-coded kmalloc -> vmalloc fallbacks, so a scan must
 * still report findings.
 *
 * <p>Used small by {@code LinearityTest} (finishes and reports) and large by
 * {@code bench/linearity.sh}, which runs this file as a program (JDK classes only):
 * {@code java src/test/java/org/kvlint/engine/HostileInputs.java OUT_DIR [ROW...]}.
 */
public final class HostileInputs {
    private HostileInputs() {}

    /** One open-coded fallback for {@code s->NAME}: one KV001 finding. */
    static String fallbackStatements(String field) {
        return "\ts->" + field + " = kmalloc(n, GFP_KERNEL);\n\tif (!s->" + field + ")\n\t\ts->" + field
                + " = vmalloc(n);\n";
    }

    /** A small function with one fallback (one finding). */
    static String fallbackFunction(String name) {
        return "static int " + name + "(struct st *s, size_t n)\n{\n" + fallbackStatements("buf")
                + "\tif (!s->buf)\n\t\treturn -ENOMEM;\n\treturn 0;\n}\n";
    }

    /** One function: a fallback, then {@code n} ordinary statements (assignments, calls, ifs, loops). */
    static String statements(int n) {
        StringBuilder b = new StringBuilder("static int big(struct st *s, size_t n, int *v)\n{\n\tint i = 0, x = 0;\n\n");
        b.append(fallbackStatements("buf"));
        for (int k = 0; k < n; k++) {
            switch (k % 5) {
                case 0 -> b.append("\tx += v[").append(k % 97).append("] * ").append(k).append(";\n");
                case 1 -> b.append("\tif (x > ").append(k).append(")\n\t\tx -= s->lim;\n");
                case 2 -> b.append("\thelper_").append(k % 13).append("(s, x, ").append(k).append(");\n");
                case 3 -> b.append("\tfor (i = 0; i < ").append(k % 7 + 1).append("; i++)\n\t\tv[i] ^= x;\n");
                default -> b.append("\ts->count").append(k % 11).append(" = x;\n");
            }
        }
        return b.append("\tkfree(s->buf);\n\treturn x;\n}\n").toString();
    }

    /**
     * One function: a chain of {@code n} conditional expressions as the size of a fallback's
     * vmalloc() (what size analysis and the proof's size solver walk), and again as a plain value.
     */
    static String ternaries(int n) {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < n; i++) {
            chain.append("k == ").append(i).append(" ? n + ").append(i).append(" :\n\t\t\t");
        }
        chain.append("n");
        return "static int pick(struct st *s, size_t n, int k)\n{\n\tint x;\n\n"
                + "\ts->buf = kmalloc(n, GFP_KERNEL);\n\tif (!s->buf)\n\t\ts->buf = vmalloc(" + chain + ");\n"
                + "\tx = " + chain + ";\n\treturn x;\n}\n";
    }

    /** One function with an {@code if / else if} chain of {@code n} branches, a fallback in the middle one. */
    static String elseIfs(int n) {
        StringBuilder b = new StringBuilder("static int chain(struct st *s, size_t n, int k)\n{\n\tint x = 0;\n\n");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "\tif" : " else if").append(" (k == ").append(i).append(") {\n");
            if (i == n / 2) {
                b.append(fallbackStatements("buf").replace("\n\t", "\n\t\t").replaceFirst("^\t", "\t\t"));
            } else {
                b.append("\t\tx = ").append(i).append(";\n");
            }
            b.append("\t}");
        }
        return b.append("\n\treturn x;\n}\n").toString();
    }

    /**
     * A file of about {@code bytes} on one line: a fallback function, then a huge initializer, then
     * another fallback function, all without a newline until the end.
     */
    static String singleLine(long bytes) {
        StringBuilder b = new StringBuilder(fallbackFunction("first").replace('\n', ' '));
        b.append("static const unsigned int table[] = {");
        for (int i = 0; b.length() < bytes; i++) {
            b.append("0x").append(Integer.toHexString(i * 0x9E3779B1)).append(", ");
        }
        b.append("0 }; ").append(fallbackFunction("last").replace('\n', ' '));
        return b.append('\n').toString();
    }

    /**
     * A generated register header of about {@code bytes}, like amdgpu's: {@code #define}s of
     * register offsets and masks, one huge table initializer, and a fallback function at the end.
     */
    static String registerHeader(long bytes) {
        StringBuilder b = new StringBuilder("/* generated */\n#ifndef _REGS_H_\n#define _REGS_H_\n");
        long defines = bytes * 3 / 4;
        for (int i = 0; b.length() < defines; i++) {
            b.append("#define mmGC_REG_").append(i).append(" 0x").append(Integer.toHexString(i * 4)).append('\n');
            b.append("#define GC_REG_").append(i).append("__FIELD_MASK 0x").append(Integer.toHexString(0xff << (i % 24)))
                    .append("L\n");
        }
        b.append("static const struct reg_entry regs[] = {\n");
        for (int i = 0; b.length() < bytes; i++) {
            b.append("\t{ mmGC_REG_").append(i).append(", GC_REG_").append(i).append("__FIELD_MASK, ").append(i % 7)
                    .append(" },\n");
        }
        b.append("};\n").append(fallbackFunction("regs_alloc"));
        return b.append("#endif\n").toString();
    }

    /** One function of about {@code bytes} made of open-coded fallbacks, each into its own field. */
    static String fallbacks(long bytes) {
        StringBuilder b = new StringBuilder("static int many(struct st *s, size_t n)\n{\n");
        for (int i = 0; b.length() < bytes; i++) {
            b.append(fallbackStatements("buf" + i)).append("\tif (!s->buf").append(i).append(")\n\t\treturn -ENOMEM;\n");
        }
        return b.append("\treturn 0;\n}\n").toString();
    }

    /** Number of open-coded fallbacks in {@link #fallbacks}'s output. */
    static int fallbackCount(String code) {
        return code.split("= vmalloc\\(n\\);", -1).length - 1;
    }

    /** The bench rows: name, file name, content. */
    record Row(String name, String file, String content) {}

    static Row row(String name) {
        return switch (name) {
            case "stmts-1k" -> new Row(name, "stmts-1k.c", statements(1_000));
            case "stmts-10k" -> new Row(name, "stmts-10k.c", statements(10_000));
            case "stmts-100k" -> new Row(name, "stmts-100k.c", statements(100_000));
            case "ternary-10k" -> new Row(name, "ternary-10k.c", ternaries(10_000));
            case "elseif-10k" -> new Row(name, "elseif-10k.c", elseIfs(10_000));
            case "line-10mb" -> new Row(name, "line-10mb.c", singleLine(10L << 20));
            case "regs-50mb" -> new Row(name, "regs-50mb.h", registerHeader(50L << 20));
            case "fallbacks-100kb" -> new Row(name, "fallbacks-100kb.c", fallbacks(100L << 10));
            case "fallbacks-200kb" -> new Row(name, "fallbacks-200kb.c", fallbacks(200L << 10));
            case "fallbacks-400kb" -> new Row(name, "fallbacks-400kb.c", fallbacks(400L << 10));
            default -> throw new IllegalArgumentException("unknown row " + name);
        };
    }

    static final String[] ROWS = {"stmts-1k", "stmts-10k", "stmts-100k", "ternary-10k", "elseif-10k", "line-10mb",
        "regs-50mb", "fallbacks-100kb", "fallbacks-200kb", "fallbacks-400kb"};

    /** Writes the rows (all, or those named) into OUT_DIR, one directory per row; prints "row file bytes". */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: HostileInputs.java OUT_DIR [ROW...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String[] rows = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : ROWS;
        for (String name : rows) {
            Row r = row(name);
            Path dir = Files.createDirectories(out.resolve(name));
            Path f = dir.resolve(r.file());
            Files.writeString(f, r.content(), StandardCharsets.UTF_8);
            System.out.println(name + " " + f + " " + Files.size(f));
        }
    }
}
