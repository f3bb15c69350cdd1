package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * Hydra: y = W x + b + s·B_p A_p x + s·B_s A_s (W x + b), a parallel branch on the input and a sequential branch
 * on the frozen layer's output. Both are linear, so ΔW = s(B_p A_p + B_s A_s W), Δb = s·B_s A_s b and the update
 * merges. A's Kaiming-uniform, B's zero: function unchanged at initialisation.
 */
public final class HydraLinear extends AdaptedLinear {
    private final NDArray ap;
    private final NDArray bp;
    private final NDArray as;
    private final NDArray bs;
    private final double scale;

    /** Ranks r_p (parallel) and r_s (sequential); {@code scale} multiplies both branches (1 in Hydra's code). */
    public HydraLinear(Dense base, int parallelRank, int sequentialRank, double scale, Random rng) {
        super(base);
        NDManager m = base.weight().getManager();
        int in = base.in();
        int out = base.out();
        this.scale = scale;
        this.ap = Init.trainable(Init.kaiming(m, rng, parallelRank, in));
        this.bp = Init.trainable(m.zeros(new Shape(out, parallelRank)));
        this.as = Init.trainable(Init.kaiming(m, rng, sequentialRank, out));
        this.bs = Init.trainable(m.zeros(new Shape(out, sequentialRank)));
    }

    public NDArray parallelB() {
        return bp;
    }

    public NDArray sequentialB() {
        return bs;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(bp.matMul(ap).add(bs.matMul(as).matMul(base.weight())), scale);
    }

    @Override
    public NDArray deltaBias() {
        return Tensors.mul(bs.matMul(as).matMul(base.bias().expandDims(1)).squeeze(1), scale);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(ap, bp, as, bs);
    }
}
