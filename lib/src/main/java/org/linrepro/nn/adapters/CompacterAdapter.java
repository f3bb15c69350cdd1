package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * A Compacter bottleneck after a frozen sub-layer output map: y = h + up(GELU(down(h))) with h = W x + b and
 * down/up {@link PhmLinear}s (d → d/reduction → d) sharing one rule. The up map's right factors and bias start at
 * zero, so the adapter starts as the identity (an exact version of the usual near-identity start). The
 * non-linearity prevents merging.
 */
public final class CompacterAdapter extends WrappedLinear<Dense> {
    private final PhmLinear down;
    private final PhmLinear up;
    private final NDArray rule;

    public CompacterAdapter(Dense base, NDArray sharedRule, int reduction, int n, int k, Random rng) {
        super(base);
        this.rule = sharedRule;
        int d = base.out();
        int mid = d / reduction;
        down = new PhmLinear(sharedRule, d, mid, n, k, false, rng);
        up = new PhmLinear(sharedRule, mid, d, n, k, true, rng);
    }

    /** The n×n×n rule, initialised like the PHM factors; one per encoder, trainable. */
    public static NDArray newRule(ai.djl.ndarray.NDManager m, int n, Random rng) {
        return Init.trainable(Init.uniform(m, rng, Math.sqrt(6.0 / (2 * n)), n, n, n));
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray h = base.forward(x);
        NDArray z = down.forward(h);
        // exact-erf GELU with engine-owned scalars (README, DJL traps)
        z = Tensors.mul(z.mul(Tensors.div(z, Math.sqrt(2)).erf().add(Tensors.scalar(z, 1))), 0.5);
        return h.add(up.forward(z));
    }

    /** Includes the shared rule: every adapter lists it, the encoder keeps one copy (identity set). */
    @Override
    public List<NDArray> trainable() {
        List<NDArray> out = new java.util.ArrayList<>(List.of(rule));
        out.addAll(down.trainable());
        out.addAll(up.trainable());
        return out;
    }
}
