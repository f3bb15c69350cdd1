package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * S2FT on one matrix: r input channels (columns of W) are chosen (seeded, without replacement) and only those
 * columns train: ΔW = D S with D (out × r) trainable from zero and S (r × in) the fixed one-hot selection. Adding
 * D S to W is the same as updating the selected columns in place, written so that the frozen rest provably
 * gets no gradient.
 */
public final class S2ftLinear extends AdaptedLinear {
    private final NDArray selection;
    private final NDArray columns;
    private final int[] chosen;

    public S2ftLinear(Dense base, int r, Random rng) {
        super(base);
        int in = base.in();
        if (r > in) {
            throw new LinreproException("s2ft: " + r + " channels exceed the input width " + in);
        }
        NDManager m = base.weight().getManager();
        int[] perm = new int[in];
        for (int i = 0; i < in; i++) {
            perm[i] = i;
        }
        for (int i = in - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        chosen = java.util.Arrays.copyOf(perm, r);
        java.util.Arrays.sort(chosen);
        float[] s = new float[r * in];
        for (int k = 0; k < r; k++) {
            s[k * in + chosen[k]] = 1f;
        }
        selection = m.create(s, new Shape(r, in));
        columns = Init.trainable(m.zeros(new Shape(base.out(), r), DataType.FLOAT32));
    }

    /** The selected input channels, ascending. */
    public int[] chosen() {
        return chosen.clone();
    }

    public NDArray columns() {
        return columns;
    }

    @Override
    public NDArray deltaWeight() {
        return columns.matMul(selection);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(columns);
    }
}
