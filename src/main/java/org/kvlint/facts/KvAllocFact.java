package org.kvlint.facts;

import java.io.Serializable;

/**
 * A kvmalloc-family allocation call, as plain data: what KV006 (atomic context) and KV007 (small
 * constant size) need, read once while the syntax is at hand.
 *
 * @param id the call's start byte
 * @param loc the call
 * @param nameLoc the called name
 * @param api the table function ({@code kvmalloc}, {@code kvcalloc}...)
 * @param role its role (an allocation or a reallocation)
 * @param sizeArgCount how many size arguments the table gives it
 * @param gfp the GFP mask as the call gets it (a mask in a local resolved), or null when unknown
 * @param size the size factors as written, whitespace collapsed, joined by " * "
 * @param smallConstant the size is a constant of at most PAGE_SIZE on every architecture
 * @param bytesOnX86 that constant on x86-64, or -1
 * @param atomic the atomic section open at the call, or null
 */
public record KvAllocFact(int id, Loc loc, Loc nameLoc, String api, ApiFunction.Role role, int sizeArgCount,
                          String gfp, String size, boolean smallConstant, long bytesOnX86, Atomic atomic)
        implements Serializable {

    /**
     * An atomic section open at a call.
     *
     * @param words what it is ("under a spinlock")
     * @param text the call that enters it ({@code spin_lock(&q->lock)})
     * @param enter where that call is
     */
    public record Atomic(String words, String text, Loc enter) implements Serializable {
        /** "under a spinlock (spin_lock(&q->lock))". */
        public String describe() {
            return words + " (" + text + ")";
        }
    }

    /** The atomic section open at {@code call}, as plain data; null when none. */
    static Atomic atomicAt(org.kvlint.syntax.SyntaxNode call) {
        return AtomicSections.openAt(call).map(s -> new Atomic(s.kind().words(), s.text(), Loc.of(s.enter())))
                .orElse(null);
    }

    /** The fact of a kvmalloc-family allocation call. */
    static KvAllocFact of(CallSite c, boolean mayBeAtomic) {
        java.util.List<org.kvlint.syntax.SyntaxNode> factors = new java.util.ArrayList<>();
        for (int i : c.api().sizeArgs()) {
            c.arg(i).ifPresent(factors::add);
        }
        boolean complete = factors.size() == c.api().sizeArgs().size() && !factors.isEmpty();
        boolean small = complete && ConstantSize.productAtMostPageSize(factors);
        long bytes = complete ? ConstantSize.productOnX86(factors).orElse(-1) : -1;
        String size = String.join(" * ", factors.stream().map(x -> x.text().replaceAll("\\s+", " ")).toList());
        return new KvAllocFact(c.call().startByte(), Loc.of(c.call()), Loc.of(c.nameNode()), c.api().name(),
                c.api().role(), c.api().sizeArgs().size(), c.gfp().map(Gfp::text).orElse(null), size, small, bytes,
                mayBeAtomic ? atomicAt(c.call()) : null);
    }
}
