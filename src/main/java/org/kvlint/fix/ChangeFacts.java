package org.kvlint.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kvlint.facts.ApiFunction;
import org.kvlint.facts.CallSite;
import org.kvlint.facts.ConstantSize;
import org.kvlint.facts.FileFacts;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.rules.Span;
import org.kvlint.validate.ValidationResult;

/**
 * What a commit message says about one fix, gathered in {@link FixRun} where the file's facts and
 * the proof are at hand (so the patch series neither parses nor proves again): the allocator calls
 * the fix changes or its finding names, as written, and the fix's proof on the allocator model.
 *
 * @param calls in source order
 * @param proof empty when the fix was not run on the model (a file that could not be read)
 */
public record ChangeFacts(List<Call> calls, Optional<ValidationResult> proof) {
    public ChangeFacts {
        calls = List.copyOf(calls);
    }

    public static final ChangeFacts NONE = new ChangeFacts(List.of(), Optional.empty());

    /**
     * One allocator-table call.
     *
     * @param text the call as written, runs of blanks collapsed: "kmalloc(hsize, GFP_NOFS | __GFP_NOWARN)"
     * @param gfp the GFP mask as written (a variable's plain value when it holds one); "" when none
     * @param size the size expression as written ("n * size" for array forms); "" for frees
     * @param bytes the size in bytes on x86-64 when it is a constant
     * @param line 1-based
     * @param edited whether the fix's edits touch it (a free that becomes kvfree(), an allocation replaced)
     */
    public record Call(String name, String text, ApiFunction.Role role, ApiFunction.Family family, String gfp,
                       String size, OptionalLong bytes, int line, boolean edited) {
        public boolean isAllocation() {
            return role == ApiFunction.Role.ALLOC || role == ApiFunction.Role.REALLOC;
        }
    }

    /** The first allocation of {@code family} among the calls. */
    public Optional<Call> allocation(ApiFunction.Family family) {
        return calls.stream().filter(c -> c.isAllocation() && c.family() == family).findFirst();
    }

    /**
     * The calls of {@code facts} that a fix's edits touch, or that lie in its finding's span or
     * related spans.
     */
    static ChangeFacts of(FileFacts facts, Finding finding, Fix fix, Optional<ValidationResult> proof) {
        List<int[]> named = new ArrayList<>();
        named.add(range(finding.span()));
        finding.related().forEach(r -> named.add(range(r.span())));
        List<int[]> edits = fix.edits().stream().map(e -> new int[] {e.startByte(), e.endByte()}).toList();
        List<Call> calls = new ArrayList<>();
        for (CallSite c : facts.calls()) {
            int start = c.call().startByte();
            int end = c.call().endByte();
            boolean edited = edits.stream().anyMatch(r -> overlaps(r, start, end));
            if (edited || named.stream().anyMatch(r -> overlaps(r, start, end))) {
                ApiFunction api = c.api();
                OptionalLong bytes = api.sizeArgs().isEmpty() ? OptionalLong.empty()
                        : ConstantSize.productOnX86(api.sizeArgs().stream().flatMap(i -> c.arg(i).stream()).toList());
                String size = String.join(" * ", api.sizeArgs().stream()
                        .map(i -> c.arg(i).map(a -> written(a.text())).orElse("?")).toList());
                calls.add(new Call(api.name(), written(c.call().text()), api.role(), api.family(),
                        c.gfp().map(g -> written(g.text())).orElse(""), api.isAllocation() ? size : "", bytes,
                        c.call().startRow() + 1, edited));
            }
        }
        return new ChangeFacts(calls, proof);
    }

    /** Code as written on one line: blanks, tabs and line breaks collapsed to one space, none inside parentheses. */
    private static String written(String code) {
        return code.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").strip();
    }

    /** Does [r0, r1) meet [start, end)? An empty range (an insertion) meets the call it lies in. */
    private static boolean overlaps(int[] r, int start, int end) {
        return r[0] < end && start < r[1] || r[0] == r[1] && start <= r[0] && r[0] < end;
    }

    private static int[] range(Span s) {
        return new int[] {s.startByte(), s.endByte()};
    }
}
