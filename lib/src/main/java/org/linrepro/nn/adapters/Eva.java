package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * EVA's data-driven initialisation: A (r × in) = the top-r right-singular vectors of the layer's input
 * activations X (tokens × in), B = 0, so the function is unchanged and A spans the directions of largest
 * activation variance. Uncentred SVD of X, computed as the eigen-decomposition of XᵀX (same right-singular
 * vectors; eigenvalues = squared singular values). {@link #allocate} is PEFT's rank redistribution (tuners/lora/
 * eva.py): with budget Σ r, each layer capped at round(r·ρ), the globally largest explained-variance ratios win.
 */
public final class Eva {
    private Eva() {}

    /** The activations' right-singular vectors (columns of v) and squared singular values (s), descending. */
    public static Svd components(NDArray activations) {
        NDArray x = activations.toType(DataType.FLOAT64, false);
        int in = (int) x.getShape().get(1);
        return Svd.of(x.transpose().matMul(x).toDoubleArray(), in, in);
    }

    /** The top-r right-singular vectors of {@code activations} (rows = tokens), as rows of an r × in array. */
    public static double[][] topRightSingularVectors(NDArray activations, int r) {
        return rows(components(activations), r);
    }

    private static double[][] rows(Svd c, int r) {
        int in = c.v().length;
        double[][] out = new double[r][in];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < in; j++) {
                out[k][j] = c.v()[j][k];
            }
        }
        return out;
    }

    /**
     * Ranks per layer under the budget r·(number of layers): every layer offers its explained-variance ratios
     * λ_k / Σλ for k &lt; round(r·ρ); the budget goes to the largest ratios over all layers (ties: earlier layer,
     * earlier component). ρ = 1 gives every layer r.
     */
    public static int[] allocate(List<Svd> layers, int r, double rho) {
        int cap = (int) Math.round(r * rho);
        record Candidate(int layer, int k, double ratio) {}
        List<Candidate> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            double[] s = layers.get(i).s();
            double total = 0;
            for (double v : s) {
                total += v;
            }
            for (int k = 0; k < Math.min(cap, s.length); k++) {
                all.add(new Candidate(i, k, total > 0 ? s[k] / total : 0));
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::ratio).reversed()
                .thenComparingInt(Candidate::layer).thenComparingInt(Candidate::k));
        int[] ranks = new int[layers.size()];
        for (int n = 0; n < Math.min(r * layers.size(), all.size()); n++) {
            ranks[all.get(n).layer()]++;
        }
        return ranks;
    }

    public static LoraLinear init(Dense base, NDArray activations, int r, double alpha) {
        return init(base, components(activations), r, alpha);
    }

    /** LoRA with A = the top-r components and B = 0; scale alpha / r. */
    public static LoraLinear init(Dense base, Svd components, int r, double alpha) {
        NDManager m = base.weight().getManager();
        int in = base.in();
        double[][] v = rows(components, r);
        float[] av = new float[r * in];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < in; j++) {
                av[k * in + j] = (float) v[k][j];
            }
        }
        return LoraLinear.of(base, m.create(av, new Shape(r, in)), m.zeros(new Shape(base.out(), r)), alpha / r);
    }
}
