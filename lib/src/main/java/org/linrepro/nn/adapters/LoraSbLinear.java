package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.linalg.Svd;

/**
 * LoRA-SB: ΔW = s·B R A with A (r × in) and B (out × r) frozen and only R (r × r) trained. Built with R = 0 and
 * fixed seeded random A, B (function unchanged); {@link #initFromGradient} then applies LoRA-SB's own start
 * (RaghavSinghal10/lora-sb utils/initialization_utils.py, gradient_utils.py): G = −lr·sign(∇_W L) approximates
 * the first full-fine-tuning step, and with G = U S Vᵀ (top r) B = U_r, R = S_r, A = V_rᵀ, so ΔW starts at
 * the best rank-r approximation of that step (s = 1 there, lora_alpha = r).
 */
public final class LoraSbLinear extends ThreeFactorLinear {
    /** A and B drawn from {@code rng} in that order, R = 0. */
    public LoraSbLinear(Dense base, int r, double alpha, Random rng) {
        super(base, Init.kaiming(manager(base), rng, r, base.in()),
                Init.uniform(manager(base), rng, 1 / Math.sqrt(r), base.out(), r),
                Init.trainable(manager(base).zeros(new Shape(r, r))), alpha / r);
    }

    private static NDManager manager(Dense base) {
        return base.weight().getManager();
    }

    /** LoRA-SB's start from the gradient of the frozen weight (out × in) and the effective learning rate. */
    public void initFromGradient(NDArray gradient, double lr) {
        int out = base.out();
        int in = base.in();
        int r = (int) latent().getShape().get(0);
        double[] g = gradient.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            g[i] = -lr * Math.signum(g[i]);
        }
        Svd svd = Svd.of(g, out, in); // exact: a sign matrix has a flat spectrum, randomised SVD converges poorly
        float[] bv = new float[out * r];
        float[] av = new float[r * in];
        float[] rv = new float[r * r];
        for (int k = 0; k < r; k++) {
            rv[k * r + k] = (float) (svd.s()[k] / scale());
            for (int i = 0; i < out; i++) {
                bv[i * r + k] = (float) svd.u()[i][k];
            }
            for (int j = 0; j < in; j++) {
                av[k * in + j] = (float) svd.v()[j][k];
            }
        }
        NDManager m = a().getManager();
        Init.assign(a(), m.create(av, a().getShape()));
        Init.assign(b(), m.create(bv, b().getShape()));
        Init.assign(latent(), m.create(rv, latent().getShape()));
    }

    /** R, the one trained factor. */
    public NDArray latent() {
        return middle();
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(latent());
    }
}
