package org.kvlint.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Java-side copy of one tree-sitter node: type, field name, exact byte range and position.
 *
 * <p>Analysis works on these copies, not on native nodes, so the native tree can be closed right
 * after parsing (no native memory held by rules, no per-node FFM arenas, safe to hand between
 * threads). Only the parts of a file that can matter are copied (see {@link CParser}).
 * Positions are 0-based rows and 0-based byte columns, as tree-sitter reports them.
 */
public final class SyntaxNode {
    private final String type;
    private final String field;
    private final boolean named;
    private final boolean missing;
    private final boolean hasError;
    private final int startByte;
    private final int endByte;
    private final int startRow;
    private final int startColumn;
    private final int endRow;
    private final int endColumn;
    private final SourceText source;
    private SyntaxNode parent;
    private static final SyntaxNode[] NONE = {};
    /** The children; the loops below read the array directly. */
    private SyntaxNode[] kids = NONE;
    /**
     * A read-only view of {@link #kids}, made when first asked (most nodes are only walked over):
     * its classes' fields are final, so a racy publication is safe.
     */
    private List<SyntaxNode> children;
    private List<SyntaxNode> namedChildren;
    private int indexInParent;
    /**
     * {@link CSyntax#canonical} of this node once asked (the value flow asks about four times a
     * node); cleared for the node and its ancestors whenever a subtree below changes.
     */
    String canonical;

    SyntaxNode(String type, String field, boolean named, boolean missing, boolean hasError,
               int startByte, int endByte, int startRow, int startColumn, int endRow, int endColumn,
               SourceText source) {
        this.type = type;
        this.field = field;
        this.named = named;
        this.missing = missing;
        this.hasError = hasError;
        this.startByte = startByte;
        this.endByte = endByte;
        this.startRow = startRow;
        this.startColumn = startColumn;
        this.endRow = endRow;
        this.endColumn = endColumn;
        this.source = source;
    }

    void setChildren(List<SyntaxNode> kids) {
        install(kids.toArray(NONE));
    }

    /**
     * As {@link #setChildren}, taking {@code kids} itself (the caller lets go of it): the parser
     * makes the children of every node it copies, and need not copy each list twice.
     */
    void adoptChildren(SyntaxNode[] kids) {
        install(kids);
    }

    private void install(SyntaxNode[] array) {
        kids = array;
        children = null;
        namedChildren = null;
        for (SyntaxNode p = this; p != null; p = p.parent) {
            p.canonical = null;
        }
        for (int i = 0; i < array.length; i++) {
            array[i].parent = this;
            array[i].indexInParent = i;
        }
    }

    public String type() { return type; }
    /** The grammar field under which this node hangs in its parent, or null. */
    public String field() { return field; }
    public boolean isNamed() { return named; }
    public boolean isMissing() { return missing; }
    public boolean isError() { return is("ERROR"); }
    /** True when this node or a descendant is an ERROR or MISSING node. */
    public boolean hasError() { return hasError; }
    public int startByte() { return startByte; }
    public int endByte() { return endByte; }
    public int startRow() { return startRow; }
    public int startColumn() { return startColumn; }
    public int endRow() { return endRow; }
    public int endColumn() { return endColumn; }
    public SourceText source() { return source; }
    public Optional<SyntaxNode> parent() { return Optional.ofNullable(parent); }
    /** {@link #parent()} or null, for loops up the tree that run on every node (no Optional each step under C1). */
    public SyntaxNode parentOrNull() { return parent; }
    public List<SyntaxNode> children() {
        List<SyntaxNode> c = children;
        if (c == null) {
            c = kids.length == 0 ? List.of() : Collections.unmodifiableList(java.util.Arrays.asList(kids));
            children = c;
        }
        return c;
    }

    public boolean is(String nodeType) {
        // types are interned (CParser), like the literals rules pass: most answers need no compare,
        // and the cached hashes tell most different types apart without one
        return type == nodeType || type.hashCode() == nodeType.hashCode() && type.equals(nodeType);
    }

    public String text() {
        return source.text(startByte, endByte);
    }

    /** Appends {@link #text()} to {@code out}. */
    public void appendText(StringBuilder out) {
        source.appendText(startByte, endByte, out);
    }

    /** The named children, in order (unmodifiable; computed once: rules and the proof ask often). */
    public List<SyntaxNode> namedChildren() {
        List<SyntaxNode> out = namedChildren;
        if (out == null) {
            SyntaxNode[] all = kids;
            List<SyntaxNode> named = new ArrayList<>(all.length);
            for (SyntaxNode c : all) {
                if (c.named) {
                    named.add(c);
                }
            }
            // List.copyOf's list has final fields: publishing it through a racy field is safe
            out = named.size() == all.length ? children() : List.copyOf(named);
            namedChildren = out;
        }
        return out;
    }

    public Optional<SyntaxNode> child(String fieldName) {
        return Optional.ofNullable(childOrNull(fieldName));
    }

    /** {@link #child} or null, for the hottest callers (no Optional under C1). */
    public SyntaxNode childOrNull(String fieldName) {
        // by index: asked millions of times a scan, and an iterator is two objects under C1
        for (SyntaxNode c : kids) {
            if (fieldName == c.field
                    || c.field != null && fieldName.hashCode() == c.field.hashCode() && fieldName.equals(c.field)) {
                return c;
            }
        }
        return null;
    }

    public Optional<SyntaxNode> prevNamedSibling() {
        if (parent == null) {
            return Optional.empty();
        }
        for (int i = indexInParent - 1; i >= 0; i--) {
            SyntaxNode s = parent.kids[i];
            if (s.named) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Optional<SyntaxNode> nextNamedSibling() {
        if (parent == null) {
            return Optional.empty();
        }
        for (int i = indexInParent + 1; i < parent.kids.length; i++) {
            SyntaxNode s = parent.kids[i];
            if (s.named) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The nearest ancestor (not this node) of the given type. */
    public Optional<SyntaxNode> ancestor(String nodeType) {
        for (SyntaxNode p = parent; p != null; p = p.parent) {
            if (p.type.equals(nodeType)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public boolean contains(SyntaxNode other) {
        return startByte <= other.startByte && other.endByte <= endByte;
    }

    /** Pre-order walk over this node and every descendant. */
    public void walk(Consumer<SyntaxNode> visitor) {
        // an array stack: the hottest loop of the analysis, run over every item several times
        SyntaxNode[] stack = new SyntaxNode[64];
        int depth = 0;
        stack[depth++] = this;
        while (depth > 0) {
            SyntaxNode n = stack[--depth];
            visitor.accept(n);
            SyntaxNode[] k = n.kids;
            if (depth + k.length > stack.length) {
                stack = java.util.Arrays.copyOf(stack, Math.max(2 * stack.length, depth + k.length));
            }
            for (int i = k.length - 1; i >= 0; i--) {
                stack[depth++] = k[i];
            }
        }
    }

    /** Every descendant (pre-order, including this node) of the given type. */
    public List<SyntaxNode> descendants(String nodeType) {
        List<SyntaxNode> out = new ArrayList<>();
        walk(n -> {
            if (n.type.equals(nodeType)) {
                out.add(n);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return type + "[" + (startRow + 1) + ":" + (startColumn + 1) + "]";
    }
}
