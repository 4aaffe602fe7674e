package org.kvlint.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.FunctionSummary;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Level;
import org.kvlint.rules.Span;

/** The cache's encoding of plain facts: every value comes back equal; nothing foreign is rebuilt. */
class RecordCodecTest {
    static FileEntry.Analysis sample() {
        Span span = new Span(3, 5, 3, 20, 40, 55);
        Finding f = new Finding("KV004", Level.ERROR, "drivers/foo.c", span, "memory from vmalloc() is freed",
                List.of(new Finding.Related(span, "vmalloc() allocation")),
                List.of(new Fix("use kvfree()", List.of(new Fix.TextEdit(40, 45, "kvfree")), Fix.Applicability.SAFE, "")));
        FunctionSummary s = new FunctionSummary("foo_alloc", "drivers/foo.c", false,
                EnumSet.of(ApiFunction.Family.VMALLOC), Map.of(ApiFunction.Family.VMALLOC, "vmalloc() at line 3"),
                false, java.util.Set.of("bar"), Map.of(0, List.of(new FunctionSummary.ParamFree("kfree", null, -1, 0, 9))));
        return new FileEntry.Analysis(List.of("bar"), List.of(s), List.of(f),
                List.of(new FileEntry.Consult("returns", "bar", -1, "")), 2, 1234, List.of(new FileEntry.Partly(7, "f")),
                "int f(void);\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anAnalysisComesBackEqual() {
        FileEntry.Analysis a = sample();
        assertEquals(a, Cache.deserialise(Cache.serialise(a)));
    }

    @Test
    void aSortedMapComesBackSorted() {
        java.util.SortedMap<String, Integer> m = new java.util.TreeMap<>(Map.of("b->x", 2, "a", 1, "c[0]", 3));
        Object back = Cache.decodeValue(Cache.encodeValue(m));
        assertEquals(m, back);
        assertEquals(List.of("a", "b->x", "c[0]"), List.copyOf(((java.util.SortedMap<?, ?>) back).keySet()));
        assertThrows(IllegalArgumentException.class, () -> Cache.encodeValue(
                new java.util.TreeMap<String, Integer>(java.util.Comparator.reverseOrder())));
    }

    @Test
    void aForeignClassNameIsRefusedNotLoaded() {
        byte[] blob = Cache.serialise(sample());
        String text = new String(blob, StandardCharsets.ISO_8859_1).replace("org.kvlint.index.FileEntry$Analysis",
                "java.lang.ProcessBuilder$Redirect_");
        assertThrows(IllegalStateException.class, () -> RecordCodec.decode(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void truncatedBytesAreDamageNotACrash() {
        byte[] blob = Cache.serialise(sample());
        for (int cut = 0; cut < blob.length; cut += 7) {
            byte[] part = java.util.Arrays.copyOf(blob, cut);
            assertThrows(RuntimeException.class, () -> Cache.deserialise(part));
        }
    }
}
