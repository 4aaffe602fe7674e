package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvlint.alloc.Bug;
import org.kvlint.alloc.GfpMask;
import org.kvlint.validate.Scenario.Memory;

/** One test per construct the interpreter executes, and per construct it refuses. */
class InterpreterTest {

    private static Cell returned(RunOutcome o) {
        return o.returned().orElseThrow(() -> new AssertionError("no return value: " + o.summary()));
    }

    private static List<Bug> bugs(List<RunOutcome.Issue> issues) {
        return issues.stream().map(RunOutcome.Issue::bug).toList();
    }

    @Test
    void declarationsAndAssignmentOperators() {
        RunOutcome o = Snippet.run("""
                int f(void)
                {
                	int a = 2, b;
                	unsigned long c = 0x10UL;

                	b = a * 3;
                	b += 4;
                	b |= 1;
                	b -= 1;
                	b <<= 1;
                	b++;
                	--b;
                	return b + (int)c - '\\0';
                }
                """, "f", 64);
        assertEquals(Cell.integer(36), returned(o));
    }

    @Test
    void theWidestLimitsDivideAsUnsigned() {
        // 'n < SIZE_MAX / 4' is the overflow check it reads as: true for any real size
        RunOutcome o = Snippet.run("""
                int f(void)
                {
                	unsigned long n = 8193;

                	if (n < (SIZE_MAX / sizeof(unsigned int)) && (ULONG_MAX >> 1) > n)
                		return 1;
                	return 0;
                }
                """, "f", 8193);
        assertEquals(Cell.integer(1), returned(o));
    }

    @Test
    void allocatorCallsByNameAndNullChecks() {
        String code = """
                void *f(size_t size)
                {
                	void *p = kmalloc(size, GFP_KERNEL);

                	if (!p)
                		return NULL;
                	return p;
                }
                """;
        RunOutcome small = Snippet.run(code, "f", 64);
        assertEquals(Cell.memory(false), returned(small));
        assertEquals(List.of("kmalloc(64 B) succeeds"), small.story());
        RunOutcome huge = Snippet.run(code, "f", Matrix.ABOVE_INT_MAX);
        assertEquals(Cell.NULL, returned(huge));
        assertEquals(List.of(Bug.WARN_OVERSIZE), bugs(huge.printed()));
        assertTrue(huge.leaks().isEmpty());
    }

    @Test
    void sizeComparisonsTernariesAndConstants() {
        String code = """
                void *f(size_t size)
                {
                	return size > PAGE_SIZE ? vmalloc(size) : kmalloc(size, GFP_KERNEL);
                }
                """;
        assertTrue(Snippet.run(code, "f", 4097).story().getFirst().startsWith("vmalloc(4097 B)"));
        assertTrue(Snippet.run(code, "f", 4096).story().getFirst().startsWith("kmalloc(4 KiB)"));
        RunOutcome big = Snippet.run("""
                void *f(void)
                {
                	return (void *)kmalloc(KMALLOC_MAX_SIZE + PAGE_SIZE, GFP_KERNEL);
                }
                """, "f", 64);
        assertEquals(Cell.NULL, returned(big));
        assertEquals(List.of(Bug.WARN_OVERSIZE), bugs(big.printed()));
    }

    @Test
    void ifElseAndGfpArithmetic() {
        String code = """
                void *f(size_t n)
                {
                	gfp_t gfp = GFP_KERNEL;

                	if (n > 4096)
                		gfp |= __GFP_NOWARN;
                	else
                		gfp = GFP_ATOMIC;
                	return kmalloc(n, gfp & ~__GFP_ZERO);
                }
                """;
        RunOutcome o = Snippet.run(code, "f", 1 << 20, Memory.EXHAUSTED, Map.of()).outcome();
        assertEquals(Cell.NULL, returned(o));
        assertTrue(o.printed().isEmpty(), "NOWARN was added: " + o.printed());
    }

