package org.kvlint.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.kvlint.syntax.CParser;

/**
 * Work over a list on up to {@code jobs} threads, each with its own {@link CParser} (a parser is
 * not thread-safe), results in the list's order whatever the scheduling: the one way kvlint's
 * commands run per-file work in parallel.
 */
public final class Workers {
    /** Deeply nested expressions in generated code recurse deep in the tree copy, the rules and the interpreter. */
    private static final long STACK_BYTES = 256L << 20;

    private Workers() {}

    /**
     * {@code work} applied to every item; {@code name} names the threads (for stack dumps).
     *
     * @throws IllegalStateException if the calling thread is interrupted while waiting
     * @throws RuntimeException the first exception or error {@code work} threw (the others stop early)
     */
    public static <T, R> List<R> map(List<T> items, int jobs, String name, BiFunction<T, CParser, R> work) {
        return run(items, jobs, name, true, work);
    }

    /**
     * As {@link #map}, taking the items in descending order of {@code cost} (ties in list order):
     * the largest pieces of work start first, so that the last to finish is a small one and no
     * thread idles long at the end of the run (results still in the list's order).
     */
    public static <T, R> List<R> mapLargestFirst(List<T> items, int jobs, String name,
                                                 java.util.function.ToLongFunction<T> cost,
                                                 BiFunction<T, CParser, R> work) {
        long[] costs = new long[items.size()];
        for (int i = 0; i < costs.length; i++) {
            costs[i] = cost.applyAsLong(items.get(i));
        }
        Integer[] order = new Integer[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> costs[a] != costs[b] ? Long.compare(costs[b], costs[a]) : Integer.compare(a, b));
        List<R> byOrder = run(Arrays.asList(order), jobs, name, true, (i, parser) -> work.apply(items.get(i), parser));
        Object[] results = new Object[items.size()];
        for (int k = 0; k < order.length; k++) {
            results[order[k]] = byOrder.get(k);
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return java.util.Collections.unmodifiableList(out);
    }

    /** As {@link #map}, for work that parses nothing: no parser is opened. */
    public static <T, R> List<R> mapWithoutParser(List<T> items, int jobs, String name,
                                                  java.util.function.Function<T, R> work) {
        return run(items, jobs, name, false, (item, none) -> work.apply(item));
    }

    private static <T, R> List<R> run(List<T> items, int jobs, String name, boolean parse,
                                      BiFunction<T, CParser, R> work) {
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        // a worker's exception ends the whole run, rethrown here, rather than leaving a hole in the results
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int threads = Math.max(1, Math.min(jobs, items.size()));
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(null, () -> {
                try (CParser parser = parse ? new CParser() : null) {
                    for (int i = next.getAndIncrement(); i < items.size() && failure.get() == null;
                         i = next.getAndIncrement()) {
                        results[i] = work.apply(items.get(i), parser);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + t, STACK_BYTES);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + " interrupted", e);
            }
        }
        switch (failure.get()) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure.get());
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return java.util.Collections.unmodifiableList(out);
    }
}
