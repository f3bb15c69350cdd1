package org.linrepro.nn.tracking;

import org.linrepro.util.LinreproException;

/**
 * Shape of a {@link TrackingClassifier}: token embedding, {@code layers} pre-norm blocks (x + mixer(LN x), then
 * x + MLP(LN x) unless {@code mlpRatio} is 0), a final LayerNorm, and a linear readout at the answer position.
 *
 * @param mlpRatio hidden width of the GELU MLP as a multiple of {@code dim}; 0 = no MLP
 */
public record TrackingModelConfig(int vocabulary, int classes, int dim, int layers, int mlpRatio) {
    public TrackingModelConfig {
        if (vocabulary < 1 || classes < 2 || dim < 1 || layers < 1 || mlpRatio < 0) {
            throw new LinreproException("tracking model: need vocabulary ≥ 1, classes ≥ 2, dim ≥ 1, layers ≥ 1, "
                    + "mlpRatio ≥ 0; got " + this);
        }
    }
}
