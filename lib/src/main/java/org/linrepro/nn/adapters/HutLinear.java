package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * HUT as read from its abstract: W' = W ⊙ (1 + s·B A), so ΔW = W ⊙ (s·B A) depends on W (merge stores it).
 * A Kaiming-uniform, B zero: function unchanged at initialisation. The paper's exact form is unverified
 * ({@link HutMethod}).
 */
public final class HutLinear extends AdaptedLinear {
    private final NDArray a;
    private final NDArray b;
    private final double scale;

    public HutLinear(Dense base, int r, double alpha, Random rng) {
        super(base);
        NDManager m = base.weight().getManager();
        this.scale = alpha / r;
        List<ParameterSpec> s = HutMethod.shapes("", base.in(), base.out(), r);
        this.a = Init.trainable(Init.kaiming(m, rng, r, base.in()));
        this.b = Init.trainable(m.zeros(new Shape(s.get(1).shape())));
    }

    public NDArray b() {
        return b;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(b.matMul(a), scale).mul(base.weight());
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(a, b);
    }
}
