package org.linrepro.nn.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The fixed sinusoidal positional encoding (shared by the LRA encoder and the language model). */
public final class Sinusoids {
    private Sinusoids() {}

    /** Sinusoidal table [length, dim] (Vaswani et al.): sin on even, cos on odd channels, frequency 10000^(−2⌊i/2⌋/dim). */
    public static NDArray table(NDManager m, int length, int dim) {
        float[] t = new float[length * dim];
        for (int p = 0; p < length; p++) {
            for (int i = 0; i < dim; i++) {
                double freq = Math.pow(10_000, -(double) (i - i % 2) / dim);
                t[p * dim + i] = (float) (i % 2 == 0 ? Math.sin(p * freq) : Math.cos(p * freq));
            }
        }
        return m.create(t, new Shape(length, dim));
    }
}
