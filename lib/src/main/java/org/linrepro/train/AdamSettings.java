package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The optimiser of a training run: Adam/AdamW's betas, epsilon and decoupled weight decay, and the two variant flags
 * of {@link Adam} (decay matrices only; float64 gradient norm). {@link #create} builds exactly the {@link Adam} each
 * experiment was measured with.
 */
public record AdamSettings(double beta1, double beta2, double eps, double weightDecay, boolean decayMatricesOnly,
        boolean float64Norm) {

    /** Every tensor decayed, float32 norm ({@link Adam#Adam(List, double, double, double, double)}). */
    public static AdamSettings of(double beta1, double beta2, double eps, double weightDecay) {
        return new AdamSettings(beta1, beta2, eps, weightDecay, false, false);
    }

    /** {@link Adam#standard}: β = (0.9, 0.999), ε = 1e-8, no weight decay. */
    public static AdamSettings standard() {
        return of(0.9, 0.999, 1e-8, 0);
    }

    /** {@link Adam#decayingMatricesOnly}. */
    public static AdamSettings decayingMatricesOnly(double beta1, double beta2, double eps, double weightDecay) {
        return new AdamSettings(beta1, beta2, eps, weightDecay, true, false);
    }

    /** {@link Adam#forLanguageModel}: matrices decayed, float64 norm (it also marks the parameters trainable). */
    public static AdamSettings forLanguageModel(double beta1, double beta2, double eps, double weightDecay) {
        return new AdamSettings(beta1, beta2, eps, weightDecay, true, true);
    }

    public Adam create(List<NDArray> params) {
        if (float64Norm && decayMatricesOnly) {
            return Adam.forLanguageModel(params, beta1, beta2, eps, weightDecay);
        }
        if (float64Norm) {
            throw new IllegalArgumentException("the float64 norm comes only with matrix-only decay (the LM variant)");
        }
        return decayMatricesOnly ? Adam.decayingMatricesOnly(params, beta1, beta2, eps, weightDecay)
                : new Adam(params, beta1, beta2, eps, weightDecay);
    }
}
