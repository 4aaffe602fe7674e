package org.kvlint.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's {@code primaryLocationLineHash}: a Java port of codeql-action's {@code src/fingerprints.ts}
 * (codeql-action's src/fingerprints.ts). It must match byte for byte, because upload-sarif keeps a value
 * we send and only warns when its own differs: a wrong port would silently break alert tracking.
 *
 * <p>Each line's hash is a base-37 rolling hash (mod 2^64) of the 100 characters starting at the
 * line, spaces and tabs skipped, line ends normalised to {@code \n}; a repeated hash value gets a
 * running count, so the result reads {@code "a7f2ff13bc495cf2:3"}.
 */
public final class LineHash {
    private static final int BLOCK_SIZE = 100;
    private static final long MOD = 37;
    private static final long FIRST_MOD = pow(MOD, BLOCK_SIZE);
    private static final char EOF = 65535;

    private LineHash() {}

    /** The hash of every line of {@code text}, line 1 first. */
    public static List<String> of(CharSequence text) {
        var state = new State();
        for (int i = 0; i < text.length(); i++) {
            state.process(text.charAt(i));
        }
        state.process(EOF);
        for (int i = 0; i < BLOCK_SIZE; i++) {
            if (state.lineNumbers[state.index] != -1) {
                state.output();
            }
            state.update(0);
        }
        return state.hashes;
    }

    /** The mutable rolling window: local to one call of {@link #of}. */
    private static final class State {
        final int[] window = new int[BLOCK_SIZE];
        final int[] lineNumbers = new int[BLOCK_SIZE];
        final Map<String, Integer> counts = new HashMap<>();
        final List<String> hashes = new ArrayList<>();
        long hash;
        int index;
        int lineNumber;
        boolean lineStart = true;
        boolean prevCr;

        State() {
            java.util.Arrays.fill(lineNumbers, -1);
        }

        void process(int c) {
            if (c == ' ' || c == '\t' || (prevCr && c == '\n')) {
                prevCr = false;
                return;
            }
            if (c == '\r') {
                c = '\n';
                prevCr = true;
            } else {
                prevCr = false;
            }
            if (lineNumbers[index] != -1) {
                output();
            }
            if (lineStart) {
                lineStart = false;
                lineNumber++;
                lineNumbers[index] = lineNumber;
            }
            if (c == '\n') {
                lineStart = true;
            }
            update(c);
        }

        void update(int c) {
            int leaving = window[index];
            window[index] = c;
            hash = MOD * hash + c - FIRST_MOD * leaving;
            index = (index + 1) % BLOCK_SIZE;
        }

        void output() {
            String value = Long.toUnsignedString(hash, 16);
            int n = counts.merge(value, 1, Integer::sum);
            // lines come out in order: line k is output k-th
            hashes.add(value + ":" + n);
            lineNumbers[index] = -1;
        }
    }

    private static long pow(long base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }
}
