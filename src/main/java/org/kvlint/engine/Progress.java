package org.kvlint.engine;

/** Hears how a scan advances; called from worker threads. */
public interface Progress {
    /**
     * @param done files finished
     * @param total files to look at
     * @param findings findings so far
     */
    void update(int done, int total, int findings);

    /** The scan is over: clear whatever was shown. */
    void finish();

    /**
     * After the scan, the fixes of the files with findings are proven on the allocator model
     * ({@code check --format json|sarif}, {@code fix}, {@code simulate --all}): a phase of its own,
     * seconds on a kernel tree, that a person at a terminal should see advance too.
     *
     * @param done files whose fixes are proven
     * @param total files with fixes to prove
     */
    default void proving(int done, int total) {
    }

    /** One line for the user about the scan itself (a damaged cache file was discarded...). */
    default void note(String line) {
    }

    /** No progress shown; the notes go to {@code notes}. */
    static Progress notesOnly(java.util.function.Consumer<String> notes) {
        return new Progress() {
            @Override
            public void update(int done, int total, int findings) {
            }

            @Override
            public void finish() {
            }

            @Override
            public void note(String line) {
                notes.accept(line);
            }
        };
    }

    /** Progress nobody hears. (A method, not a constant: an interface with default methods must not hold constants of its own type, see ClassInitialisationTest.) */
    static Progress none() {
        return new Progress() {
            @Override
            public void update(int done, int total, int findings) {
            }

            @Override
            public void finish() {
            }
        };
    }
}
