package org.kvlint.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kvlint.alloc.Arg;
import org.kvlint.alloc.Backend;
import org.kvlint.alloc.CallRecord;
import org.kvlint.alloc.Diagnostic;
import org.kvlint.alloc.Event;
import org.kvlint.alloc.Fault;
import org.kvlint.alloc.Limits;
import org.kvlint.alloc.Outcome;
import org.kvlint.alloc.PageAllocator.Resolution;
import org.kvlint.alloc.Trace;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;

/**
 * Tells a run's allocator calls as short phrases: "kmalloc(16 KiB) retries, OOM killer invoked,
 * then succeeds", "kvmalloc(16 KiB): slab attempt fails quietly, vmalloc serves". Only what a
 * kernel developer would want to know: allocations, and frees that are wrong.
 */
final class Narrative {
    private Narrative() {}

    /** @param unreached "vmalloc() fallback at line 20 never reached" notes, appended */
    static List<String> story(Trace trace, AllocatorApi api, Limits limits, List<String> unreached) {
        List<String> out = new ArrayList<>();
        for (CallRecord r : trace.calls()) {
            Optional<ApiFunction> f = api.lookup(r.function());
            if (f.isEmpty()) {
                continue;
            }
            String phrase = switch (f.get().role()) {
                case ALLOC, REALLOC -> allocation(r, f.get(), limits);
                case FREE -> free(r);
                case QUERY -> null;
            };
            if (phrase != null) {
                out.add(phrase);
            }
        }
        out.addAll(unreached);
        return out;
    }

    private static String allocation(CallRecord r, ApiFunction f, Limits limits) {
        long size = requestedSize(r, f);
        String head = r.function() + "(" + (size >= 0 ? Sizes.human(size) : "?") + ")";
        Outcome o = r.outcome();
        if (f.role() == ApiFunction.Role.REALLOC) {
            return head + (o instanceof Outcome.Allocated ? " succeeds" : " fails") + warned(r);
        }
        if (o instanceof Outcome.Allocated a && a.backend() == Backend.ZERO_SIZE) {
            return head + " returns ZERO_SIZE_PTR";
        }
        return switch (f.family()) {
            case KMALLOC -> head + " " + kmalloc(r, o);
            case VMALLOC -> head + " " + vmalloc(r, o);
            case KV -> head + ": " + kvmalloc(r, o, size, limits);
            case PAGE -> head + (o instanceof Outcome.Allocated ? " succeeds" : " fails"); // never recorded: not modelled
        };
    }

    private static String kmalloc(CallRecord r, Outcome o) {
        if (o instanceof Outcome.Failed f) {
            return switch (f.reason()) {
                case TOO_LARGE -> "is refused: above KMALLOC_MAX_SIZE" + warned(r);
                case OVERFLOW -> "returns NULL: n * size overflows";
                case INJECTED -> "fails (injected)" + warned(r);
                default -> "fails" + (r.warningPrinted() ? ", warns" : " quietly");
            };
        }
        return resolution(r, Backend.SLAB).map(Narrative::served).orElse("succeeds");
    }

    private static String vmalloc(CallRecord r, Outcome o) {
        if (o instanceof Outcome.Failed f) {
            return switch (f.reason()) {
                case TOO_LARGE -> "is refused: larger than RAM" + warned(r);
                case ZERO_SIZE -> "of 0 bytes returns NULL" + warned(r);
                case OVERFLOW -> "returns NULL: n * size overflows";
                default -> "fails" + (r.warningPrinted() ? ", warns" : " quietly");
            };
        }
        return resolution(r, Backend.VMALLOC).map(Narrative::served).orElse("succeeds");
    }

