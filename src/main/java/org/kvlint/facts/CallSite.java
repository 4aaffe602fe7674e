package org.kvlint.facts;

import java.util.List;
import java.util.Optional;
import org.kvlint.syntax.CSyntax;
import org.kvlint.syntax.SyntaxNode;

/**
 * A call of an allocator-table function.
 *
 * @param api the table row
 * @param call the call_expression
 * @param args its arguments
 */
public record CallSite(ApiFunction api, SyntaxNode call, List<SyntaxNode> args) {

    public SyntaxNode nameNode() {
        return call.child("function").orElse(call);
    }

    public Optional<SyntaxNode> arg(int index) {
        return index >= 0 && index < args.size() ? Optional.of(args.get(index)) : Optional.empty();
    }

    /** The GFP mask as written, or the implied one (vmalloc: GFP_KERNEL); empty if unknown. */
    public Optional<Gfp> gfp() {
        if (api.gfpArg() >= 0) {
            Optional<SyntaxNode> a = arg(api.gfpArg());
            if (a.isPresent() && a.get().is("identifier") && !a.get().text().startsWith("GFP_")
                    && !a.get().text().startsWith("__GFP_")) {
                // a mask held in a variable: use what the function stored in it, when plain
                Optional<Gfp> resolved = GfpResolver.resolve(call, a.get().text());
                if (resolved.isPresent()) {
                    return resolved;
                }
            }
            return a.map(x -> Gfp.parse(x.text()));
        }
        return Optional.ofNullable(api.impliedGfp()).map(Gfp::parse);
    }

    /** True when the memory comes back zeroed: by the API, or by __GFP_ZERO in the mask. */
    public boolean zeroes() {
        return switch (api.zero()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case GFP -> gfp().map(g -> g.has("__GFP_ZERO")).orElse(false);
        };
    }

    /** The size expression as written: one argument, or "n * size" for array forms. */
    public String sizeText() {
        return String.join(" * ", api.sizeArgs().stream()
                .map(i -> arg(i).map(a -> CSyntax.canonical(a)).orElse("?")).toList());
    }
}
