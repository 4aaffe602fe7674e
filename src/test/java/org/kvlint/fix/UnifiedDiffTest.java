package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void gitStyleHeaderHunksAndFunctionContext() {
        String before = "int a;\n\nstatic int foo(void)\n{\n\tint x;\n\n\tp = kmalloc(n, GFP_KERNEL);\n\tif (!p)\n"
                + "\t\tp = vmalloc(n);\n\treturn 0;\n}\n";
        String after = before.replace("kmalloc(n, GFP_KERNEL);\n\tif (!p)\n\t\tp = vmalloc(n);", "kvmalloc(n, GFP_KERNEL);");
        UnifiedDiff.FileDiff d = UnifiedDiff.render("drivers/foo/foo.c", b(before), b(after), "100644");
        assertEquals("""
                diff --git a/drivers/foo/foo.c b/drivers/foo/foo.c
                index %s..%s 100644
                --- a/drivers/foo/foo.c
                +++ b/drivers/foo/foo.c
                @@ -4,8 +4,6 @@ static int foo(void)
                 {
                 \tint x;
                \s
                -\tp = kmalloc(n, GFP_KERNEL);
                -\tif (!p)
                -\t\tp = vmalloc(n);
                +\tp = kvmalloc(n, GFP_KERNEL);
                 \treturn 0;
                 }
                """.formatted(UnifiedDiff.blobId(b(before)), UnifiedDiff.blobId(b(after))), d.text());
        assertEquals(1, d.insertions());
        assertEquals(3, d.deletions());
    }

    @Test
    void gitBlobIdsMatchGit() {
        // git hash-object of "hello\n"
        assertEquals("ce013625030b", UnifiedDiff.blobId(b("hello\n")));
    }

    @Test
    void aMissingFinalNewlineIsMarked() {
        UnifiedDiff.FileDiff d = UnifiedDiff.render("x.c", b("a\nkfree(p);"), b("a\nkvfree(p);"), "100644");
        assertTrue(d.text().endsWith("@@ -1,2 +1,2 @@\n a\n-kfree(p);\n\\ No newline at end of file\n+kvfree(p);\n"
                + "\\ No newline at end of file\n"), d.text());
    }

    @Test
    void crStaysPartOfTheLine() {
        UnifiedDiff.FileDiff d = UnifiedDiff.render("x.c", b("a\r\nb\r\n"), b("a\r\nc\r\n"), "100644");
        assertTrue(d.text().endsWith(" a\r\n-b\r\n+c\r\n"), d.text());
    }

    @Test
    void distantChangesMakeSeparateHunksCloseOnesMerge() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            s.append("l").append(i).append('\n');
        }
        String before = s.toString();
        String far = before.replace("l2\n", "L2\n").replace("l20\n", "L20\n");
        String farText = UnifiedDiff.render("x", b(before), b(far), "100644").text();
        assertEquals(2, farText.split("@@ -").length - 1, farText);
        String near = before.replace("l2\n", "L2\n").replace("l8\n", "L8\n");
        String text = UnifiedDiff.render("x", b(before), b(near), "100644").text();
        assertEquals(1, text.split("@@ -").length - 1, text);
    }
}
