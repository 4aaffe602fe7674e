package org.kvlint.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.treesitter.jtreesitter.Node;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import io.github.treesitter.jtreesitter.TreeCursor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link CParser} copies a parsed item in one native call (native/kvlint_flatten.c) and builds its
 * nodes from the array; jtreesitter's own node-by-node API is the oracle: every node of every
 * fixture and example, with its type, field, flags, bytes and positions, must come out the same.
 */
class FlattenedTreeTest {
    @Test
    void everyNodeOfEveryFixtureIsCopiedAsTreeSitterReportsIt() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.walk(Path.of("testdata")), Files.walk(Path.of("examples")))) {
            files = walk.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).sorted().toList();
        }
        assertTrue(files.size() > 100, "fixtures found: " + files.size());
        int compared = 0;
        try (CParser ours = new CParser(); Parser oracle = new Parser(TreeSitterNatives.c())) {
            for (Path f : files) {
                byte[] bytes = MacroBodies.withoutCommentsInMacros(Files.readAllBytes(f));
                String text;
                try {
                    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    continue; // the oracle reads a String: only valid UTF-8 round-trips
                }
                StringBuilder got = new StringBuilder();
                dump(ours.parseUnexpanded(new SourceText(bytes), (s, e) -> true), 0, got);
                StringBuilder want = new StringBuilder();
                try (Tree tree = oracle.parse(text).orElseThrow(); TreeCursor cursor = tree.getRootNode().walk()) {
                    dump(cursor, 0, want);
                }
                assertEquals(want.toString(), got.toString(), f.toString());
                compared++;
            }
        }
        assertTrue(compared > 100, "files compared: " + compared);
    }

    private static void line(StringBuilder out, int depth, String type, String field, boolean named, boolean missing,
                             boolean error, int start, int end, int sr, int sc, int er, int ec) {
        out.append("  ".repeat(depth)).append(type).append(' ').append(field).append(named ? " N" : "")
                .append(missing ? " M" : "").append(error ? " E" : "").append(' ').append(start).append('-').append(end)
                .append(" (").append(sr).append(':').append(sc).append(")-(").append(er).append(':').append(ec).append(")\n");
    }

    private static void dump(SyntaxNode n, int depth, StringBuilder out) {
        line(out, depth, n.type(), n.field(), n.isNamed(), n.isMissing(), n.hasError(), n.startByte(), n.endByte(),
                n.startRow(), n.startColumn(), n.endRow(), n.endColumn());
        for (SyntaxNode c : n.children()) {
            dump(c, depth + 1, out);
        }
    }

    private static void dump(TreeCursor cursor, int depth, StringBuilder out) {
        Node n = cursor.getCurrentNode();
        line(out, depth, n.getType(), depth == 0 ? null : cursor.getCurrentFieldName(), n.isNamed(), n.isMissing(),
                n.hasError(), n.getStartByte(), n.getEndByte(), n.getStartPoint().row(), n.getStartPoint().column(),
                n.getEndPoint().row(), n.getEndPoint().column());
        if (cursor.gotoFirstChild()) {
            do {
                dump(cursor, depth + 1, out);
            } while (cursor.gotoNextSibling());
            cursor.gotoParent();
        }
    }
}
