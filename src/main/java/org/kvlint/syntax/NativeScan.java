package org.kvlint.syntax;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.kvlint.source.CallScan;

/**
 * {@link CallScan}'s byte loop in kvlint's natives ({@code native/kvlint_scan.c}, built into the
 * core library): {@code memchr()} for the parentheses, the names hashed in C, the Java arrays
 * passed in place (critical calls: neither blocks nor calls back). Under the C1 compiler the
 * launcher uses, the Java loop ({@link CallScan#JAVA}) took most of the read phase of a cold scan.
 */
public final class NativeScan implements CallScan.NameFinder {
    /** The one instance: it holds no state. */
    public static final NativeScan FINDER = new NativeScan();

    private NativeScan() {}

    @Override
    public int names(byte[] b, int from, int length, int[] out) {
        try {
            return (int) Handles.NAMES.invokeExact(MemorySegment.ofArray(b), from, length,
                    MemorySegment.ofArray(out), out.length);
        } catch (Throwable e) {
            throw new IllegalStateException("kvlint_call_names failed", e);
        }
    }

    @Override
    public int distinctSorted(int[] a, int n) {
        int m;
        try {
            m = (int) Handles.DISTINCT_SORTED.invokeExact(MemorySegment.ofArray(a), n);
        } catch (Throwable e) {
            throw new IllegalStateException("kvlint_distinct_sorted failed", e);
        }
        return m >= 0 ? m : CallScan.JAVA.distinctSorted(a, n); // no native memory for the scratch
    }

    /**
     * From {@code b[from]} on, the identifiers whose hash ({@link CallScan#hash}, 0 read as 1) is
     * in {@code table} (open addressing, {@code mask + 1} slots, 0 empty) and whose length is in
     * {@code [minLength, maxLength]}: {@code out[0]} of them, as start and length pairs from
     * {@code out[1]} on. Returns where to go on from ({@code b.length} when done).
     */
    public static int wordHits(byte[] b, int from, int[] table, int mask, int minLength, int maxLength, int[] out) {
        try {
            return (int) Handles.WORD_HITS.invokeExact(MemorySegment.ofArray(b), from, b.length,
                    MemorySegment.ofArray(table), mask, minLength, maxLength, MemorySegment.ofArray(out), out.length);
        } catch (Throwable e) {
            throw new IllegalStateException("kvlint_word_hits failed", e);
        }
    }

    /**
     * {@link Bytes#indexOf}, in C ({@code memmem()}): the offset of the first {@code word} in
     * {@code b[from, to)}, or -1. The facts look for a word in every small function of a file on
     * every extraction; the Java loop was a twelfth of their time under the C1 compiler.
     */
    public static int indexOf(byte[] b, byte[] word, int from, int to) {
        int end = Math.min(to, b.length);
        int start = Math.max(from, 0);
        if (word.length == 0 || start > end) {
            return Bytes.indexOf(b, word, from, to); // the edge cases as the reference has them
        }
        try {
            return (int) Handles.INDEX_OF.invokeExact(MemorySegment.ofArray(b), start, end,
                    MemorySegment.ofArray(word), word.length);
        } catch (Throwable e) {
            throw new IllegalStateException("kvlint_index_of failed", e);
        }
    }

    /**
     * The offsets where the lines of {@code b} start (0 first, then after every newline):
     * {@code memchr()} in C, one pass to count and one to fill, where the Java loop was a tenth of
     * a second of every cold scan (every file parsed needs the rows of its items).
     */
    public static int[] lineStarts(byte[] b) {
        try {
            MemorySegment bytes = MemorySegment.ofArray(b);
            int n = (int) Handles.LINE_STARTS.invokeExact(bytes, b.length, MemorySegment.ofArray(new int[0]), 0);
            int[] starts = new int[n + 1];
            int[] after = new int[n];
            int filled = (int) Handles.LINE_STARTS.invokeExact(bytes, b.length, MemorySegment.ofArray(after), n);
            if (filled != n) {
                throw new IllegalStateException("kvlint_line_starts counted " + n + ", then " + filled);
            }
            System.arraycopy(after, 0, starts, 1, n);
            return starts;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("kvlint_line_starts failed", e);
        }
    }

    private static final class Handles {
        private static final SymbolLookup CORE = SymbolLookup.libraryLookup(
                TreeSitterNatives.directory().resolve(TreeSitterNatives.CORE), Arena.global());
        static final MethodHandle NAMES = Linker.nativeLinker().downcallHandle(CORE.findOrThrow("kvlint_call_names"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
        static final MethodHandle DISTINCT_SORTED = Linker.nativeLinker().downcallHandle(
                CORE.findOrThrow("kvlint_distinct_sorted"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
        static final MethodHandle WORD_HITS = Linker.nativeLinker().downcallHandle(CORE.findOrThrow("kvlint_word_hits"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
        static final MethodHandle LINE_STARTS = Linker.nativeLinker().downcallHandle(
                CORE.findOrThrow("kvlint_line_starts"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
        static final MethodHandle INDEX_OF = Linker.nativeLinker().downcallHandle(CORE.findOrThrow("kvlint_index_of"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));
    }
}
