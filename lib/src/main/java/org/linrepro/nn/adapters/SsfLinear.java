package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * SSF after a linear map: y = γ ⊙ (W x + b) + β, γ ~ N(1, 0.02²), β ~ N(0, 0.02²) as SSF's init_ssf_scale_shift.
 * Re-parameterisable: ΔW = diag(γ − 1) W, Δb = (γ − 1) ⊙ b + β. Not identity at initialisation (the noise is the
 * method's); {@link ScaleShift#identity()} gives γ = 1, β = 0 for tests.
 */
public final class SsfLinear extends AdaptedLinear {
    private final ScaleShift ss;

    public SsfLinear(Dense base, Random rng) {
        super(base);
        ss = new ScaleShift(base.weight().getManager(), base.out(), rng);
    }

    public ScaleShift scaleShift() {
        return ss;
    }

    @Override
    public NDArray deltaWeight() {
        return ss.scale().sub(Tensors.scalar(ss.scale(), 1)).expandDims(1).mul(base.weight());
    }

    @Override
    public NDArray deltaBias() {
        return ss.scale().sub(Tensors.scalar(ss.scale(), 1)).mul(base.bias()).add(ss.shift());
    }

    @Override
    public NDArray forward(NDArray x) {
        return merged() ? base.forward(x) : ss.forward(base.forward(x));
    }

    @Override
    public List<NDArray> trainable() {
        return ss.trainable();
    }

    /** Per-channel scale and shift of the last axis: SSF's unit, also used after the LayerNorms. */
    public static final class ScaleShift implements NormAdapter {
        private final NDArray scale;
        private final NDArray shift;

        public ScaleShift(NDManager m, int dim, Random rng) {
            List<ParameterSpec> s = SsfMethod.shapes("", dim);
            scale = Init.trainable(Init.gaussian(m, rng, 1, 0.02, s.get(0).shape()));
            shift = Init.trainable(Init.gaussian(m, rng, 0, 0.02, s.get(1).shape()));
        }

        public NDArray scale() {
            return scale;
        }

        public NDArray shift() {
            return shift;
        }

        /** Sets γ = 1, β = 0 (in place). */
        public void identity() {
            Init.assign(scale, scale.onesLike());
            Init.assign(shift, shift.zerosLike());
        }

        @Override
        public NDArray forward(NDArray x) {
            return x.mul(scale).add(shift);
        }

        @Override
        public List<NDArray> trainable() {
            return List.of(scale, shift);
        }
    }
}
