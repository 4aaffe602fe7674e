package org.kvlint.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kvlint.facts.AllocatorApi;
import org.kvlint.facts.ApiFunction;

/** Every function of rules/allocators.yaml can be called by its C name. */
class CallByNameTest {

    private static final AllocatorApi API = AllocatorApi.standard();

    static Stream<String> functions() {
        return AllocatorModel.modelledFunctions(API).stream();
    }

    /** Arguments shaped by the table row: sizes multiply to 400, the mask is GFP_KERNEL, node 0. */
    private static List<Arg> argsFor(ApiFunction f, Pointer p) {
        int n = Math.max(Math.max(f.gfpArg(), f.nodeArg()), f.sizeArgs().stream().mapToInt(i -> i).max().orElse(0)) + 1;
        if (f.role() == ApiFunction.Role.FREE && f.name().equals("kvfree_sensitive")) {
            n = 2;
        }
        List<Arg> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(Arg.size(i == 0 ? 0 : 1));
        }
        if (f.role() != ApiFunction.Role.ALLOC || f.sizeArgs().isEmpty()) {
            args.set(0, f.sizeArgs().isEmpty() && f.role() == ApiFunction.Role.ALLOC ? Arg.text("kvlint") : Arg.ptr(p));
        }
        for (int i = 0; i < f.sizeArgs().size(); i++) {
            args.set(f.sizeArgs().get(i), Arg.size(i == 0 ? (f.sizeArgs().size() == 1 ? 400 : 4) : 100));
        }
        if (f.name().equals("kstrndup")) {
            args.set(1, Arg.size(3));
        }
        if (f.name().equals("kvfree_sensitive")) {
            args.set(1, Arg.size(100));
        }
        if (f.gfpArg() >= 0) {
            args.set(f.gfpArg(), Arg.gfp(GfpMask.GFP_KERNEL));
        }
        if (f.nodeArg() >= 0) {
            args.set(f.nodeArg(), Arg.node(0));
        }
        return args;
    }

    @ParameterizedTest
    @MethodSource("functions")
    void callable(String name) {
        ModelConfig newest = ModelConfig.defaults().withProfile(KernelProfile.V6_16);
        AllocatorModel model = new AllocatorModel(newest);
        ApiFunction f = API.get(name);
        // memory the function may legally take: of the family it frees, or kmalloc memory for realloc/query
        ApiFunction.Family family = f.isFree() ? f.frees().getFirst() : ApiFunction.Family.KMALLOC;
        String allocator = switch (family) {
            case KMALLOC -> "kmalloc";
            case VMALLOC -> "__vmalloc";
            case KV -> "kvmalloc";
            case PAGE -> throw new AssertionError("the page allocator is not modelled: " + name);
        };
        Pointer p = model.call(allocator, List.of(Arg.size(100), Arg.gfp(GfpMask.GFP_KERNEL)), "a").pointer();
        List<Arg> args = argsFor(f, p);
        if (name.equals("kvrealloc")) { // 6.12+ signature on V6_16
            args = List.of(Arg.ptr(p), Arg.size(400), Arg.gfp(GfpMask.GFP_KERNEL));
        }
        Outcome o = model.call(name, args, "call");
        switch (f.role()) {
            case ALLOC, REALLOC -> {
                Outcome.Allocated a = assertInstanceOf(Outcome.Allocated.class, o);
                Allocation rec = model.allocation(a.pointer()).orElseThrow();
                assertEquals(name, rec.api());
                assertEquals(f.family(), rec.provenance());
                assertEquals("call", rec.site());
                assertEquals(f.zero() == ApiFunction.Zeroing.ALWAYS, a.zeroed(), "zeroing of " + name);
                if (name.startsWith("kst")) {
                    assertEquals(name.equals("kstrndup") ? 4 : 7, rec.requested());
                } else {
                    assertEquals(400, rec.requested());
                }
            }
            case FREE -> assertInstanceOf(Outcome.Done.class, o);
            case QUERY -> assertEquals(new Outcome.Answer(false), o);
        }
        assertTrue(model.trace().last().diagnostics().isEmpty(), () -> model.trace().last().diagnostics().toString());
    }

    @Test
    void unknownFunctionsAndBadArgumentsAreRejectedWithoutRecording() {
        AllocatorModel model = new AllocatorModel(ModelConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> model.call("malloc", List.of(Arg.size(1)), "s"));
        assertThrows(IllegalArgumentException.class, () -> model.call("kmalloc", List.of(Arg.size(1)), "s"));
        assertThrows(IllegalArgumentException.class,
                () -> model.call("kmalloc", List.of(Arg.gfp(GfpMask.GFP_KERNEL), Arg.size(1)), "s"));
        assertThrows(IllegalArgumentException.class, () -> model.call("kstrdup",
                List.of(Arg.ptr(new Pointer(0xffff888000001000L)), Arg.gfp(GfpMask.GFP_KERNEL)), "s"));
        assertTrue(model.trace().calls().isEmpty());
    }

    @Test
    void cValuesWorkForPointersAndMasks() {
        AllocatorModel model = new AllocatorModel(ModelConfig.defaults());
        Outcome p = model.call("kmalloc", List.of(Arg.size(8), Arg.gfp("GFP_KERNEL")), "s");
        // an interpreter may hand pointers back as plain integers
        assertInstanceOf(Outcome.Done.class, model.call("kfree", List.of(new Arg.Int(p.value())), "s"));
        assertTrue(model.trace().last().diagnostics().isEmpty());
        assertEquals(Outcome.FailureReason.NULL_SOURCE, ((Outcome.Failed) model.call("kstrdup",
                List.of(Arg.ptr(Pointer.NULL), Arg.gfp(GfpMask.GFP_KERNEL)), "s")).reason());
        assertTrue(model.finish().leakFree());
    }

    @Test
    void dupFunctionsCopyRatherThanZero() {
        AllocatorModel model = new AllocatorModel(ModelConfig.defaults());
        Outcome o = model.call("kmemdup", List.of(Arg.ptr(Pointer.NULL), Arg.size(32), Arg.gfp("GFP_KERNEL | __GFP_ZERO")), "s");
        assertFalse(((Outcome.Allocated) o).zeroed());
    }
}
