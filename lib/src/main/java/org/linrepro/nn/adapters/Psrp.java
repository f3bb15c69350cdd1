package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * MP+'s partially shared re-parameterisation (PSRP.py): from the FFN input h, z = ReLU(down h) (d → 16), then
 * weight = up_w z and bias = up_b z (16 → d, no biases), and the FFN output becomes bias + (1 + weight) ⊙ FFN(h).
 * nn.Linear's default init (U(±1/√fan_in)), so the block changes at initialisation, as in the official code.
 */
public final class Psrp implements FfnModulation {
    private final NDArray down;
    private final NDArray upWeight;
    private final NDArray upBias;

    public Psrp(NDManager m, int d, Random rng) {
        int k = MomentProbingMethod.PSRP_REDUCTION;
        down = Init.trainable(Init.kaiming(m, rng, k, d));
        upWeight = Init.trainable(Init.kaiming(m, rng, d, k));
        upBias = Init.trainable(Init.kaiming(m, rng, d, k));
    }

    @Override
    public NDArray apply(NDArray h, NDArray ffn) {
        NDArray z = Tensors.relu(h.matMul(down.transpose()));
        NDArray w = z.matMul(upWeight.transpose());
        NDArray b = z.matMul(upBias.transpose());
        return b.add(ffn.mul(w.add(Tensors.scalar(w, 1))));
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(down, upWeight, upBias);
    }
}
