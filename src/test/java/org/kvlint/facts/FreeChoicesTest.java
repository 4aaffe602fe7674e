package org.kvlint.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Open-coded kvfree() found on the flow: kinds and shapes. */
class FreeChoicesTest {
    private static List<String> choices(String code) {
        return PointerFactsTest.facts(code).pointers().choices().stream()
                .map(c -> c.kind() + " " + c.shape() + "@" + c.statement().line()).toList();
    }

    @Test
    void kindsAndShapes() {
        assertEquals(List.of("VMALLOC_TEST IF_ELSE@3", "INVERTED_VMALLOC_TEST TERNARY@10", "SIZE IF_ELSE@14",
                "FLAG_PAIR TWO_IFS@19", "FLAG TWO_IFS@26", "FLAG APART@33"), choices("""
                static void a(void *p)
                {
                \tif (is_vmalloc_addr(p))
                \t\tvfree(p);
                \telse
                \t\tkfree(p);
                }
                static void b(void *p)
                {
                \tis_vmalloc_addr(p) ? kfree(p) : vfree(p);
                }
                static void c(struct s *s)
                {
                \tif (s->size > PAGE_SIZE) { vfree(s->buf); s->n--; }
                \telse kfree(s->buf);
                }
                static void d(struct s *s)
                {
                \tif (s->flags & S_KMALLOC)
                \t\tkfree(s->buf);
                \tif (s->flags & S_VMALLOC)
                \t\tvfree(s->buf);
                }
                static void e(struct s *s)
                {
                \tif (!s->vm)
                \t\tkfree(s->buf);
                \tif (s->vm)
                \t\tvfree(s->buf);
                }
                static void f(struct s *s)
                {
                \tif (s->vm) {
                \t\tvfree(s->buf);
                \t\treturn;
                \t}
                \tkfree(s->buf);
                }
                """));
    }

    @Test
    void notChoices() {
        assertEquals(List.of(), choices("""
                static void three(void *n, unsigned int sz)
                {
                \tif (sz <= PAGE_SIZE)
                \t\tkfree(n);
                \telse if (hashdist)
                \t\tvfree(n);
                \telse
                \t\tfree_pages((unsigned long)n, get_order(sz));
                }
                static void same_bit(struct s *s)
                {
                \tif (s->flags & S_A)
                \t\tkfree(s->buf);
                \tif (s->flags & S_A)
                \t\tvfree(s->buf);
                }
                static void two_words(struct s *s, struct s *t)
                {
                \tif (s->flags & S_A)
                \t\tkfree(s->buf);
                \tif (t->flags & S_B)
                \t\tvfree(s->buf);
                }
                static void other_pointer(void *p, void *q)
                {
                \tif (is_vmalloc_addr(q))
                \t\tvfree(p);
                \telse
                \t\tkfree(p);
                }
                static void sequence(size_t n)
                {
                \tvoid *p = kmalloc(8, GFP_KERNEL);
                \tkfree(p);
                \tp = vmalloc(n);
                \tvfree(p);
                }
                static void changes(struct s *s)
                {
                \tif (s->vm)
                \t\tvfree(s->buf);
                \ts->vm = 0;
                \tif (!s->vm)
                \t\tkfree(s->buf);
                }
                """));
    }

    @Test
    void theFreeFactsAreSerializable() throws Exception {
        FileFacts f = PointerFactsTest.facts("""
                static void a(struct s *s, size_t n)
                {
                	void *p = kvmalloc(64, GFP_KERNEL);
                	spin_lock(&s->lock);
                	if (s->flags & S_KMALLOC)
                		kfree(s->buf);
                	if (s->flags & S_VMALLOC)
                		vfree(s->buf);
                	spin_unlock(&s->lock);
                	kfree_sensitive(p);
                }
                """);
        List<Object> all = new java.util.ArrayList<>();
        all.addAll(f.pointers().releases());
        all.addAll(f.pointers().choices());
        all.addAll(f.pointers().kvAllocations());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.ArrayList<>(all));
        }
        Object back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(java.io.ObjectInputFilter.Config.createFilter(
                    "org.kvlint.**;java.util.**;java.lang.*;!*"));
            back = in.readObject();
        }
        assertEquals(all, back);
        assertEquals(1, f.pointers().choices().size());
        FreeFact kfree = f.pointers().releases().stream().filter(r -> r.callee().equals("kfree")).findFirst().orElseThrow();
        assertEquals("while a spinlock is held (spin_lock(&s->lock))", kfree.atomic());
        assertEquals("s->buf", kfree.args().getFirst().canonical());
        assertEquals(List.of(), kfree.rivals(), "two ifs without else or early exit: no rival");
        KvAllocFact kv = f.pointers().kvAllocations().getFirst();
        assertEquals(true, kv.smallConstant());
        assertEquals(64, kv.bytesOnX86());
    }
}