    @Test
    void gotoToCleanupLabels() {
        String code = """
                int f(size_t n)
                {
                	void *a, *b;
                	int err = -ENOMEM;

                	a = kmalloc(n, GFP_KERNEL);
                	if (!a)
                		goto out;
                	b = vmalloc(n);
                	if (!b)
                		goto free_a;
                	vfree(b);
                	err = 0;
                free_a:
                	kfree(a);
                out:
                	return err;
                }
                """;
        RunOutcome ok = Snippet.run(code, "f", 64);
        assertEquals(Cell.integer(0), returned(ok));
        assertTrue(ok.illegalReleases().isEmpty() && ok.leaks().isEmpty(), ok.summary());
        RunOutcome failed = Snippet.run(code, "f", 1 << 20, Memory.EXHAUSTED, Map.of()).outcome();
        assertEquals(Cell.integer(-12), returned(failed));
        assertTrue(failed.leaks().isEmpty(), failed.summary());
    }

    @Test
    void freesAreJudgedByTheModel() {
        RunOutcome o = Snippet.run("""
                void f(size_t n)
                {
                	void *p = vmalloc(n);

                	kfree(p);
                	kvfree(p);
                }
                """, "f", 64);
        assertEquals(List.of(Bug.MISMATCHED_FREE, Bug.DOUBLE_FREE), bugs(o.illegalReleases()));
    }

    @Test
    void branchHintsArraySizeAndStructSizeFollowTheScenarioSize() {
        RunOutcome s = Snippet.run("""
                struct s { int n; u64 e[]; };
                struct s *f(unsigned int n)
                {
                	struct s *p = kzalloc(struct_size(p, e, n), GFP_KERNEL);

                	if (unlikely(!p))
                		return NULL;
                	return p;
                }
                """, "f", 4097);
        // n = ⌈(4097 − 8) / 8⌉ = 512 elements of the unknown-sized e (8 bytes) after an 8-byte header
        assertEquals("kzalloc(4104 B) succeeds", s.story().getFirst());
        assertEquals(Cell.memory(true), returned(s));
        RunOutcome a = Snippet.run("""
                u32 *f(size_t n)
                {
                	return vmalloc(array_size(n, sizeof(u32)));
                }
                """, "f", 4097);
        assertEquals("vmalloc(4100 B) succeeds", a.story().getFirst());
    }

    @Test
    void arraySizeSaturatesOnOverflow() {
        RunOutcome o = Snippet.run("""
                void *f(void)
                {
                	return kvmalloc(array_size(1UL << 62, 8), GFP_KERNEL | __GFP_NOWARN);
                }
                """, "f", 64);
        assertEquals(Cell.NULL, returned(o));
    }

    @Test
    void memsetToZeroMarksTheMemoryZeroed() {
        String whole = """
                void *f(size_t n)
                {
                	void *p = vmalloc(n);

                	if (p)
                		memset(p, 0, n);
                	return p;
                }
                """;
        assertEquals(Cell.memory(true), returned(Snippet.run(whole, "f", 32768)));
        assertEquals(Cell.memory(false), returned(Snippet.run(whole.replace("memset(p, 0, n)", "memset(p, 0, n / 2)"), "f", 32768)));
    }

    @Test
    void boundedLoopsRunAndOverlongOnesAreNotValidated() {
        RunOutcome o = Snippet.run("""
                int f(void)
                {
                	void *a[4];
                	int i;

                	for (i = 0; i < 4; i++)
                		a[i] = kmalloc(64, GFP_KERNEL);
                	i = 4;
                	while (i-- > 0)
                		kfree(a[i]);
                	return 0;
                }
                """, "f", 64);
        assertEquals(4, o.story().size());
        assertTrue(o.leaks().isEmpty() && o.illegalReleases().isEmpty(), o.summary());
        NotValidated nv = assertThrows(NotValidated.class, () -> Snippet.run("""
                void f(void)
                {
                	int i;

                	for (i = 0; i < 100000; i++)
                		kfree(NULL);
                }
                """, "f", 64));
        assertTrue(nv.construct().startsWith("loop running more than"), nv.getMessage());
        assertEquals(5, nv.line());
    }

    @Test
    void loopsThatCannotMatterAreSummarised() {
        RunOutcome o = Snippet.run("""
                int f(int n)
                {
                	int i, sum = 0;

                	for (i = 0; i < n; i++)
                		sum += i;
                	return sum;
                }
                """, "f", 64);
        assertEquals(Cell.Kind.UNKNOWN, returned(o).kind());
    }

