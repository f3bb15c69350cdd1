package org.linrepro.train;

import org.linrepro.nn.ops.NoGrad;
import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay) whose state — step count and both moment buffers — is visible, so
 * {@link LmCheckpoint} can save and restore it and a resumed run continues with the same numbers. (The older
 * {@link Adam} keeps its moments private.) Updates run in place, outside any gradient collector.
 */
public final class LmOptimizer {
    private final List<NDArray> params;
    final List<NDArray> m = new ArrayList<>();
    final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    int step;

    public LmOptimizer(List<NDArray> params, double beta1, double beta2, double eps, double weightDecay) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (NDArray p : params) {
            p.setRequiresGradient(true);
            m.add(p.zerosLike());
            v.add(p.zerosLike());
        }
    }

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    /** Global L2 norm of the gradients (float64 sum: the norm decides clipping and NaN detection). */
    public double gradientNorm() {
        double s = 0;
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            s += g.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).square().sum().getDouble();
        }
        return Math.sqrt(s);
    }

    /** Scales the gradients to global norm ≤ maxNorm (no-op when maxNorm ≤ 0, fairseq's "clip_norm 0"); returns the norm. */
    public double clip(double maxNorm) {
        double norm = gradientNorm();
        if (maxNorm > 0 && norm > maxNorm) {
            try (NoGrad ng = NoGrad.enter()) {
                for (NDArray p : params) {
                    p.getGradient().muli(maxNorm / norm);
                }
            }
        }
        return norm;
    }

    /** One AdamW step at learning rate {@code lr}; zeroes the gradients (DJL accumulates them). */
    public void update(double lr) {
        try (NoGrad ng = NoGrad.enter()) { // in-place updates of leaves must not be recorded, on any thread
            updateInPlace(lr);
        }
    }

    private void updateInPlace(double lr) {
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray g = p.getGradient();
            m.get(i).muli(beta1).addi(g.mul(1 - beta1));
            v.get(i).muli(beta2).addi(g.square().muli(1 - beta2));
            try (NDArray upd = m.get(i).div(c1).divi(v.get(i).div(c2).sqrt().addi(eps)).muli(lr)) {
                if (weightDecay > 0 && p.getShape().dimension() > 1) {
                    // decay matrices only: gains, biases and norms stay undecayed (the usual GPT practice)
                    p.subi(p.mul(lr * weightDecay));
                }
                p.subi(upd);
            }
            g.subi(g);
        }
    }
}
