package org.kvlint.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvlint.syntax.SyntaxNode;

/**
 * Evaluates size expressions that are constant on every kernel configuration kvlint can reason
 * about: integer literals, {@code sizeof} of basic C and kernel integer types, {@code SZ_4K}-style
 * constants from {@code linux/sizes.h}, and {@code PAGE_SIZE}/{@code PAGE_SHIFT}/
 * {@code PAGE_ALLOC_COSTLY_ORDER}, combined with {@code + - * / % << >> | &} and casts.
 *
 * <p>Nothing else is constant: {@code sizeof(struct foo)}, {@code sizeof(*p)} and macros kvlint
 * cannot evaluate make the whole expression unknown. Because {@code PAGE_SIZE} and
 * {@code sizeof(long)} differ between architectures, an expression is evaluated once per
 * configuration (page sizes 4 KiB to 256 KiB, ILP32 and LP64) and the questions below hold only
 * when they hold on all of them.
 */
public final class ConstantSize {
    private ConstantSize() {}

    /** One architecture configuration. */
    private record Config(int pageShift, boolean lp64) {
        long pageSize() {
            return 1L << pageShift;
        }
    }

    /** 4K (x86, arm64 default), 8K (sparc64, alpha), 16K, 64K (arm64, ppc64), 256K (hexagon). */
    private static final List<Config> CONFIGS;

    static {
        List<Config> c = new java.util.ArrayList<>();
        for (int shift : new int[] {12, 13, 14, 16, 18}) {
            c.add(new Config(shift, false));
            c.add(new Config(shift, true));
        }
        CONFIGS = List.copyOf(c);
    }

    private static final Pattern SZ = Pattern.compile("SZ_(\\d+)([KMG]?)");
    private static final Pattern NUMBER = Pattern.compile("(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)");

    /** Sizes of the types whose size does not depend on anything kvlint cannot see: {ILP32, LP64}. */
    private static final Map<String, long[]> TYPE_SIZES = typeSizes();

    private static Map<String, long[]> typeSizes() {
        Map<String, long[]> m = new java.util.HashMap<>();
        for (String t : List.of("char", "signed char", "unsigned char", "u8", "s8", "__u8", "__s8", "uint8_t",
                "int8_t", "bool", "_Bool")) {
            m.put(t, new long[] {1, 1});
        }
        for (String t : List.of("short", "short int", "unsigned short", "unsigned short int", "signed short", "u16",
                "s16", "__u16", "__s16", "__le16", "__be16", "uint16_t", "int16_t")) {
            m.put(t, new long[] {2, 2});
        }
        for (String t : List.of("int", "signed", "signed int", "unsigned", "unsigned int", "u32", "s32", "__u32",
                "__s32", "__le32", "__be32", "uint32_t", "int32_t", "float")) {
            m.put(t, new long[] {4, 4});
        }
        for (String t : List.of("long", "long int", "unsigned long", "unsigned long int", "signed long", "size_t",
                "ssize_t", "uintptr_t", "intptr_t", "ptrdiff_t")) {
            m.put(t, new long[] {4, 8});
        }
        for (String t : List.of("long long", "long long int", "unsigned long long", "unsigned long long int",
                "signed long long", "u64", "s64", "__u64", "__s64", "__le64", "__be64", "uint64_t", "int64_t",
                "double")) {
            m.put(t, new long[] {8, 8});
        }
        return Map.copyOf(m);
    }

    /** True when the expression is constant and at most PAGE_SIZE on every configuration. */
    public static boolean atMostPageSize(SyntaxNode expr) {
        return forAll(expr, (v, c) -> v >= 0 && v <= c.pageSize());
    }

    /** True when the expression is constant and above PAGE_SIZE on every configuration. */
    public static boolean abovePageSize(SyntaxNode expr) {
        return forAll(expr, (v, c) -> v > c.pageSize());
    }

    /** True when the product of the expressions is constant and at most PAGE_SIZE everywhere. */
    public static boolean productAtMostPageSize(List<SyntaxNode> factors) {
        if (factors.isEmpty()) {
            return false;
        }
        for (Config c : CONFIGS) {
            long product = 1;
            for (SyntaxNode f : factors) {
                OptionalLong v = eval(f, c);
                if (v.isEmpty() || v.getAsLong() < 0) {
                    return false;
                }
                try {
                    product = Math.multiplyExact(product, v.getAsLong());
                } catch (ArithmeticException e) {
                    return false;
                }
            }
            if (product > c.pageSize()) {
                return false;
            }
        }
        return true;
    }

    /** The value on x86-64 (4 KiB pages, LP64), for messages; empty when not constant. */
    public static OptionalLong onX86(SyntaxNode expr) {
        return eval(expr, new Config(12, true));
    }

    /** The product of the factors on x86-64, for messages; empty when not constant. */
    public static OptionalLong productOnX86(List<SyntaxNode> factors) {
        long product = 1;
        for (SyntaxNode f : factors) {
            OptionalLong v = onX86(f);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            product *= v.getAsLong();
        }
        return OptionalLong.of(product);
    }

    private interface Check {
        boolean test(long value, Config config);
    }

