package org.kvlint.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers to the questions the code asks about unknown values on one execution path
 * ("is {@code err} non-zero the 1st time?", "where does {@code priv->buf} come from?"). Keyed by
 * the question's canonical C text and occurrence, not by position, so the version before and the
 * version after a rewrite get the same answers. Unanswered questions get choice 0 and are
 * recorded: {@link Validator} explores their other choices as further paths (depth first).
 */
final class Decisions {

    /** One question: its key, how many answers it has, and a short text for people. */
    record Question(String key, int arity, String text, List<String> answers) {}

    private final Map<String, Integer> fixed;
    private final Map<String, Question> fresh = new LinkedHashMap<>();
    private final Map<String, Question> asked = new LinkedHashMap<>();
    /** Every key asked and every loop summary entered, by every run of this path, in order. */
    private final List<String> log = new ArrayList<>();

    Decisions(Map<String, Integer> fixed) {
        this.fixed = Map.copyOf(fixed);
    }

    /** The answer index (0 ≤ index < arity) for this question on this path. */
    int choose(String key, String text, List<String> answers) {
        Question q = new Question(key, answers.size(), text, List.copyOf(answers));
        log.add(key);
        asked.putIfAbsent(key, q);
        Integer c = fixed.get(key);
        if (c != null) {
            return c;
        }
        fresh.putIfAbsent(key, q);
        return 0;
    }

    boolean chooseBool(String key, String text) {
        return choose(key, text, List.of("false", "true")) == 1;
    }

    /**
     * A run entered the summary of a loop ({@code Interpreter#loopToItsExit}): not a question,
     * but logged like one, so that a path dropped there can be told from one the other version
     * never reached ({@link Validator}).
     */
    void enter(String marker) {
        log.add(marker);
    }

    /** The position in the log: what runs asked and entered from here on is {@link #logged(int, int)}. */
    int mark() {
        return log.size();
    }

    /** Keys and markers logged between two marks. */
    List<String> logged(int from, int to) {
        return List.copyOf(log.subList(from, to));
    }

    /** Questions this path asked that were not fixed in advance, in the order first asked. */
    List<Question> fresh() {
        return new ArrayList<>(fresh.values());
    }

    /** "err = true; origin of priv->buf: from vmalloc()": the non-default answers of this path, for people. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (Question q : asked.values()) {
            int c = fixed.getOrDefault(q.key(), 0);
            if (c != 0) {
                boolean bool = q.answers().equals(List.of("false", "true"));
                parts.add(q.text() + (bool ? " = " : ": ") + q.answers().get(c));
            }
        }
        return String.join("; ", parts);
    }

    /** Every fixed answer plus default answers for the fresh questions: the assignment of this path. */
    Map<String, Integer> assignment() {
        Map<String, Integer> all = new LinkedHashMap<>(fixed);
        fresh.keySet().forEach(k -> all.putIfAbsent(k, 0));
        return all;
    }

    Map<String, Integer> fixed() {
        return fixed;
    }
}
