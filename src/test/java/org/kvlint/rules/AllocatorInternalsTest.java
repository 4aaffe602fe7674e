package org.kvlint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * mm/ of a kernel tree: the code that implements kmalloc, vmalloc and kvmalloc makes these
 * choices on purpose and stays quiet; other mm/ code that merely uses the allocators does not.
 */
class AllocatorInternalsTest {
    private static final String CHOICE = """
            static void *%s(size_t size, gfp_t gfp)
            {
            \tif (size <= PAGE_SIZE)
            \t\treturn kzalloc(size, gfp);
            \telse
            \t\treturn __vmalloc(size, gfp | __GFP_ZERO);
            }
            """;

    private static final String FREE = """
            void %s(const void *addr)
            {
            	if (is_vmalloc_addr(addr))
            		vfree(addr);
            	else
            		kfree(addr);
            }
            """;

    @TempDir
    Path tree;

    private List<String> findings(String relative, String function) throws IOException {
        return findings(relative, function, CHOICE);
    }

    private List<String> findings(String relative, String function, String code) throws IOException {
        Files.createDirectories(tree.resolve("init"));
        Files.createDirectories(tree.resolve("kernel"));
        Path file = tree.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, code.formatted(function));
        ScanResult r = Scanner.standard().scan(new ScanOptions(List.of(file.toString()), 1, Optional.empty()));
        return r.findings().stream().map(Finding::ruleId).toList();
    }

    @Test
    void theAllocatorsOwnFilesAreQuiet() throws IOException {
        assertEquals(List.of(), findings("mm/util.c", "pick_backing"));
    }

    @Test
    void aFunctionNamedAfterTheAllocatorItImplementsIsQuiet() throws IOException {
        assertEquals(List.of(), findings("mm/sparse.c", "__kvmalloc_node_sparse"));
    }

    @Test
    void otherMmCodeIsReported() throws IOException {
        assertEquals(List.of("KV002"), findings("mm/percpu.c", "pcpu_mem_zalloc"));
    }

    @Test
    void mmOfAnArchIsNotTheAllocators() throws IOException {
        assertEquals(List.of("KV002"), findings("arch/arm/mm/util.c", "pick_backing"));
    }

    @Test
    void kvfreeItselfIsQuietAndAFreeChoiceElsewhereInMmIsReported() throws IOException {
        assertEquals(List.of(), findings("mm/util.c", "kvfree", FREE));
        assertEquals(List.of("KV003"), findings("mm/percpu.c", "pcpu_mem_free", FREE));
        assertEquals(List.of("KV003"), findings("arch/arm/mm/dma-mapping.c", "__iommu_free_buffer", FREE));
    }
}