    @Test
    void loopsWithAnUnknownBoundThatFreeAreNotValidated() {
        String code = """
                void f(void **pages, int n)
                {
                	int i;

                	for (i = 0; i < n; i++)
                		kfree(pages[i]);
                }
                """;
        // The first path runs the loop zero times; asking for more iterations ends in "not validated".
        assertThrows(NotValidated.class, () -> Snippet.run(code, "f", new Scenario(64, Memory.PLENTY, Optional.empty(), 0),
                Map.of("i<n#1", 1, "i<n#2", 1, "i<n#3", 1), Set.of()));
    }

    @Test
    void opaqueCallsReturnUnknownAndTheirPointerArgumentsEscape() {
        String code = """
                int f(size_t n)
                {
                	void *p = kmalloc(n, GFP_KERNEL);

                	if (!p)
                		return -ENOMEM;
                	register_buf(p);
                	return 0;
                }
                """;
        assertTrue(Snippet.run(code, "f", 64).leaks().isEmpty());
        RunOutcome leaked = Snippet.run(code.replace("register_buf(p);", "pr_info(\"%p\", p);"), "f", 64);
        assertEquals(List.of("kmalloc() at line 3"), leaked.leaks());
    }

    @Test
    void conditionsOnUnknownValuesForkTheSameWayForBothVersions() {
        String code = """
                int f(struct s *s)
                {
                	void *p = kmalloc(64, GFP_KERNEL);

                	if (s->flag) {
                		kfree(p);
                		return 1;
                	}
                	kfree(p);
                	return 0;
                }
                """;
        Snippet.Ran first = Snippet.run(code, "f", 64, Memory.PLENTY, Map.of());
        assertEquals(Cell.integer(0), returned(first.outcome()));
        assertEquals(List.of("s->flag#1"), first.fresh().stream().map(Decisions.Question::key).toList());
        Snippet.Ran other = Snippet.run(code, "f", 64, Memory.PLENTY, Map.of("s->flag#1", 1));
        assertEquals(Cell.integer(1), returned(other.outcome()));
        assertTrue(other.fresh().isEmpty());
    }

    @Test
    void aNullCheckOfAnUnknownPointerRemembersTheNull() {
        RunOutcome o = Snippet.run("""
                void f(struct s *s)
                {
                	if (!s->buf)
                		kfree(s->buf);
                }
                """, "f", 64, Memory.PLENTY, Map.of("s->buf#1", 0)).outcome();
        assertTrue(o.illegalReleases().isEmpty() && o.story().isEmpty(), o.summary()); // kfree(NULL)
    }

    @Test
    void switchOnAKnownAndOnAnUnknownSelector() {
        String code = """
                int f(int x)
                {
                	int y = 2;

                	switch (y) {
                	case 1:
                		return 10;
                	case 2:
                		y = 20;
                		/* fallthrough */
                	case 3:
                		y++;
                		break;
                	default:
                		return 0;
                	}
                	switch (x) {
                	case 1:
                		return y;
                	default:
                		return -1;
                	}
                }
                """;
        Snippet.Ran r = Snippet.run(code, "f", 64, Memory.PLENTY, Map.of());
        assertEquals(Cell.integer(21), returned(r.outcome()));
        assertEquals(2, r.fresh().getFirst().arity());
        assertEquals(Cell.integer(-1), returned(Snippet.run(code, "f", 64, Memory.PLENTY, Map.of("switch (x)#1", 1)).outcome()));
    }

    @Test
    void preprocessorConditionalsInABodyAreBothPaths() {
        String code = """
                void f(size_t n)
                {
                	void *p = vmalloc(n);

                #ifdef CONFIG_FOO
                	vfree(p);
                #else
                	kfree(p);
                #endif
                }
                """;
        Snippet.Ran r = Snippet.run(code, "f", 64, Memory.PLENTY, Map.of());
        assertTrue(r.outcome().illegalReleases().isEmpty(), "the first branch is the first path");
        Decisions.Question q = r.fresh().getFirst();
        assertEquals(List.of("#ifdef CONFIG_FOO", "#else"), q.answers());
        RunOutcome other = Snippet.run(code, "f", 64, Memory.PLENTY, Map.of(q.key(), 1)).outcome();
        assertEquals(List.of(Bug.MISMATCHED_FREE), bugs(other.illegalReleases()));
    }

