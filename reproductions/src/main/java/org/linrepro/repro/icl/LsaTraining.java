package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.linrepro.run.Progress;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.LinearSelfAttentionRegressor;
import org.linrepro.train.AdamSettings;
import org.linrepro.train.Objective;
import org.linrepro.train.Schedules;
import org.linrepro.train.TrainingLoop;
import org.linrepro.train.TrainingSettings;

/**
 * Trains one linear self-attention layer on fresh in-context regression prompts every step (Adam, warm-up +
 * cosine decay, gradient clipping, NaN detection: the one {@link TrainingLoop}), as Mahankali et al. and von Oswald
 * et al. do.
 */
final class LsaTraining {
    record Settings(int d, int n, double noise, int steps, int batch, double lr, double initScale, long seed) {}

    private LsaTraining() {}

    /** Draws one training batch (fresh prompts) into the step's manager. */
    @FunctionalInterface
    interface Sampler {
        RegressionPrompts draw(NDManager manager, int batch);
    }

    /** Called after an optimiser step (outside the gradient collector), e.g. to record a curve over training. */
    @FunctionalInterface
    interface StepHook {
        void afterStep(int stepsDone, LinearSelfAttentionRegressor model);
    }

    /** Isotropic Gaussian prompts of the settings' shape. */
    static LinearSelfAttentionRegressor train(NDManager manager, Settings s, Progress progress) {
        return train(manager, s, (m, batch) -> RegressionPrompts.sample(m, batch, s.n(), s.d(), s.noise(),
                DataType.FLOAT32), progress, null);
    }

    /** Prompts from {@code dist} (its d, n and noise must match the settings). */
    static LinearSelfAttentionRegressor train(NDManager manager, Settings s, PromptDistribution dist,
            Progress progress, StepHook hook) {
        if (dist.d() != s.d() || dist.n() != s.n() || dist.noise() != s.noise()) {
            throw new IllegalArgumentException("distribution " + dist.d() + "/" + dist.n() + "/" + dist.noise()
                    + " does not match the settings " + s);
        }
        return train(manager, s, (m, batch) -> RegressionPrompts.sample(m, batch, dist, DataType.FLOAT32), progress,
                hook);
    }

    static LinearSelfAttentionRegressor train(NDManager manager, Settings s, Sampler sampler, Progress progress,
            StepHook hook) {
        Engine.getInstance().setRandomSeed((int) (s.seed() & 0x7fffffff));
        LinearSelfAttentionRegressor model = LinearSelfAttentionRegressor.create(manager, s.d(), s.initScale());
        for (NDArray p : model.parameters()) {
            p.setRequiresGradient(true);
        }
        int warmup = Math.max(1, s.steps() / 20);
        TrainingSettings t = TrainingSettings.of("train LSA d=" + s.d() + " n=" + s.n(), s.steps(),
                AdamSettings.standard(), step -> Schedules.warmupCosine(step, s.steps(), warmup, s.lr(), 0.01))
                .withClipNorm(10.0 * s.d()).withProgressEvery(50);
        TrainingLoop.run(manager, model.parameters(), new Objective<RegressionPrompts>() {
            @Override
            public RegressionPrompts batch(NDManager m, int step) {
                return sampler.draw(m, s.batch());
            }

            @Override
            public long tokens(RegressionPrompts b) {
                return (long) s.batch() * (s.n() + 1); // n examples and the query per prompt
            }

            @Override
            public NDArray loss(NDManager m, RegressionPrompts b, int index, int count) {
                // one part: these settings never split a batch (fresh prompts each step are cheap)
                return model.predict(b).sub(b.target()).square().mean();
            }

            @Override
            public void afterStep(int stepsDone) {
                if (hook != null) {
                    hook.afterStep(stepsDone, model);
                }
            }
        }, t, progress);
        for (NDArray p : model.parameters()) {
            p.setRequiresGradient(false);
        }
        return model;
    }
}
