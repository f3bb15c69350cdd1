package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * Bone ("bone" variant of PEFT's tuner): one block (r × out) shared by the input's in/r blocks of width r,
 * y = W x + Σ_k block ᵀ x_k, i.e. ΔW = [blockᵀ blockᵀ … blockᵀ] (out × in). The block starts at zero (PEFT's
 * init), so the function is unchanged at initialisation.
 */
public final class BoneLinear extends AdaptedLinear {
    private final NDArray block;
    private final int r;

    public BoneLinear(Dense base, int r) {
        super(base);
        if (base.in() % r != 0) {
            throw new LinreproException("bone: rank " + r + " must divide the input width " + base.in());
        }
        this.r = r;
        this.block = Init.trainable(base.weight().getManager().zeros(new Shape(r, base.out())));
    }

    public NDArray block() {
        return block;
    }

    @Override
    public NDArray deltaWeight() {
        return block.transpose().tile(new long[] {1, base.in() / r});
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(block);
    }
}
