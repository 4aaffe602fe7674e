package org.kvlint.validate;

import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code sizeof} of the types whose size the interpreter knows on x86-64 (LP64). Anything else
 * (structs, typedefs of structs, arrays) is unknown and takes {@link #UNKNOWN_SIZEOF} unless the
 * size solver makes it the scenario's size.
 */
final class CTypes {
    private CTypes() {}

    /**
     * The documented constant for {@code sizeof(T)} of an unknown T: 8, a pointer or u64 element.
     * Before and after see the same value, so the choice cannot make a difference appear.
     */
    static final long UNKNOWN_SIZEOF = 8;

    private static final Map<String, Long> SIZES = Map.ofEntries(
            Map.entry("char", 1L), Map.entry("signed char", 1L), Map.entry("unsigned char", 1L),
            Map.entry("bool", 1L), Map.entry("_Bool", 1L), Map.entry("u8", 1L), Map.entry("s8", 1L),
            Map.entry("__u8", 1L), Map.entry("__s8", 1L), Map.entry("uint8_t", 1L), Map.entry("int8_t", 1L),
            Map.entry("short", 2L), Map.entry("unsigned short", 2L), Map.entry("u16", 2L), Map.entry("s16", 2L),
            Map.entry("__u16", 2L), Map.entry("__s16", 2L), Map.entry("__le16", 2L), Map.entry("__be16", 2L),
            Map.entry("uint16_t", 2L), Map.entry("int16_t", 2L),
            Map.entry("int", 4L), Map.entry("unsigned", 4L), Map.entry("unsigned int", 4L), Map.entry("signed int", 4L),
            Map.entry("u32", 4L), Map.entry("s32", 4L), Map.entry("__u32", 4L), Map.entry("__s32", 4L),
            Map.entry("__le32", 4L), Map.entry("__be32", 4L), Map.entry("uint32_t", 4L), Map.entry("int32_t", 4L),
            Map.entry("float", 4L), Map.entry("gfp_t", 4L),
            Map.entry("long", 8L), Map.entry("unsigned long", 8L), Map.entry("long long", 8L),
            Map.entry("unsigned long long", 8L), Map.entry("u64", 8L), Map.entry("s64", 8L), Map.entry("__u64", 8L),
            Map.entry("__s64", 8L), Map.entry("__le64", 8L), Map.entry("__be64", 8L), Map.entry("uint64_t", 8L),
            Map.entry("int64_t", 8L), Map.entry("size_t", 8L), Map.entry("ssize_t", 8L), Map.entry("loff_t", 8L),
            Map.entry("uintptr_t", 8L), Map.entry("phys_addr_t", 8L), Map.entry("dma_addr_t", 8L),
            Map.entry("double", 8L), Map.entry("atomic64_t", 8L), Map.entry("atomic_t", 4L));

    /**
     * The size of a type written as C text ({@code "const u32"}, {@code "struct foo *"}): known for
     * the scalar types above and for every pointer.
     */
    static OptionalLong sizeOf(String typeText) {
        if (typeText.endsWith("[]")) {
            return OptionalLong.empty(); // an array: its length is not tracked
        }
        if (typeText.contains("*")) {
            return OptionalLong.of(8);
        }
        if (STRUCT_OR_UNION.matcher(typeText).matches()) {
            return OptionalLong.empty();
        }
        if (ENUM.matcher(typeText).matches()) {
            return OptionalLong.of(4);
        }
        String t = SPACES.matcher(QUALIFIERS.matcher(typeText).replaceAll(" ")).replaceAll(" ").strip();
        Long s = SIZES.get(t);
        return s == null ? OptionalLong.empty() : OptionalLong.of(s);
    }

    // compiled once: a proof asks the size of a declaration's type on every run of its function
    private static final java.util.regex.Pattern QUALIFIERS = java.util.regex.Pattern.compile(
            "\\b(const|volatile|__iomem|__user|__rcu|__percpu|__force|static|struct|union|enum)\\b");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");
    private static final java.util.regex.Pattern STRUCT_OR_UNION = java.util.regex.Pattern.compile(".*\\b(struct|union)\\b.*");
    private static final java.util.regex.Pattern ENUM = java.util.regex.Pattern.compile(".*\\benum\\b.*");

    /**
     * The type one {@code *} or {@code []} further in ({@code "u32 *"} → {@code "u32"}); empty for
     * a non-pointer. Declared types are spelled with the suffixes last, as {@link CFunction} builds them.
     */
    static java.util.Optional<String> pointee(String typeText) {
        String t = typeText.strip();
        if (t.endsWith("[]")) {
            return java.util.Optional.of(t.substring(0, t.length() - 2).strip());
        }
        if (t.endsWith("*")) {
            return java.util.Optional.of(t.substring(0, t.length() - 1).strip());
        }
        return java.util.Optional.empty();
    }
}
