package org.kvlint.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvlint.alloc.Bug;
import org.kvlint.syntax.SyntaxNode;
import org.kvlint.validate.Scenario.Memory;

/**
 * Loops that only their exits make matter ({@link LoopExits}): the iterations that stay in the
 * loop are summarised, the last one runs for real, and a path whose last iteration stays is
 * dropped. Positive cases from the shapes of Debian 6.1 (drbd, gfs2, bnxt_re, amdgpu), and
 * negative ones: a loop that could change an allocation outcome is still run iteration by
 * iteration, and still "not validated" when its bound is unknown.
 */
class LoopSummaryTest {

    private static Cell returned(RunOutcome o) {
        return o.returned().orElseThrow(() -> new AssertionError("no return value: " + o.summary()));
    }

    /** Answers that take an unknown-bound loop around three times: a loop run one by one gives up. */
    private static final Map<String, Integer> THREE_ROUNDS = Map.of("i<n#1", 1, "i<n#2", 1, "i<n#3", 1);

    private static void runOneByOne(String code) {
        NotValidated nv = assertThrows(NotValidated.class, () -> Snippet.run(code, "f", 64, Memory.PLENTY, THREE_ROUNDS));
        assertEquals("loop with an unknown number of iterations", nv.construct());
    }

    private static void summarised(String code) {
        // A summarised loop's last iteration that stays in the loop is a covered path, not an error.
        assertThrows(InfeasiblePath.class, () -> Snippet.run(code, "f", 64, Memory.PLENTY, Map.of("i<n#1", 1)));
    }

    // ---------------------------------------------------------------- which branches leave

    @Test
    void leavingBranchesAreTheOnesThatNeverComeBack() {
        CFunction f = Snippet.function("""
                int f(int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		if (a(i)) {
                			x();
                			return 1;
                		}
                		if (b(i))
                			goto out;
                		if (c(i))
                			break;
                		if (d(i)) {
                			y();
                			continue;
                		}
                		if (e(i))
                			goto again;
                		switch (i) {
                		case 1:
                			if (g(i))
                				break;
                		}
                		if (h(i)) {
                			if (k(i))
                				continue;
                			return 2;
                		}
                again:
                		z(i);
                	}
                out:
                	return 0;
                }
                """, "f");
        SyntaxNode loop = f.body().descendants("for_statement").getFirst();
        StringBuilder leaving = new StringBuilder();
        for (SyntaxNode ifs : loop.descendants("if_statement")) {
            SyntaxNode cond = ifs.child("condition").orElseThrow();
            if (LoopExits.isLeavingBranch(ifs.child("consequence").orElseThrow(), loop)) {
                leaving.append(CText.canonical(cond)).append(' ');
            }
        }
        // return, goto out of the loop and break of it leave; continue, goto back in and break of a switch do not
        assertEquals("a(i) b(i) c(i) ", leaving.toString());
    }

    // ---------------------------------------------------------------- summarised

    /** amdgpu_bo_create_list_entry_array(): one element at a time from user space, kvfree() on a fault. */
    private static final String COPY_IN = """
            int f(struct req *in, const void __user *src)
            {
            	size_t n = in->count;
            	int *buf = kvmalloc_array(n, sizeof(int), GFP_KERNEL);
            	size_t i;

            	if (!buf)
            		return -ENOMEM;
            	for (i = 0; i < n; i++) {
            		if (copy_from_user(&buf[i], src + i * sizeof(int), sizeof(int))) {
            			kvfree(buf);
            			return -EFAULT;
            		}
            	}
            	in->buf = buf;
            	return 0;
            }
            """;

    @Test
    void aLoopThatOnlyItsExitsMakeMatterRunsItsLastIterationOnly() {
        // 8192 elements: far above the iteration bound, and each could fault
        Snippet.Ran none = Snippet.run(COPY_IN, "f", 32768, Memory.PLENTY, Map.of());
        assertEquals(Cell.integer(0), returned(none.outcome()));
        assertEquals(List.of("i<n#1"), none.fresh().stream().map(Decisions.Question::key).toList(),
                "the summary makes i unknown: whether one more iteration runs is the only question");
        assertThrows(InfeasiblePath.class, () -> Snippet.run(COPY_IN, "f", 32768, Memory.PLENTY, Map.of("i<n#1", 1)),
                "a last iteration that does not fault stays in the loop: covered by the path where the loop ends");
        String fault = "copy_from_user(&buf[i],src+i*sizeof(int),sizeof(int))#1";
        RunOutcome faulted = Snippet.run(COPY_IN, "f", 32768, Memory.PLENTY, Map.of("i<n#1", 1, fault, 1)).outcome();
        assertEquals(Cell.integer(-14), returned(faulted));
        assertTrue(faulted.leaks().isEmpty() && faulted.illegalReleases().isEmpty(), faulted.summary());
        RunOutcome unfreed = Snippet.run(COPY_IN.replace("kvfree(buf);", ""), "f", 32768, Memory.PLENTY,
                Map.of("i<n#1", 1, fault, 1)).outcome();
        assertEquals(List.of("kvmalloc_array() at line 4"), unfreed.leaks(), "the exit's kvfree() is what frees it");
    }

