package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * LoRA-SB's structure: ΔW = s·B R A with A (r × in) and B (out × r) frozen and only R (r × r) trained. R starts
 * at zero (function unchanged). LoRA-SB initialises A, B, R from an SVD of the first full-fine-tuning gradient;
 * that gradient-based initialisation is NOT implemented here: A and B are fixed seeded Kaiming-uniform factors
 * (the LoRA-XS-style structure with a random basis), so only the count and the trainable/frozen split are the
 * method's.
 */
public final class LoraSbLinear extends AdaptedLinear {
    private final NDArray a;
    private final NDArray b;
    private final NDArray latent;
    private final double scale;

    public LoraSbLinear(Dense base, int r, double alpha, Random rng) {
        super(base);
        NDManager m = base.weight().getManager();
        this.scale = alpha / r;
        this.a = Init.kaiming(m, rng, r, base.in());
        this.b = Init.uniform(m, rng, 1 / Math.sqrt(r), base.out(), r);
        this.latent = Init.trainable(m.zeros(new Shape(r, r)));
    }

    public NDArray latent() {
        return latent;
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(b.matMul(latent).matMul(a), scale);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(latent);
    }
}
