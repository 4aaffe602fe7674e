package org.kvlint.alloc;

import java.util.List;
import java.util.Optional;

/** The fault-injection rules of one run (§5.6); empty = baseline. */
public record FaultPlan(List<Fault> faults) {

    public static final FaultPlan NONE = new FaultPlan(List.of());

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    public static FaultPlan of(Fault... faults) {
        return new FaultPlan(List.of(faults));
    }

    public boolean isNone() {
        return faults.isEmpty();
    }

    /** The first rule of the given kind. */
    public <F extends Fault> Optional<F> find(Class<F> kind) {
        return faults.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    public boolean has(Class<? extends Fault> kind) {
        return find(kind).isPresent();
    }
}