    @Test
    void balancedLocksBreaksAndDoWhileLoopsAreSummarised() {
        summarised("""
                int f(spinlock_t *l, void *buf, int n)
                {
                	int i, count = 0;

                	for (i = 0; i < n; i++) {
                		if (check(i)) {
                			kvfree(buf);
                			return -EIO;
                		}
                		spin_lock(l);
                		count++;
                		spin_unlock(l);
                	}
                	return count;
                }
                """);
        String doWhile = """
                int f(void *buf, int n)
                {
                	int i = 0;

                	do {
                		if (check(i)) {
                			kfree(buf);
                			return -EIO;
                		}
                		i++;
                	} while (i < n);
                	return 0;
                }
                """;
        // a do-while's last iteration may stay and then end the loop on its condition
        assertEquals(Cell.integer(0), returned(Snippet.run(doWhile, "f", 64, Memory.PLENTY, Map.of()).outcome()));
        assertEquals(Cell.integer(-5), returned(Snippet.run(doWhile, "f", 64, Memory.PLENTY, Map.of("check(i)#1", 1)).outcome()));
        String breaks = """
                int f(void *buf, int n)
                {
                	int i, err = 0;

                	for (i = 0; i < n; i++) {
                		if (check(i)) {
                			err = -EIO;
                			kfree(buf);
                			break;
                		}
                	}
                	return err;
                }
                """;
        RunOutcome b = Snippet.run(breaks, "f", 64, Memory.PLENTY, Map.of("i<n#1", 1, "check(i)#1", 1)).outcome();
        assertEquals(Cell.integer(-5), returned(b), "a break keeps what the last iteration did");
    }

    // ---------------------------------------------------------------- still run one by one

    @Test
    void aLoopThatAllocatesOrFreesWhileStayingIsRunOneByOne() {
        runOneByOne("""
                int f(void **p, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		p[i] = kmalloc(64, GFP_KERNEL);
                		if (!p[i])
                			return -ENOMEM;
                	}
                	return 0;
                }
                """);
        runOneByOne("""
                int f(void **p, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		kvfree(p[i]);
                	}
                	return 0;
                }
                """);
        runOneByOne("""
                int f(char *p, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		memset(p + i, 0, 1);
                	}
                	return 0;
                }
                """);
    }

    @Test
    void aBranchThatComesBackIntoTheLoopIsNoExit() {
        // the kfree() may run in any iteration: the loop frees while staying
        runOneByOne("""
                int f(void *buf, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		if (check(i)) {
                			kfree(buf);
                			continue;
                		}
                	}
                	return 0;
                }
                """);
        NotValidated back = assertThrows(NotValidated.class, () -> Snippet.run("""
                int f(void *buf, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                again:
                		if (check(i)) {
                			kfree(buf);
                			goto again;
                		}
                	}
                	return 0;
                }
                """, "f", 64, Memory.PLENTY, Map.of("i<n#1", 1, "check(i)#1", 1)));
        assertFalse(back.construct().isEmpty());
    }

