package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvlint.engine.ScanOptions;
import org.kvlint.engine.ScanResult;
import org.kvlint.engine.Scanner;
import org.kvlint.rules.RuleContext;
import org.kvlint.validate.ValidationResult;

/**
 * Each proof runs its function in every scenario: a file of many fixes is proven for its first
 * {@link ProvenFixes#MAX_PROOFS_PER_FILE} only, the rest are "not validated" and say why, so the
 * cost of a generated file grows linearly.
 */
class ProofBudgetTest {
    @TempDir
    Path dir;

    @Test
    void aFileOfManyFixesIsProvenForItsFirstFixesOnly() throws IOException {
        StringBuilder b = new StringBuilder();
        int n = ProvenFixes.MAX_PROOFS_PER_FILE + 8;
        for (int i = 0; i < n; i++) {
            b.append("void *f").append(i).append("(size_t n)\n{\n\tvoid *p = kmalloc(n, GFP_KERNEL);\n\n")
                    .append("\tif (!p)\n\t\tp = vmalloc(n);\n\treturn p;\n}\n\n");
        }
        Path file = Files.writeString(dir.resolve("many.c"), b);
        RuleContext rules = RuleContext.standard();
        ScanResult scan = new Scanner(rules).scan(new ScanOptions(List.of(file.toString()), 1, Optional.empty()));
        List<ProvenFixes.Proof> proofs = ProvenFixes.prove(scan, 1, rules).all();
        assertEquals(n, proofs.size(), "one fix per fallback");
        long overBudget = proofs.stream().filter(p -> p.result().reason().contains("kvlint proves the first")).count();
        assertEquals(n - ProvenFixes.MAX_PROOFS_PER_FILE, overBudget);
        assertTrue(proofs.stream().filter(p -> p.result().reason().contains("kvlint proves the first"))
                .allMatch(p -> p.result().status() == ValidationResult.Status.NOT_VALIDATED));
    }
}
