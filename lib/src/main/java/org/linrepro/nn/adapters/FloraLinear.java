package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * FLoRA on a linear map (N = 2 Tucker): ΔW = s·P₁ Gᵀ P₀ᵀ with P₀ (in × r), P₁ (out × r) Kaiming-initialised and
 * the core G (r × r) from zero, as FLoRALayer; function unchanged at initialisation.
 */
public final class FloraLinear extends AdaptedLinear {
    private final NDArray p0;
    private final NDArray p1;
    private final NDArray core;
    private final double scale;

    public FloraLinear(Dense base, int r, double scale, Random rng) {
        super(base);
        NDManager m = base.weight().getManager();
        this.scale = scale;
        this.p0 = Init.trainable(Init.uniform(m, rng, 1 / Math.sqrt(r), base.in(), r));
        this.p1 = Init.trainable(Init.uniform(m, rng, 1 / Math.sqrt(r), base.out(), r));
        this.core = Init.trainable(m.zeros(new Shape(r, r)));
    }

    public NDArray core() {
        return core;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(p1.matMul(core.transpose()).matMul(p0.transpose()), scale);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(p0, p1, core);
    }
}