    @Test
    void aLoopThatReassignsTestsOrFirstHandsOnTrackedMemoryIsRunOneByOne() {
        // reassigning the pointer: which backend owns it would be lost
        runOneByOne("""
                int f(int n)
                {
                	void *buf = kmalloc(64, GFP_KERNEL);
                	int i;

                	for (i = 0; i < n; i++) {
                		if (check(i)) {
                			kfree(buf);
                			return -EIO;
                		}
                		if (retry(i))
                			buf = NULL;
                	}
                	kfree(buf);
                	return 0;
                }
                """);
        // the same through an element of a local array (the summary would forget every element)
        runOneByOne("""
                int f(int n)
                {
                	void *bufs[2];
                	int i;

                	bufs[0] = kmalloc(64, GFP_KERNEL);
                	bufs[1] = NULL;
                	for (i = 0; i < n; i++) {
                		if (check(i)) {
                			kfree(bufs[0]);
                			return -EIO;
                		}
                		bufs[i & 1] = NULL;
                	}
                	kfree(bufs[0]);
                	return 0;
                }
                """);
        // testing it: NULL in one version and not in the other
        runOneByOne("""
                int f(int n)
                {
                	void *buf = kmalloc(64, GFP_KERNEL);
                	int i, empty = 0;

                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		if (!buf)
                			empty++;
                	}
                	kfree(buf);
                	return empty;
                }
                """);
        runOneByOne("""
                int f(int n)
                {
                	void *bufs[2];
                	int i, empty = 0;

                	bufs[0] = kmalloc(64, GFP_KERNEL);
                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		if (!bufs[0])
                			empty++;
                	}
                	kfree(bufs[0]);
                	return empty;
                }
                """);
        // ... or a value computed from it, or set on a branch taken on it
        String derived = """
                int f(int n)
                {
                	void *buf = kmalloc(64, GFP_KERNEL);
                	int i, ok = buf != NULL, empty = 0;

                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		if (!ok)
                			empty++;
                	}
                	kfree(buf);
                	return empty;
                }
                """;
        runOneByOne(derived);
        runOneByOne(derived.replace("ok = buf != NULL, empty = 0;", "ok = 0, empty = 0;\n\n\tif (buf)\n\t\tok = 1;"));
        // handing it to a call for the first time: some iterations might, "escaped" would hide a leak on every path
        runOneByOne("""
                int f(int n)
                {
                	void *buf = kmalloc(64, GFP_KERNEL);
                	int i;

                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		fill(buf, i);
                	}
                	kfree(buf);
                	return 0;
                }
                """);
        runOneByOne("""
                int f(int n)
                {
                	void *bufs[1];
                	int i;

                	bufs[0] = kmalloc(64, GFP_KERNEL);
                	for (i = 0; i < n; i++) {
                		if (check(i))
                			return -EIO;
                		fill(bufs[0], i);
                	}
                	kfree(bufs[0]);
                	return 0;
                }
                """);
    }

    @Test
    void aLockTakenWhileStayingAndReleasedOnlyOnTheWayOutIsRunOneByOne() {
        runOneByOne("""
                int f(spinlock_t *l, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		spin_lock(l);
                		if (check(i)) {
                			spin_unlock(l);
                			return -EIO;
                		}
                	}
                	return 0;
                }
                """);
        runOneByOne("""
                int f(spinlock_t *l, int n)
                {
                	int i;

                	for (i = 0; i < n; i++) {
                		spin_lock(l);
                		if (check(i))
                			continue;
                		spin_unlock(l);
                		if (done(i))
                			return 0;
                	}
                	return 0;
                }
                """);
    }

    // ---------------------------------------------------------------- whole proofs

    /** bm_realloc_pages(): the pointer array, then one page per element, unwound on failure. */
    private static final String GROW = """
            struct page **grow(unsigned long want)
            {
            	struct page **pages;
            	unsigned long i;

            	pages = kzalloc(want * sizeof(struct page *), GFP_NOIO | __GFP_NOWARN);
            	if (!pages) {
            		pages = __vmalloc(want * sizeof(struct page *), GFP_NOIO | __GFP_ZERO);
            		if (!pages)
            			return NULL;
            	}
            	for (i = 0; i < want; i++) {
            		struct page *page = alloc_page(GFP_NOIO);

            		if (!page) {
            			kvfree(pages);
            			return NULL;
            		}
            		pages[i] = page;
            	}
            	return pages;
            }
            """;
    private static final String GROW_KV = GROW.replace("""
            	pages = kzalloc(want * sizeof(struct page *), GFP_NOIO | __GFP_NOWARN);
            	if (!pages) {
            		pages = __vmalloc(want * sizeof(struct page *), GFP_NOIO | __GFP_ZERO);
            		if (!pages)
            			return NULL;
            	}
            """, """
            	pages = kvzalloc(want * sizeof(struct page *), GFP_NOIO);
            	if (!pages)
            		return NULL;
            """);

