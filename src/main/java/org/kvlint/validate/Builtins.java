package org.kvlint.validate;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The non-allocator kernel functions and macros whose effect the interpreter knows. Every other
 * call is opaque: it returns an unknown value, and a tracked pointer passed to it escapes.
 */
final class Builtins {
    private Builtins() {}

    /** Return their (first) argument: branch hints and warn-and-return-condition macros. */
    static final Set<String> IDENTITY = Set.of("likely", "unlikely", "__builtin_expect", "WARN_ON", "WARN_ON_ONCE",
            "WARN", "WARN_ONCE", "READ_ONCE", "data_race", "unlikely_notrace");

    /** Enter a context that must not sleep (§5.2 Ctx ATOMIC). */
    static final Set<String> ATOMIC_ENTER = Set.of("spin_lock", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh",
            "spin_lock_nested", "raw_spin_lock", "raw_spin_lock_irq", "raw_spin_lock_irqsave", "read_lock",
            "read_lock_irq", "read_lock_irqsave", "read_lock_bh", "write_lock", "write_lock_irq", "write_lock_irqsave",
            "write_lock_bh", "local_irq_disable", "local_irq_save", "preempt_disable", "rcu_read_lock",
            "rcu_read_lock_bh", "rcu_read_lock_sched", "local_bh_disable", "get_cpu", "get_cpu_var");

    static final Set<String> ATOMIC_EXIT = Set.of("spin_unlock", "spin_unlock_irq", "spin_unlock_irqrestore",
            "spin_unlock_bh", "raw_spin_unlock", "raw_spin_unlock_irq", "raw_spin_unlock_irqrestore", "read_unlock",
            "read_unlock_irq", "read_unlock_irqrestore", "read_unlock_bh", "write_unlock", "write_unlock_irq",
            "write_unlock_irqrestore", "write_unlock_bh", "local_irq_enable", "local_irq_restore", "preempt_enable",
            "rcu_read_unlock", "rcu_read_unlock_bh", "rcu_read_unlock_sched", "local_bh_enable", "put_cpu",
            "put_cpu_var");

    /** Computed from their arguments. */
    static final Set<String> ARITHMETIC = Set.of("array_size", "array3_size", "size_mul", "size_add", "size_sub",
            "struct_size", "flex_array_size", "min", "max", "min_t", "max_t", "clamp", "clamp_t", "clamp_val",
            "DIV_ROUND_UP", "roundup", "round_up", "round_down", "rounddown", "ALIGN", "PAGE_ALIGN", "get_order",
            "BIT", "BIT_ULL", "is_power_of_2", "roundup_pow_of_two", "ilog2", "order_base_2", "check_mul_overflow",
            "check_add_overflow", "ERR_PTR", "PTR_ERR", "IS_ERR", "IS_ERR_OR_NULL", "ZERO_OR_NULL_PTR", "ERR_CAST",
            "PTR_ERR_OR_ZERO", "memalloc_nofs_save", "memalloc_noio_save", "memalloc_nofs_restore",
            "memalloc_noio_restore", "memset", "memzero_explicit");

    /** Opaque but known not to keep or free the pointers they are given. */
    private static final Set<String> NON_CAPTURING = Set.of("memcpy", "memmove", "memcmp", "strcpy", "strncpy",
            "strscpy", "strlcpy", "strcat", "strlcat", "strlen", "strnlen", "strcmp", "strncmp", "sprintf", "snprintf",
            "scnprintf", "vsnprintf", "sscanf", "copy_from_user", "copy_to_user", "__copy_from_user",
            "__copy_to_user", "clear_user", "get_user", "put_user", "might_sleep", "cond_resched", "BUG_ON",
            "kmemleak_not_leak", "memchr", "crc32", "crc32_le", "print_hex_dump", "print_hex_dump_bytes",
            "seq_printf", "seq_puts", "seq_write");

    private static final Pattern LOGGING = Pattern.compile(
            "pr_\\w+|printk\\w*|dev_(err|warn|info|dbg|notice|crit|alert|emerg)\\w*|netdev_(err|warn|info|dbg)\\w*"
                    + "|drm_(err|warn|info|dbg)\\w*|DRM_\\w+|pci_(err|warn|info|dbg)\\w*|trace_\\w+|ath\\w*_(err|warn|dbg)");

    static boolean isKnown(String name) {
        return IDENTITY.contains(name) || ATOMIC_ENTER.contains(name) || ATOMIC_EXIT.contains(name)
                || ARITHMETIC.contains(name);
    }

    /** printk() and the pr_*, dev_*, netdev_* ... logging helpers. */
    static boolean isLogging(String name) {
        return LOGGING.matcher(name).matches();
    }

    /** An opaque call that does not keep or free its pointer arguments (copies, prints, compares). */
    static boolean nonCapturing(String name) {
        return NON_CAPTURING.contains(name) || LOGGING.matcher(name).matches();
    }
}
