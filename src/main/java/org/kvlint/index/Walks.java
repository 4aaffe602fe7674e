package org.kvlint.index;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A tree of directories listed on a few threads: each directory is one task, the subdirectories
 * it finds become tasks of their own (work stealing, no thread waits while another lists a large
 * directory). Used by both tree walks.
 */
final class Walks {
    private Walks() {}

    /**
     * Lists {@code root} and, through {@code more}, everything below it.
     *
     * @param list lists one directory and hands each subdirectory to its second argument
     * @throws RuntimeException the first exception a listing threw
     */
    static <D> void run(int threads, D root, BiConsumer<D, Consumer<D>> list) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            pool.invoke(new Task<>(root, list));
        } finally {
            pool.shutdown();
        }
    }

    private static final class Task<D> extends RecursiveAction {
        private final D dir;
        private final BiConsumer<D, Consumer<D>> list;

        Task(D dir, BiConsumer<D, Consumer<D>> list) {
            this.dir = dir;
            this.list = list;
        }

        @Override
        protected void compute() {
            List<Task<D>> subs = new ArrayList<>();
            list.accept(dir, d -> subs.add(new Task<>(d, list)));
            invokeAll(subs);
        }
    }
}
