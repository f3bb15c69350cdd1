package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import org.linrepro.nn.ops.Tensors;

/**
 * ΔW = s·B M A: a rank-r update through an r × r middle factor M between B (out × r) and A (r × in). LoRA-SB
 * ({@link LoraSbLinear}: only M trained) and NLoRA ({@link NloraLinear}: M, or all three) differ only in how they
 * start and what they train.
 */
public abstract class ThreeFactorLinear extends AdaptedLinear {
    private final NDArray a;
    private final NDArray b;
    private final NDArray middle;
    private final double scale;

    protected ThreeFactorLinear(Dense base, NDArray a, NDArray b, NDArray middle, double scale) {
        super(base);
        this.a = a;
        this.b = b;
        this.middle = middle;
        this.scale = scale;
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    /** M (r × r). */
    protected NDArray middle() {
        return middle;
    }

    protected double scale() {
        return scale;
    }

    @Override
    public NDArray deltaWeight() {
        return Tensors.mul(b.matMul(middle).matMul(a), scale);
    }
}
