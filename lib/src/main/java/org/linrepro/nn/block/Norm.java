package org.linrepro.nn.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;
import org.linrepro.nn.ops.Tensors;

/**
 * A LayerNorm over the last axis with its gain and bias. Two kernels compute the same function to different last
 * bits, and each model keeps the one its claims were measured with: {@link #forward} is DJL's fused layer-norm op
 * (LRA encoder, tracking classifier, BERT); {@link #composed} is written out of mean, variance and divide (the
 * language model, the ICL transformer).
 */
public record Norm(NDArray gain, NDArray bias) {
    /** The usual start: gain 1, bias 0, registered in that order. */
    public static Norm create(ParameterSet p, long dim) {
        return new Norm(p.ones(dim), p.zeros(dim));
    }

    /** DJL's fused kernel with ε = 1e-5. */
    public NDArray forward(NDArray x) {
        return forward(x, 1e-5f);
    }

    /** DJL's fused kernel. */
    public NDArray forward(NDArray x, float eps) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().tail()), gain, bias, eps).singletonOrThrow();
    }

    /** (x − mean) / √(var + ε) · g + b from elementwise ops (engine-owned ε, see {@link Tensors#layerNorm}). */
    public static NDArray composed(NDArray x, NDArray g, NDArray b, double eps) {
        return Tensors.layerNorm(x, eps).mul(g).add(b);
    }

    /** Gain, then bias. */
    public List<NDArray> arrays() {
        return List.of(gain, bias);
    }
}
