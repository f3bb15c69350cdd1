package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * EVA's data-driven initialisation: A (r × in) = the top-r right-singular vectors of the layer's input
 * activations X (tokens × in), B = 0, so the function is unchanged and A spans the directions of largest
 * activation variance. Uncentred SVD of X, computed as the eigenvectors of XᵀX (same right-singular vectors).
 * Rank redistribution (PEFT's ρ) is not done: every layer keeps rank r.
 */
public final class Eva {
    private Eva() {}

    /** The top-r right-singular vectors of {@code activations} (rows = tokens), as rows of an r × in array. */
    public static double[][] topRightSingularVectors(NDArray activations, int r) {
        NDArray x = activations.toType(DataType.FLOAT64, false);
        int in = (int) x.getShape().get(1);
        double[] gram = x.transpose().matMul(x).toDoubleArray();
        Svd svd = Svd.of(gram, in, in);
        double[][] out = new double[r][in];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < in; j++) {
                out[k][j] = svd.v()[j][k];
            }
        }
        return out;
    }

    public static LoraLinear init(Dense base, NDArray activations, int r, double alpha) {
        NDManager m = base.weight().getManager();
        int in = base.in();
        double[][] v = topRightSingularVectors(activations, r);
        float[] av = new float[r * in];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < in; j++) {
                av[k * in + j] = (float) v[k][j];
            }
        }
        return LoraLinear.of(base, m.create(av, new Shape(r, in)), m.zeros(new Shape(base.out(), r)), alpha / r);
    }
}
