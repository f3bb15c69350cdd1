package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.nn.ops.NoGrad;

/**
 * Adam / AdamW (decoupled weight decay, Loshchilov &amp; Hutter) on a list of raw parameter arrays. Updates run
 * in place outside any gradient collector; the moment buffers live in the parameters' managers, and
 * {@link #state()}/{@link #restore} carry them through checkpoints.
 *
 * <p>Two variants: {@link #standard}/the constructor decay every tensor and sum the gradient norm in float32 (what
 * the ICL, LRA and GLUE claims were measured with); {@link #forLanguageModel} decays matrices only (gains, biases and
 * norms stay undecayed, the usual GPT practice) and sums the norm in float64 (the norm decides clipping and NaN
 * detection) — what the WikiText claims were measured with.
 */
public final class Adam {
    private final List<NDArray> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decayMatricesOnly;
    private final boolean float64Norm;
    private int t;

    public Adam(List<NDArray> params, double beta1, double beta2, double eps, double weightDecay) {
        this(params, beta1, beta2, eps, weightDecay, false, false);
    }

    private Adam(List<NDArray> params, double beta1, double beta2, double eps, double weightDecay,
            boolean decayMatricesOnly, boolean float64Norm) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decayMatricesOnly = decayMatricesOnly;
        this.float64Norm = float64Norm;
        for (NDArray p : params) {
            m.add(p.zerosLike());
            v.add(p.zerosLike());
        }
    }

    public static Adam standard(List<NDArray> params) {
        return new Adam(params, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * Decoupled weight decay on matrices only (biases, gains and norms undecayed: the Hugging Face Trainer's rule,
     * which exempts 'bias' and 'LayerNorm.weight'), float32 gradient norm as {@link #Adam(List, double, double, double,
     * double)}.
     */
    public static Adam decayingMatricesOnly(List<NDArray> params, double beta1, double beta2, double eps,
            double weightDecay) {
        return new Adam(params, beta1, beta2, eps, weightDecay, true, false);
    }

    /** The language-model variant (see the class comment); also marks the parameters as requiring gradients. */
    public static Adam forLanguageModel(List<NDArray> params, double beta1, double beta2, double eps,
            double weightDecay) {
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        return new Adam(params, beta1, beta2, eps, weightDecay, true, true);
    }

    /** Steps taken so far (restored ones included). */
    public int steps() {
        return t;
    }

    /** One step with learning rate {@code lr}, using and then zeroing each parameter's gradient. */
    public void step(double lr) {
        try (NoGrad ng = NoGrad.enter()) { // in-place updates of leaves must not be recorded, on any thread
            stepInPlace(lr);
        }
    }

    private void stepInPlace(double lr) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray g = p.getGradient();
            // Temporaries belong to the long-lived managers of their first operand: close each one, or a large
            // model leaks several parameter-sized arrays per step (same arithmetic, same order as before).
            try (NDArray gm = g.mul(1 - beta1)) {
                m.get(i).muli(beta1).addi(gm);
            }
            try (NDArray g2 = g.square()) {
                v.get(i).muli(beta2).addi(g2.muli(1 - beta2));
            }
            try (NDArray vh = v.get(i).div(c2); NDArray den = vh.sqrt();
                    NDArray update = m.get(i).div(c1)) {
                update.divi(den.addi(eps)).muli(lr);
                if (weightDecay > 0 && (!decayMatricesOnly || p.getShape().dimension() > 1)) {
                    try (NDArray decay = p.mul(lr * weightDecay)) {
                        p.subi(decay);
                    }
                }
                p.subi(update);
            }
            g.subi(g); // gradients accumulate in DJL: reset for the next step
            g.close();
        }
    }

    /** Step count and moments as Java arrays (for checkpoints). */
    public OptimizerState state() {
        List<float[]> fm = new ArrayList<>(params.size());
        List<float[]> sm = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            fm.add(m.get(i).toFloatArray());
            sm.add(v.get(i).toFloatArray());
        }
        return new OptimizerState(t, fm, sm);
    }

    /** Continues from a saved state: the next {@link #step} makes exactly the update the saved run would have made. */
    public void restore(OptimizerState s) {
        if (s.firstMoments().size() != params.size()) {
            throw new org.linrepro.util.LinreproException("optimizer state has " + s.firstMoments().size()
                    + " moment arrays, the model " + params.size() + " parameters");
        }
        for (int i = 0; i < params.size(); i++) {
            if (s.firstMoments().get(i).length != params.get(i).size()
                    || s.secondMoments().get(i).length != params.get(i).size()) {
                throw new org.linrepro.util.LinreproException("optimizer state array " + i + " does not fit parameter "
                        + i + " (" + params.get(i).size() + " values)");
            }
            m.get(i).set(s.firstMoments().get(i));
            v.get(i).set(s.secondMoments().get(i));
        }
        t = s.step();
    }

    /** Global L2 norm of the current gradients (for clipping and NaN detection). */
    public double gradientNorm() {
        double s = 0;
        for (NDArray p : params) {
            try (NDArray g = p.getGradient()) {
                s += float64Norm ? g.toType(DataType.FLOAT64, false).square().sum().getDouble()
                        : g.square().sum().getFloat();
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Scales all gradients so their global norm is at most {@code maxNorm} (no-op when maxNorm ≤ 0, fairseq's
     * "clip_norm 0"); returns the norm before.
     */
    public double clipGradients(double maxNorm) {
        double norm = gradientNorm();
        if (maxNorm > 0 && norm > maxNorm) {
            for (NDArray p : params) {
                try (NoGrad ng = NoGrad.enter(); NDArray g = p.getGradient()) {
                    g.muli(maxNorm / norm);
                }
            }
        }
        return norm;
    }
}