    private static String kvmalloc(CallRecord r, Outcome o, long size, Limits limits) {
        List<String> parts = new ArrayList<>();
        boolean skipped = r.events().stream().anyMatch(e -> e instanceof Event.FaultInjected fi
                && fi.fault() instanceof Fault.KvRandomBackend);
        boolean fellBack = r.fellBackToVmalloc();
        boolean large = size > limits.pageSize();
        if (skipped) {
            parts.add("kmalloc try skipped (random backend)");
        } else if (o instanceof Outcome.Allocated a && a.backend().isKmalloc()) {
            String how = resolution(r, Backend.SLAB).map(Narrative::kvServed).orElse("serves");
            parts.add((a.backend() == Backend.SLAB ? "slab " : "kmalloc (pages) ") + how);
        } else if (large || o instanceof Outcome.Failed) {
            boolean kmallocWarned = r.diagnostics().stream().anyMatch(d -> d.bug() == org.kvlint.alloc.Bug.WARN_ALLOC_FAIL)
                    && !fellBack;
            parts.add((large ? "slab attempt fails" : "kmalloc fails") + (kmallocWarned ? ", warns" : " quietly"));
        }
        if (fellBack) {
            if (o instanceof Outcome.Allocated) {
                parts.add(resolution(r, Backend.VMALLOC).map(Narrative::vmallocServed).orElse("vmalloc serves"));
            } else {
                parts.add("vmalloc fails" + (r.warningPrinted() ? ", warns" : ""));
            }
        } else if (o instanceof Outcome.Failed f) {
            switch (f.reason()) {
                case OVER_INT_MAX -> parts.add("refused above INT_MAX" + warned(r) + ", NULL");
                case NON_BLOCKING -> parts.add("no vmalloc for non-blocking flags, NULL");
                case OVERFLOW -> parts.add("n * size overflows, NULL");
                default -> parts.add(large ? "NULL" : "NULL (no fallback up to PAGE_SIZE)");
            }
        }
        return String.join(", ", parts);
    }

    /** The page allocator's resolution for the first request of this stage (SLAB also covers PAGES). */
    private static Optional<Resolution> resolution(CallRecord r, Backend stage) {
        return r.events().stream()
                .filter(e -> e instanceof Event.PageRequest p && (stage == Backend.VMALLOC
                        ? p.stage() == Backend.VMALLOC : p.stage() != Backend.VMALLOC))
                .map(e -> ((Event.PageRequest) e).resolution())
                .filter(x -> x != Resolution.MET).findFirst()
                .or(() -> r.events().stream().anyMatch(e -> e instanceof Event.PageRequest) ? Optional.of(Resolution.MET)
                        : Optional.empty());
    }

    private static String served(Resolution x) {
        return switch (x) {
            case MET -> "succeeds";
            case RECLAIMED -> "compacts memory, then succeeds";
            case OOM_KILLER_INVOKED -> "retries, OOM killer invoked, then succeeds";
            case LOOPED_WITHOUT_KILLING -> "retries until memory is freed, then succeeds";
            case FAILED -> "fails";
            case REFUSED -> "is refused (order >= MAX_ORDER)";
        };
    }

    private static String kvServed(Resolution x) {
        return switch (x) {
            case RECLAIMED -> "serves after compaction";
            case OOM_KILLER_INVOKED -> "serves after the OOM killer ran";
            case LOOPED_WITHOUT_KILLING -> "serves after retrying";
            default -> "serves";
        };
    }

    private static String vmallocServed(Resolution x) {
        return switch (x) {
            case MET, RECLAIMED -> "vmalloc serves";
            case OOM_KILLER_INVOKED -> "vmalloc serves after the OOM killer ran";
            case LOOPED_WITHOUT_KILLING -> "vmalloc serves after retrying";
            default -> "vmalloc serves";
        };
    }

    private static String free(CallRecord r) {
        List<String> bad = r.diagnostics().stream().filter(d -> d.bug().isIllegalRelease())
                .map(Diagnostic::bug).map(Enum::name).distinct().toList();
        return bad.isEmpty() ? null : r.function() + "() is illegal (" + String.join(", ", bad) + ")";
    }

    private static String warned(CallRecord r) {
        return r.warningPrinted() ? " (warns)" : "";
    }

    /** The byte size the call asked for, or -1 when it is not a plain integer product. */
    static long requestedSize(CallRecord r, ApiFunction f) {
        if (f.sizeArgs().isEmpty()) {
            return r.events().stream().filter(e -> e instanceof Event.Allocated).findFirst()
                    .map(e -> ((Event.Allocated) e).allocation().requested()).orElse(-1L);
        }
        List<Integer> idx = f.role() == ApiFunction.Role.REALLOC && f.family() == ApiFunction.Family.KV
                && r.args().size() == 3 ? List.of(1) : f.sizeArgs();
        long size = 1;
        for (int i : idx) {
            if (i >= r.args().size() || !(r.args().get(i) instanceof Arg.Int(long v))) {
                return -1;
            }
            if (Math.unsignedMultiplyHigh(size, v) != 0) {
                return -1;
            }
            size *= v;
        }
        return size;
    }
}
