package org.linrepro.train;

import org.linrepro.util.LinreproException;

/** The loss or a gradient became NaN or infinite: the run stops with this message (exit code 1). */
public final class TrainingDivergedException extends LinreproException {
    public TrainingDivergedException(String what, int step, double value) {
        super(what + " became " + value + " at step " + step
                + "; lower the learning rate or check the inputs (nothing written so far was lost)", FAILED, null);
    }

    public static void check(String what, int step, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new TrainingDivergedException(what, step, value);
        }
    }
}
