package org.linrepro.run;

import java.util.Map;

/** Progress of long work (training, Monte-Carlo): the CLI shows a live line, tests print sparse lines. */
public interface Progress {
    /**
     * @param phase   what is running ("train", "evaluate", "monte-carlo")
     * @param step    steps done
     * @param total   steps planned
     * @param metrics named numbers to show (loss, accuracy, tokens/s)
     */
    void update(String phase, long step, long total, Map<String, Double> metrics);

    /**
     * How often a trainer reports, given its usual interval in steps. A plan's pilot asks for every step, so that a
     * few steps at the full configuration are enough to time one.
     */
    default int every(int usualInterval) {
        return usualInterval;
    }

    /**
     * A trainer announces a training run just before its first step (so a plan learns the model's size without
     * reading any experiment's config).
     *
     * @param phase         the phase name its updates will carry
     * @param parameters    trained parameters (scalars)
     * @param tokensPerStep tokens (or examples, for models without tokens) one optimiser step processes
     * @param steps         optimiser steps planned
     */
    default void trainingStarts(String phase, long parameters, long tokensPerStep, long steps) {}

    /** Called once when the work of one claim is finished (clears a live line). */
    default void done() {}

    Progress NONE = (phase, step, total, metrics) -> { };
}
