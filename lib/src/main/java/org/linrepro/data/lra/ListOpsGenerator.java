package org.linrepro.data.lra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.linrepro.util.LinreproException;

/**
 * Our implementation of the LRA ListOps generator's procedure ({@code lra_benchmarks/data/listops.py} of
 * google-research/long-range-arena; CATALOGUE LRA-T1), deterministic in (parameters, seed).
 *
 * <p>Procedure, as the released generator defines it: a node at depth &lt; {@code maxDepth} (the root has depth
 * 1) becomes an operator with probability {@link #VALUE_P} = 0.25, otherwise (and always at {@code maxDepth}) a
 * uniform digit 0–9; an operator takes a uniform number of arguments in [2, {@code maxArgs}], generated in order,
 * then a uniform operator among MIN, MAX, MED, SM. A tree is kept only if {@code minLength < length < maxLength}
 * (strict, length as in {@link ListOpsNode#length()}) and it is not a duplicate (the original collects a set). The
 * benchmark uses maxDepth 10, maxArgs 10, 500 &lt; length &lt; 2000 and 96,000 / 2,000 / 2,000 train / valid / test.
 *
 * <p>The random stream is our own ({@link SplittableRandom}), so the trees differ from the released files; the
 * distribution is the same. The original splits a Python set, whose order varies between runs; we keep the order of
 * generation so the splits are reproducible.
 */
public final class ListOpsGenerator {
    /** Probability threshold of the original: {@code r > VALUE_P} makes a leaf, so operators have probability 0.25. */
    public static final double VALUE_P = 0.25;
    public static final int TRAIN = 96_000;
    public static final int VALID = 2_000;
    public static final int TEST = 2_000;

    /** Generator parameters (the original's flags). */
    public record Params(int maxDepth, int maxArgs, int minLength, int maxLength) {
        /** The benchmark's: max_depth 10, max_args 10, min_length 500, max_length 2000. */
        public static final Params BENCHMARK = new Params(10, 10, 500, 2000);

        /** Throws a {@link LinreproException} naming the field for impossible settings. */
        public Params {
            if (maxDepth < 2) {
                throw new LinreproException("ListOps: max depth must be ≥ 2 (at depth 1 = max depth the root is a "
                        + "single digit), got " + maxDepth);
            }
            if (maxArgs < 2) {
                throw new LinreproException("ListOps: max args must be ≥ 2 (operators take 2..max args), got " + maxArgs);
            }
            if (minLength < 0 || maxLength - minLength < 2) {
                throw new LinreproException("ListOps: need 0 ≤ min length and min length + 2 ≤ max length (the bounds "
                        + "are strict), got min " + minLength + ", max " + maxLength);
            }
            long longest = longest(maxDepth, maxArgs);
            if (longest <= minLength) {
                throw new LinreproException("ListOps: no tree of depth ≤ " + maxDepth + " with ≤ " + maxArgs
                        + " arguments is longer than min length " + minLength + " (longest possible: " + longest + ")");
            }
        }

        private static long longest(int maxDepth, int maxArgs) {
            long len = 1; // a node at max depth is a leaf
            for (int d = maxDepth - 1; d >= 1; d--) {
                len = Math.min(Long.MAX_VALUE / 4, 2 + (long) maxArgs * len);
            }
            return len;
        }
    }

    /** One example: the expression tree, its released-format text and its answer. */
    public record Example(ListOpsNode tree, String source, int target) {}

    private final Params params;
    private final SplittableRandom random;

    public ListOpsGenerator(Params params, long seed) {
        this.params = params;
        this.random = new SplittableRandom(seed);
    }

    /** One tree from the root (depth 1), without the length filter. */
    public ListOpsNode tree() {
        return node(1);
    }

    private ListOpsNode node(int depth) {
        double r = depth < params.maxDepth() ? random.nextDouble() : 1.0;
        if (r > VALUE_P) {
            return new ListOpsNode.Leaf(random.nextInt(10));
        }
        int n = 2 + random.nextInt(params.maxArgs() - 1); // randint(2, max_args), inclusive
        List<ListOpsNode> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(node(depth + 1));
        }
        // as in the original, the operator is drawn after its arguments
        ListOpsOperator op = ListOpsOperator.values()[random.nextInt(ListOpsOperator.values().length)];
        return new ListOpsNode.Op(op, args);
    }

    /**
     * {@code count} distinct trees within the length bounds, in generation order.
     *
     * @throws LinreproException when the bounds accept too few trees to find {@code count} distinct ones
     */
    public List<Example> generate(int count) {
        if (count < 0) {
            throw new LinreproException("ListOps: count must be ≥ 0, got " + count);
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Example> out = new ArrayList<>(count);
        long attempts = 0;
        long budget = 2_000_000L + 2_000L * count;
        while (out.size() < count) {
            if (++attempts > budget) {
                throw new LinreproException("ListOps: found only " + out.size() + " of " + count + " distinct trees with "
                        + params.minLength() + " < length < " + params.maxLength() + " in " + budget
                        + " draws; widen the length bounds or raise max depth / max args");
            }
            ListOpsNode t = tree();
            int len = t.length();
            if (len > params.minLength() && len < params.maxLength()) {
                String s = ListOpsFormat.source(t);
                if (seen.add(s)) {
                    out.add(new Example(t, s, t.value()));
                }
            }
        }
        return out;
    }
}
