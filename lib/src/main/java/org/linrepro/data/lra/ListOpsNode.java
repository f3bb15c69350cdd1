package org.linrepro.data.lra;

import java.util.List;

/**
 * A ListOps expression tree: a digit leaf or an operator applied to ≥ 2 arguments. {@link #length()} is the
 * benchmark's length (operators, digits and closing brackets; parentheses are not counted), the quantity the
 * released generator bounds with {@code min_length < length < max_length}.
 */
public sealed interface ListOpsNode permits ListOpsNode.Leaf, ListOpsNode.Op {

    int length();

    int value();

    int depth();

    /** A digit 0–9. */
    record Leaf(int digit) implements ListOpsNode {
        public Leaf {
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("ListOps values are digits 0-9, got " + digit);
            }
        }

        @Override
        public int length() {
            return 1;
        }

        @Override
        public int value() {
            return digit;
        }

        @Override
        public int depth() {
            return 0;
        }
    }

    /** An operator node with its arguments in order. */
    record Op(ListOpsOperator operator, List<ListOpsNode> args) implements ListOpsNode {
        public Op {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException(operator + " needs at least one argument");
            }
        }

        @Override
        public int length() {
            int n = 2; // the operator token and its closing ']'
            for (ListOpsNode a : args) {
                n += a.length();
            }
            return n;
        }

        @Override
        public int value() {
            int[] v = new int[args.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = args.get(i).value();
            }
            return operator.apply(v);
        }

        @Override
        public int depth() {
            int d = 0;
            for (ListOpsNode a : args) {
                d = Math.max(d, a.depth());
            }
            return d + 1;
        }
    }
}
