package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * NOLA: ΔW = s·B A with A = A₀ + Σ_i α_i A_i and B = Σ_j β_j B_j over fixed random bases (A_i r × in, B_j out × r);
 * only α (basisA) and β (basisB) train, the shapes {@link NolaMethod#shapes} lists. As the official NOLALinear
 * (UCDvision/NOLA gpt/src/model_nola.py): bases U(−1, 1)/√(number of bases), both coefficient vectors start at
 * zero, and A carries a frozen Kaiming-uniform offset A₀ (B's offset is zero), so the function is unchanged at
 * initialisation while β still gets a gradient.
 */
public final class NolaLinear extends AdaptedLinear {
    private final NDArray a0;
    private final NDArray basisA;
    private final NDArray basisB;
    private final NDArray coefA;
    private final NDArray coefB;
    private final int r;
    private final double scale;

    public NolaLinear(Dense base, int r, int basisA, int basisB, double alpha, Random rng) {
        super(base);
        NDManager m = base.weight().getManager();
        int in = base.in();
        int out = base.out();
        this.r = r;
        this.scale = alpha / r;
        this.a0 = Init.kaiming(m, rng, r, in);
        this.basisA = Init.uniform(m, rng, 1 / Math.sqrt(basisA), basisA, (long) r * in);
        this.basisB = Init.uniform(m, rng, 1 / Math.sqrt(basisB), basisB, (long) out * r);
        List<ParameterSpec> s = NolaMethod.shapes("", basisA, basisB);
        this.coefA = Init.trainable(m.zeros(new Shape(s.get(0).shape())));
        this.coefB = Init.trainable(m.zeros(new Shape(s.get(1).shape())));
    }

    public NDArray a() {
        return coefA.expandDims(0).matMul(basisA).reshape(r, base.in()).add(a0);
    }

    public NDArray b() {
        return coefB.expandDims(0).matMul(basisB).reshape(base.out(), r);
    }

    public NDArray coefB() {
        return coefB;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(b().matMul(a()), scale);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(coefA, coefB);
    }
}