    @Test
    void theKvzallocFixBeforeALoopOverEveryPageIsProven() {
        assertTrue(!GROW_KV.equals(GROW) && GROW_KV.contains("kvzalloc"));
        ValidationResult r = Snippet.validate(GROW, GROW_KV, "grow");
        assertEquals(ValidationResult.Status.SAFE, r.status(), r.reason());
        // the exit path (one more iteration, whose page allocation fails) is a row of its own
        assertTrue(r.rows().stream().anyMatch(x -> x.decisions().contains("i<want = true")
                && x.before().returned().orElseThrow().equals(Cell.NULL)), "no exit path among the rows");
    }

    @Test
    void aWrongFreeOnTheWayOutOfTheLoopIsUnsafe() {
        ValidationResult r = Snippet.validate(GROW, GROW_KV.replace("kvfree(pages)", "kfree(pages)"), "grow");
        assertEquals(ValidationResult.Status.UNSAFE, r.status(), r.reason());
        Row w = r.firstWorse().orElseThrow();
        assertTrue(w.after().illegalReleases().stream().anyMatch(i -> i.bug() == Bug.MISMATCHED_FREE
                || i.bug() == Bug.LATENT_MISMATCHED_FREE), w.worseText());
    }

    @Test
    void aFreeDroppedOnTheWayOutOfTheLoopIsUnsafe() {
        ValidationResult r = Snippet.validate(GROW, GROW_KV.replace("\t\t\tkvfree(pages);\n", ""), "grow");
        assertEquals(ValidationResult.Status.UNSAFE, r.status(), r.reason());
        assertTrue(r.firstWorse().orElseThrow().worseText().startsWith("leaks:"), r.firstWorse().orElseThrow().worseText());
    }

    @Test
    void aLoopThatFreesWhileStayingStaysNotValidated() {
        String before = """
                int f(struct s *s, size_t n)
                {
                	void **p = kmalloc(n, GFP_KERNEL);
                	size_t i;

                	if (!p)
                		p = vmalloc(n);
                	if (!p)
                		return -ENOMEM;
                	for (i = 0; i < s->count; i++)
                		kfree(s->old[i]);
                	s->p = p;
                	return 0;
                }
                """;
        String after = before.replace("kmalloc(n, GFP_KERNEL);\n\tsize_t i;\n\n\tif (!p)\n\t\tp = vmalloc(n);",
                "kvmalloc(n, GFP_KERNEL);\n\tsize_t i;\n");
        assertTrue(after.contains("kvmalloc"));
        ValidationResult r = Snippet.validate(before, after, "f");
        assertEquals(ValidationResult.Status.NOT_VALIDATED, r.status(), r.reason());
        assertTrue(r.reason().contains("loop with an unknown number of iterations"), r.reason());
    }

    @Test
    void aLoopThatNoPathLeavesIsNotValidated() {
        String spin = """
                int f(void *buf)
                {
                	while (1) {
                		if (0) {
                			kfree(buf);
                			return -EIO;
                		}
                	}
                }
                """;
        ValidationResult r = Snippet.validate(spin, spin, "f");
        assertEquals(ValidationResult.Status.NOT_VALIDATED, r.status(), r.reason());
        assertTrue(r.reason().contains("a loop that no path leaves"), r.reason());
    }

    @Test
    void aLoopThatTheVersionsLeaveAtDifferentIterationsIsNotValidated() {
        // ok[0] is the NULL-ness of p kept in an array element (which the summary's guards do not
        // follow): above INT_MAX kvmalloc() refuses where vmalloc() serves, so under the same
        // answers one version leaves the loop and the other stays in it. No path compares the two
        // real executions; the paths' logs show it: not validated.
        String before = """
                int f(struct s *s, size_t n)
                {
                	void *p = vmalloc(n);
                	int ok[1];
                	size_t i;

                	ok[0] = p != NULL;
                	for (i = 0; i < s->count; i++) {
                		if (!ok[0])
                			return -ENOMEM;
                		poke(s, i);
                	}
                	vfree(p);
                	return 0;
                }
                """;
        String after = before.replace("vmalloc(n)", "kvmalloc(n, GFP_KERNEL)").replace("vfree(p)", "kvfree(p)");
        ValidationResult r = Snippet.validate(before, after, "f");
        assertEquals(ValidationResult.Status.NOT_VALIDATED, r.status(), r.reason());
        assertTrue(r.reason().contains("a loop that one version leaves where the other stays in it"), r.reason());
    }
}
