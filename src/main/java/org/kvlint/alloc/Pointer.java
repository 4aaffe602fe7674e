package org.kvlint.alloc;

/**
 * A C pointer value as the model hands it out: an x86-64 kernel virtual address (§5.3), or one of
 * the special values NULL, {@code ZERO_SIZE_PTR} (16) and {@code ERR_PTR(-errno)}.
 *
 * @param address the 64-bit value, compared unsigned
 */
public record Pointer(long address) {

    public static final Pointer NULL = new Pointer(0);
    /** {@code ((void *)16)}, returned for zero-size kmalloc/kvmalloc (§3.1). */
    public static final Pointer ZERO_SIZE_PTR = new Pointer(16);
    /** Largest errno an ERR_PTR can carry ({@code MAX_ERRNO}). */
    private static final int MAX_ERRNO = 4095;
    public static final int ENOMEM = 12;

    public static Pointer errPtr(int errno) {
        if (errno <= 0 || errno > MAX_ERRNO) {
            throw new IllegalArgumentException("errno out of range: " + errno);
        }
        return new Pointer(-errno);
    }

    public boolean isNull() {
        return address == 0;
    }

    public boolean isZeroSizePtr() {
        return address == ZERO_SIZE_PTR.address;
    }

    /** {@code ZERO_OR_NULL_PTR(x)}: {@code x <= 16}. */
    public boolean isZeroOrNull() {
        return Long.compareUnsigned(address, ZERO_SIZE_PTR.address) <= 0;
    }

    /** {@code IS_ERR(x)}. */
    public boolean isErr() {
        return Long.compareUnsigned(address, -MAX_ERRNO) >= 0;
    }

    @Override
    public String toString() {
        if (isNull()) {
            return "NULL";
        }
        if (isZeroSizePtr()) {
            return "ZERO_SIZE_PTR";
        }
        if (isErr()) {
            return "ERR_PTR(" + address + ")";
        }
        return "0x" + Long.toHexString(address);
    }
}
