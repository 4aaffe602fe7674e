package org.kvlint.rules;

import java.util.Set;
import java.util.regex.Pattern;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * Calls that only read (or write through) a pointer and never keep or free it: the string and
 * memory functions, printk-style logging, assertions, and a call used only as a truth value of
 * its bare pointer argument ({@code if (!expect(b->bm_pages))}, drbd's assertion macro). Passing
 * memory to one of them is not an escape. Shared by the rules' fixes and the fix stage's
 * tree-wide resolution.
 */
public final class ReadOnlyCalls {
    private ReadOnlyCalls() {}

    /** Functions that read or write through a pointer without keeping it. */
    static final Set<String> NON_RETAINING = Set.of(
            "memcpy", "memmove", "memset", "memcmp", "memchr", "memscan", "memzero_explicit", "memcpy_fromio",
            "memcpy_toio", "memset_io", "memchr_inv", "strcpy", "strncpy", "strlcpy", "strscpy", "strscpy_pad",
            "strcat", "strncat", "strlcat", "strcmp", "strncmp", "strlen", "strnlen", "strchr", "strrchr", "strstr",
            "sprintf", "snprintf", "scnprintf", "vsnprintf", "vscnprintf", "sscanf", "copy_from_user",
            "copy_to_user", "__copy_from_user", "__copy_to_user", "_copy_from_user", "_copy_to_user",
            "copy_from_iter", "copy_to_iter", "copy_from_iter_full", "clear_user", "get_random_bytes",
            "bitmap_zero", "bitmap_fill", "bitmap_copy", "bitmap_set", "bitmap_clear", "bitmap_weight",
            "bitmap_empty", "bitmap_full", "bitmap_equal", "bitmap_or", "bitmap_and", "bitmap_andnot",
            "bitmap_find_next_zero_area", "set_bit", "clear_bit", "test_bit", "__set_bit", "__clear_bit",
            "test_and_set_bit", "test_and_clear_bit", "find_first_bit", "find_next_bit", "find_first_zero_bit",
            "find_next_zero_bit", "sort", "crc32_le", "crc32_be", "crc32c", "crc16", "crc_itu_t",
            "print_hex_dump", "print_hex_dump_bytes", "print_hex_dump_debug", "seq_printf", "seq_write",
            "seq_puts", "simple_read_from_buffer", "simple_write_to_buffer", "kernel_read", "kernel_write",
            "is_vmalloc_addr", "IS_ERR", "IS_ERR_OR_NULL", "PTR_ERR", "PTR_ERR_OR_ZERO", "ZERO_OR_NULL_PTR",
            "likely", "unlikely", "WARN_ON", "WARN_ON_ONCE", "BUG_ON", "sizeof", "memcpy_and_pad",
            "memcpy_to_page", "memcpy_from_page", "sg_copy_to_buffer", "sg_copy_from_buffer",
            "sg_pcopy_to_buffer", "sg_pcopy_from_buffer", "skb_copy_bits", "skb_put_data", "prefetch",
            "prefetchw", "kstrtoint", "kstrtouint", "kstrtoul", "kstrtol", "hex_dump_to_buffer");

    static final Pattern LOG_CALL = Pattern.compile(
            "pr_(debug|info|notice|warn|warning|err|devel|cont|crit|alert|emerg)(_ratelimited|_once)?|printk"
                    + "|(dev|netdev)_(dbg|info|notice|warn|err|crit)(_ratelimited|_once)?|net_(dbg|info|warn|err)_ratelimited");

    /** Assertion-style names: {@code expect}, {@code D_ASSERT}, {@code WARN_ON_ONCE}, {@code BUG_ON}... */
    private static final Pattern ASSERTION = Pattern.compile(
            "(?i)(\\w*_)?(expect|assert|assume)(_\\w*)?|WARN(_ON)?(_ONCE|_RATELIMIT)?|BUG(_ON)?|BUILD_BUG_ON\\w*");

    /** Does {@code fn}, called as {@code call} (may be null), only read the pointers it gets? */
    public static boolean readOnly(String fn, SyntaxNode call) {
        return NON_RETAINING.contains(fn) || LOG_CALL.matcher(fn).matches() || ASSERTION.matcher(fn).matches()
                || call != null && usedAsTruthValue(call);
    }

    /**
     * A call with one argument whose value is only tested ({@code if (f(p))}, {@code !f(p)},
     * {@code f(p) && ...}): it answers a question about the pointer, it does not take it.
     */
    static boolean usedAsTruthValue(SyntaxNode call) {
        if (CSyntax.arguments(call).size() != 1) {
            return false;
        }
        SyntaxNode cur = call;
        SyntaxNode p = cur.parentOrNull();
        while (p != null && (p.is("parenthesized_expression") || p.is("unary_expression")
                && p.child("operator").map(SyntaxNode::text).orElse("").equals("!"))) {
            cur = p;
            p = p.parentOrNull();
        }
        if (p == null) {
            return false;
        }
        if (p.is("binary_expression")) {
            String op = p.child("operator").map(SyntaxNode::text).orElse("");
            return op.equals("&&") || op.equals("||");
        }
        return (p.is("if_statement") || p.is("while_statement") || p.is("do_statement"))
                && p.child("condition").orElse(null) == cur;
    }
}
