/*
 * kvlint's one addition to the tree-sitter core library: copies a subtree into a flat array in
 * one native call. Reading a tree node by node through Java's foreign-function API costs several
 * downcalls and bounds checks per node, which made copying the parsed items of a cold
 * whole-kernel scan cost more CPU than tree-sitter's parse of them.
 */
#include <stdint.h>
#include "tree_sitter/api.h"

/* Words per node; keep in step with CParser's FLAT_* constants. */
enum { SYMBOL_FIELD, FLAGS, START_BYTE, END_BYTE, START_ROW, START_COLUMN, END_ROW, END_COLUMN, SIZE, WORDS };

static void put(uint32_t *r, TSNode node, TSFieldId field) {
    TSPoint start = ts_node_start_point(node);
    TSPoint end = ts_node_end_point(node);
    r[SYMBOL_FIELD] = (uint32_t)ts_node_symbol(node) | ((uint32_t)field << 16);
    r[FLAGS] = (ts_node_is_named(node) ? 1u : 0u) | (ts_node_is_missing(node) ? 2u : 0u)
               | (ts_node_has_error(node) ? 4u : 0u);
    r[START_BYTE] = ts_node_start_byte(node);
    r[END_BYTE] = ts_node_end_byte(node);
    r[START_ROW] = start.row;
    r[START_COLUMN] = start.column;
    r[END_ROW] = end.row;
    r[END_COLUMN] = end.column;
    r[SIZE] = ts_node_descendant_count(node); /* the node and all below it */
}

/*
 * Writes the subtree under the cursor's current node, that node first and the rest in pre-order,
 * WORDS words per node: symbol | field id << 16, flags (1 named, 2 missing, 4 has error), start
 * and end byte, start row and column, end row and column, and the number of nodes in the node's
 * subtree (itself included), so a node's next sibling is that many records on. The cursor is
 * left where it was. Returns the subtree's node count; when that is more than cap nothing is
 * written and the caller calls again with room for all.
 */
__attribute__((visibility("default")))
uint32_t kvlint_flatten(const TSTreeCursor *at, uint32_t *out, uint32_t cap) {
    TSNode root = ts_tree_cursor_current_node(at);
    uint32_t need = ts_node_descendant_count(root);
    if (need > cap) {
        return need;
    }
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    uint32_t n = 0;
    /* counted here: ts_tree_cursor_current_depth() walks the cursor's whole stack on every call */
    uint32_t depth = 0;
    put(out, root, ts_tree_cursor_current_field_id(at));
    n++;
    for (;;) {
        if (n < cap && ts_tree_cursor_goto_first_child(&cursor)) {
            depth++;
            put(out + (uint64_t)n * WORDS, ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_id(&cursor));
            n++;
            continue;
        }
        for (;;) {
            if (depth == 0) {
                ts_tree_cursor_delete(&cursor);
                return n;
            }
            if (n < cap && ts_tree_cursor_goto_next_sibling(&cursor)) {
                put(out + (uint64_t)n * WORDS, ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_id(&cursor));
                n++;
                break;
            }
            ts_tree_cursor_goto_parent(&cursor);
            depth--;
        }
    }
}
