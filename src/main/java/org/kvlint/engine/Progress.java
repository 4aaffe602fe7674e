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
