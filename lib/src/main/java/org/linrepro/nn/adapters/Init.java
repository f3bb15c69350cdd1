package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Seeded initial values for adapter tensors (Java's Random, so a seed gives the same adapter on any engine). */
final class Init {
    private Init() {}

    /** U(−bound, bound). */
    static NDArray uniform(NDManager m, Random rng, double bound, long... shape) {
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return m.create(v, new Shape(shape));
    }

    /** N(mean, std²). */
    static NDArray gaussian(NDManager m, Random rng, double mean, double std, long... shape) {
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * rng.nextGaussian());
        }
        return m.create(v, new Shape(shape));
    }

    /** Kaiming-uniform with a = √5 for a (rows × fanIn) matrix: U(−1/√fanIn, 1/√fanIn), as nn.Linear. */
    static NDArray kaiming(NDManager m, Random rng, long rows, long fanIn) {
        return uniform(m, rng, 1 / Math.sqrt(fanIn), rows, fanIn);
    }

    /** Overwrites {@code target} in place with {@code src} (same shape), keeping its identity and gradient flag. */
    static void assign(NDArray target, NDArray src) {
        target.subi(target).addi(src);
        src.close();
    }

    static NDArray trainable(NDArray a) {
        a.setRequiresGradient(true);
        return a;
    }
}
