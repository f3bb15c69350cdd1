package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.linrepro.run.Progress;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.LinearSelfAttentionRegressor;
import org.linrepro.train.Adam;
import org.linrepro.train.Schedules;
import org.linrepro.train.TrainingDivergedException;

/**
 * Trains one linear self-attention layer on fresh in-context regression prompts every step (Adam, warm-up +
 * cosine decay, gradient clipping, NaN detection), as Mahankali et al. and von Oswald et al. do.
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
        Adam adam = Adam.standard(model.parameters());
        int warmup = Math.max(1, s.steps() / 20);
        double smoothed = Double.NaN;
        long t0 = System.nanoTime();
        String phase = "train LSA d=" + s.d() + " n=" + s.n();
        progress.trainingStarts(phase, model.parameters().stream().mapToLong(p -> p.getShape().size()).sum(),
                (long) s.batch() * (s.n() + 1), s.steps()); // n examples and the query per prompt
        for (int step = 0; step < s.steps(); step++) {
            double lossValue;
            try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                RegressionPrompts b = sampler.draw(sm, s.batch());
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = model.predict(b).sub(b.target()).square().mean();
                    gc.backward(loss);
                    lossValue = loss.getFloat();
                }
                TrainingDivergedException.check("training loss", step, lossValue);
                double norm = adam.clipGradients(10.0 * s.d());
                TrainingDivergedException.check("gradient norm", step, norm);
                adam.step(Schedules.warmupCosine(step, s.steps(), warmup, s.lr(), 0.01));
            }
            if (hook != null) {
                hook.afterStep(step + 1, model);
            }
            smoothed = Double.isNaN(smoothed) ? lossValue : 0.98 * smoothed + 0.02 * lossValue;
            if (step % progress.every(50) == 0 || step == s.steps() - 1) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                progress.update(phase, step + 1, s.steps(),
                        Map.of("loss", smoothed, "steps/s", (step + 1) / Math.max(elapsed, 1e-9)));
            }
        }
        for (NDArray p : model.parameters()) {
            p.setRequiresGradient(false);
        }
        return model;
    }
}