    @Test
    void locksMakeTheContextAtomic() {
        RunOutcome o = Snippet.run("""
                void f(spinlock_t *l)
                {
                	void *p;

                	spin_lock(l);
                	p = vmalloc(64);
                	spin_unlock(l);
                	vfree(p);
                }
                """, "f", 64);
        assertEquals(List.of(Bug.SLEEP_IN_ATOMIC), bugs(o.printed()));
    }

    @Test
    void aPointerOfUnknownOriginGetsEachOriginWhenTheVersionsFreeItDifferently() {
        String code = """
                void f(struct s *s)
                {
                	if (is_vmalloc_addr(s->buf))
                		vfree(s->buf);
                	else
                		kfree(s->buf);
                }
                """;
        Scenario plenty = new Scenario(64, Memory.PLENTY, Optional.empty(), 0);
        Snippet.Ran r = Snippet.run(code, "f", plenty, Map.of(), Set.of("s->buf"));
        Decisions.Question q = r.fresh().getFirst();
        assertEquals(Interpreter.ORIGINS, q.answers());
        for (int origin = 0; origin < 4; origin++) {
            RunOutcome o = Snippet.run(code, "f", plenty, Map.of(q.key(), origin), Set.of("s->buf")).outcome();
            // kvmalloc memory freed by kfree()/vfree() is wrong by provenance, whichever backend served it
            assertEquals(origin >= 2 ? List.of(Bug.LATENT_MISMATCHED_FREE) : List.of(), bugs(o.illegalReleases()), "origin " + origin);
            assertTrue(o.leaks().isEmpty(), "memory from the caller is not the function's leak");
        }
    }

    @Test
    void iterationMacrosAreSummarisedOrRefused() {
        RunOutcome o = Snippet.run("""
                int f(struct list_head *head)
                {
                	struct foo *pos;
                	int n = 0;

                	list_for_each_entry(pos, head, list) {
                		n++;
                	}
                	return n;
                }
                """, "f", 64);
        assertEquals(Cell.Kind.UNKNOWN, returned(o).kind());
        NotValidated nv = assertThrows(NotValidated.class, () -> Snippet.run("""
                void f(struct list_head *head)
                {
                	struct foo *pos;

                	list_for_each_entry(pos, head, list) {
                		kfree(pos->buf);
                	}
                }
                """, "f", 64));
        assertEquals("loop macro list_for_each_entry() whose body allocates, frees, returns or jumps", nv.construct());
    }

    @Test
    void constructsItCannotExecuteAreNotValidated() {
        NotValidated se = assertThrows(NotValidated.class, () -> Snippet.run("""
                int f(void)
                {
                	int x = ({ int y = 1; y; });

                	return x;
                }
                """, "f", 64));
        assertEquals("statement expression ({ ... })", se.construct());
        assertEquals(3, se.line());
        NotValidated asm = assertThrows(NotValidated.class, () -> Snippet.run("""
                void f(void)
                {
                	asm volatile("nop");
                }
                """, "f", 64));
        assertEquals("inline assembly", asm.construct());
        NotValidated into = assertThrows(NotValidated.class, () -> Snippet.run("""
                void f(int n)
                {
                	goto in;
                	while (n) {
                in:
                		n--;
                	}
                }
                """, "f", 64));
        assertEquals("goto into a loop or switch body", into.construct());
    }

    @Test
    void anUnknownMaskTakesTheScenarioMask() {
        String code = """
                void *f(size_t n, gfp_t gfp)
                {
                	return kvmalloc(n, gfp);
                }
                """;
        Scenario atomic = Snippet.scenario(1 << 20, Memory.FRAGMENTED, GfpMask.GFP_ATOMIC);
        RunOutcome o = Snippet.run(code, "f", atomic, Map.of(), Set.of()).outcome();
        assertEquals(Cell.NULL, returned(o));
        assertTrue(o.documented().contains(RunOutcome.Documented.NON_BLOCKING));
        Scenario kernel = Snippet.scenario(1 << 20, Memory.FRAGMENTED, GfpMask.GFP_KERNEL);
        assertFalse(Snippet.run(code, "f", kernel, Map.of(), Set.of()).outcome().returned().orElseThrow().failure());
    }
}
