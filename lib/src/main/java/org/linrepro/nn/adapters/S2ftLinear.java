package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * S2FT on one matrix: a fixed set of columns (input channels, S2Linear2) or rows (output channels, S2Linear) of W
 * trains, from zero. Written as ΔW = D S (columns: D out × k, S k × in one-hot) or ΔW = Sᵀ D (rows: D k × in,
 * S k × out one-hot), the same as updating those entries in place, so the frozen rest provably gets no gradient.
 */
public final class S2ftLinear extends AdaptedLinear {
    private final NDArray selection;
    private final NDArray trained;
    private final int[] chosen;
    private final boolean rows;

    private S2ftLinear(Dense base, int[] chosen, boolean rows) {
        super(base);
        this.rows = rows;
        this.chosen = chosen.clone();
        int width = rows ? base.out() : base.in();
        NDManager m = base.weight().getManager();
        float[] s = new float[chosen.length * width];
        for (int k = 0; k < chosen.length; k++) {
            s[k * width + chosen[k]] = 1f;
        }
        selection = m.create(s, new Shape(chosen.length, width));
        trained = Init.trainable(m.zeros(rows ? new Shape(chosen.length, base.in())
                : new Shape(base.out(), chosen.length)));
    }

    /** {@code r} input channels chosen at random (seeded, without replacement). */
    public static S2ftLinear columns(Dense base, int r, Random rng) {
        if (r > base.in()) {
            throw new LinreproException("s2ft: " + r + " channels exceed the input width " + base.in());
        }
        return new S2ftLinear(base, sample(base.in(), r, rng), false);
    }

    /** The output rows of the given heads (head h = rows h·headDim … (h+1)·headDim − 1). */
    public static S2ftLinear headRows(Dense base, int[] heads, int headDim) {
        int[] rows = new int[heads.length * headDim];
        for (int k = 0; k < heads.length; k++) {
            for (int j = 0; j < headDim; j++) {
                rows[k * headDim + j] = heads[k] * headDim + j;
            }
        }
        return new S2ftLinear(base, rows, true);
    }

    /** k of n indices, sorted, by a seeded partial shuffle. */
    public static int[] sample(int n, int k, Random rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(perm, k);
        java.util.Arrays.sort(out);
        return out;
    }

    /** The selected channels (columns or rows), ascending. */
    public int[] chosen() {
        return chosen.clone();
    }

    public NDArray trainedBlock() {
        return trained;
    }

    @Override
    public NDArray deltaWeight() {
        return rows ? selection.transpose().matMul(trained) : trained.matMul(selection);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(trained);
    }
}
