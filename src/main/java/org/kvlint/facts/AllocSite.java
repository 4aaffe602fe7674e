package org.kvlint.facts;

/**
 * An allocation stored into a place: {@code place = kmalloc(...)}.
 *
 * @param assignment the stored call
 * @param place its storage identity
 */
public record AllocSite(Assignment assignment, Place place) {
    public CallSite call() {
        return assignment.call();
    }
}