    private static boolean forAll(SyntaxNode expr, Check check) {
        for (Config c : CONFIGS) {
            OptionalLong v = eval(expr, c);
            if (v.isEmpty() || !check.test(v.getAsLong(), c)) {
                return false;
            }
        }
        return true;
    }

    private static OptionalLong eval(SyntaxNode n, Config c) {
        try {
            return evalOrThrow(n, c);
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong evalOrThrow(SyntaxNode n, Config c) {
        switch (n.type()) {
            case "number_literal" -> {
                return literal(n.text());
            }
            case "parenthesized_expression" -> {
                List<SyntaxNode> kids = n.namedChildren();
                return kids.size() == 1 ? evalOrThrow(kids.getFirst(), c) : OptionalLong.empty();
            }
            case "cast_expression" -> {
                Optional<SyntaxNode> v = n.child("value");
                return v.isPresent() ? evalOrThrow(v.get(), c) : OptionalLong.empty();
            }
            case "identifier" -> {
                return symbol(n.text(), c);
            }
            case "sizeof_expression" -> {
                return sizeOf(n, c);
            }
            case "binary_expression" -> {
                Optional<SyntaxNode> l = n.child("left");
                Optional<SyntaxNode> r = n.child("right");
                String op = n.child("operator").map(SyntaxNode::text).orElse("");
                if (l.isEmpty() || r.isEmpty()) {
                    return OptionalLong.empty();
                }
                OptionalLong a = evalOrThrow(l.get(), c);
                OptionalLong b = a.isPresent() ? evalOrThrow(r.get(), c) : OptionalLong.empty();
                if (a.isEmpty() || b.isEmpty()) {
                    return OptionalLong.empty();
                }
                long x = a.getAsLong();
                long y = b.getAsLong();
                return switch (op) {
                    case "+" -> OptionalLong.of(Math.addExact(x, y));
                    case "-" -> OptionalLong.of(Math.subtractExact(x, y));
                    case "*" -> OptionalLong.of(Math.multiplyExact(x, y));
                    case "/" -> y == 0 ? OptionalLong.empty() : OptionalLong.of(x / y);
                    case "%" -> y == 0 ? OptionalLong.empty() : OptionalLong.of(x % y);
                    case "<<" -> y < 0 || y > 40 ? OptionalLong.empty() : OptionalLong.of(Math.multiplyExact(x, 1L << y));
                    case ">>" -> y < 0 || y > 62 ? OptionalLong.empty() : OptionalLong.of(x >> y);
                    case "|" -> OptionalLong.of(x | y);
                    case "&" -> OptionalLong.of(x & y);
                    default -> OptionalLong.empty();
                };
            }
            default -> {
                return OptionalLong.empty();
            }
        }
    }

    private static OptionalLong literal(String text) {
        Matcher m = NUMBER.matcher(text);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        String digits = m.group(1);
        try {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                return OptionalLong.of(Long.parseLong(digits.substring(2), 16));
            }
            if (digits.startsWith("0b") || digits.startsWith("0B")) {
                return OptionalLong.of(Long.parseLong(digits.substring(2), 2));
            }
            if (digits.length() > 1 && digits.startsWith("0")) {
                return OptionalLong.of(Long.parseLong(digits.substring(1), 8));
            }
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong symbol(String name, Config c) {
        switch (name) {
            case "PAGE_SIZE" -> {
                return OptionalLong.of(c.pageSize());
            }
            case "PAGE_SHIFT" -> {
                return OptionalLong.of(c.pageShift());
            }
            case "PAGE_ALLOC_COSTLY_ORDER" -> {
                return OptionalLong.of(3);
            }
            default -> {
                Matcher m = SZ.matcher(name);
                if (!m.matches()) {
                    return OptionalLong.empty();
                }
                long v = Long.parseLong(m.group(1));
                return OptionalLong.of(switch (m.group(2)) {
                    case "K" -> v << 10;
                    case "M" -> v << 20;
                    case "G" -> v << 30;
                    default -> v;
                });
            }
        }
    }

    private static OptionalLong sizeOf(SyntaxNode n, Config c) {
        String typeText;
        Optional<SyntaxNode> type = n.child("type");
        if (type.isPresent()) {
            SyntaxNode t = type.get();
            Optional<SyntaxNode> declarator = t.child("declarator");
            if (declarator.isPresent()) {
                // sizeof(void *), sizeof(char *): any object pointer
                if (declarator.get().is("abstract_pointer_declarator")
                        && declarator.get().namedChildren().stream().noneMatch(SyntaxNode::isNamed)) {
                    return OptionalLong.of(c.lp64() ? 8 : 4);
                }
                return OptionalLong.empty();
            }
            typeText = t.text();
        } else {
            // sizeof(u32) parses as sizeof of a parenthesized identifier
            Optional<SyntaxNode> v = n.child("value");
            if (v.isEmpty() || !v.get().is("parenthesized_expression") || v.get().namedChildren().size() != 1
                    || !v.get().namedChildren().getFirst().is("identifier")) {
                return OptionalLong.empty();
            }
            typeText = v.get().namedChildren().getFirst().text();
        }
        String key = typeText.replaceAll("\\s+", " ").strip();
        long[] sizes = TYPE_SIZES.get(key);
        return sizes == null ? OptionalLong.empty() : OptionalLong.of(sizes[c.lp64() ? 1 : 0]);
    }
}
