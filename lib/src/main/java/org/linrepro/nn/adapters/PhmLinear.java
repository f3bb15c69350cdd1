package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * Compacter's parameterised hypercomplex multiplication layer: y = x W + b with W = Σ_i R_i ⊗ (L_i Rt_i)
 * (in × out), R the n×n×n rule (shared across layers, owned by the caller), L_i (in/n × k), Rt_i (k × out/n) —
 * the shapes {@link CompacterMethod#phmShapes} lists.
 */
public final class PhmLinear {
    private final NDArray rule;
    private final NDArray left;
    private final NDArray right;
    private final NDArray bias;
    private final int n;
    private final int in;
    private final int out;

    /** {@code zeroRight}: start Rt at zero so the layer outputs its bias (an up-projection that starts silent). */
    public PhmLinear(NDArray rule, int in, int out, int n, int k, boolean zeroRight, Random rng) {
        NDManager m = rule.getManager();
        List<ParameterSpec> s = CompacterMethod.phmShapes("", in, out, n, k);
        this.rule = rule;
        this.n = n;
        this.in = in;
        this.out = out;
        double bound = Math.sqrt(6.0 / (in / n + out / n));
        left = Init.trainable(Init.uniform(m, rng, Math.sqrt(bound), s.get(0).shape()));
        right = Init.trainable(zeroRight ? m.zeros(new Shape(s.get(1).shape()))
                : Init.uniform(m, rng, Math.sqrt(bound), s.get(1).shape()));
        bias = Init.trainable(m.zeros(new Shape(s.get(2).shape())));
    }

    /** Σ_i kron(R_i, L_i Rt_i), built by broadcasting: (n, n, 1, n, 1) · (n, 1, in/n, 1, out/n), summed over i. */
    public NDArray weight() {
        long p = in / n;
        long q = out / n;
        NDArray blocks = left.matMul(right); // (n, in/n, out/n)
        NDArray r5 = rule.reshape(n, n, 1, n, 1);
        NDArray b5 = blocks.reshape(n, 1, p, 1, q);
        return r5.mul(b5).sum(new int[] {0}).reshape(in, out);
    }

    public NDArray forward(NDArray x) {
        return x.matMul(weight()).add(bias);
    }

    /** The layer's own tensors (the shared rule is listed once by its owner). */
    public List<NDArray> trainable() {
        return List.of(left, right, bias);
    }
}
