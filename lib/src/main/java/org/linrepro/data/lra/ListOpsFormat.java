package org.linrepro.data.lra;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * The text form of ListOps expressions and its evaluation.
 *
 * <p>The released TSVs write a tree the way the generator's {@code to_string} prints its nested pairs: an
 * operator with arguments a<sub>1</sub>…a<sub>n</sub> is stored as (((op, a<sub>1</sub>), a<sub>2</sub>) …, ']')
 * and every pair is printed as {@code ( left right )}, so {@code [MAX 2 3 ]} appears as
 * {@code ( ( ( [MAX 2 ) 3 ) ] )}. The LRA input pipeline then deletes the parentheses (and renames {@code ]}) before
 * tokenizing, so models see {@code [MAX 2 3 ]}; {@link #modelTokens} does the same.
 */
public final class ListOpsFormat {
    public static final String END = "]";

    private ListOpsFormat() {}

    /** The released TSV form, parentheses included. */
    public static String source(ListOpsNode node) {
        StringBuilder b = new StringBuilder();
        append(b, node);
        return b.toString();
    }

    private static void append(StringBuilder b, ListOpsNode node) {
        if (node instanceof ListOpsNode.Leaf l) {
            b.append(l.digit());
            return;
        }
        ListOpsNode.Op op = (ListOpsNode.Op) node;
        // one "( " per pair: n argument pairs plus the closing-bracket pair
        b.append("( ".repeat(op.args().size() + 1)).append(op.operator().token());
        for (ListOpsNode a : op.args()) {
            b.append(' ');
            append(b, a);
            b.append(" )");
        }
        b.append(' ').append(END).append(" )");
    }

    /** The tokens a model reads: whitespace-split, parentheses dropped (as the LRA input pipeline does). */
    public static List<String> modelTokens(String source) {
        List<String> out = new ArrayList<>();
        for (String t : source.trim().split("\\s+")) {
            if (!t.isEmpty() && !t.equals("(") && !t.equals(")")) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Evaluates an expression in either form (with or without parentheses).
     *
     * @throws LinreproException naming the position of an unknown token or unbalanced brackets
     */
    public static int evaluate(String expression) {
        Deque<ListOpsOperator> ops = new ArrayDeque<>();
        Deque<List<Integer>> args = new ArrayDeque<>();
        Integer result = null;
        List<String> tokens = modelTokens(expression);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            ListOpsOperator op = ListOpsOperator.ofToken(t);
            Integer value = null;
            if (op != null) {
                ops.push(op);
                args.push(new ArrayList<>());
                continue;
            } else if (t.equals(END)) {
                if (ops.isEmpty()) {
                    throw new LinreproException("ListOps: ']' at token " + i + " closes no operator");
                }
                int[] v = args.pop().stream().mapToInt(Integer::intValue).toArray();
                ListOpsOperator o = ops.pop();
                if (v.length == 0) {
                    throw new LinreproException("ListOps: " + o.token() + " closed at token " + i + " has no arguments");
                }
                value = o.apply(v);
            } else if (t.length() == 1 && Character.isDigit(t.charAt(0))) {
                value = t.charAt(0) - '0';
            } else {
                throw new LinreproException("ListOps: unknown token '" + t + "' at position " + i
                        + " (expected [MIN, [MAX, [MED, [SM, ], a digit or a parenthesis)");
            }
            if (args.isEmpty()) {
                if (result != null) {
                    throw new LinreproException("ListOps: more than one top-level expression (token " + i + ")");
                }
                result = value;
            } else {
                args.peek().add(value);
            }
        }
        if (!ops.isEmpty() || result == null) {
            throw new LinreproException("ListOps: expression is incomplete (" + ops.size() + " unclosed operators)");
        }
        return result;
    }
}
