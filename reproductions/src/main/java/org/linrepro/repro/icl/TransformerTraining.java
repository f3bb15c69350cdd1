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
import org.linrepro.nn.icl.IclTransformer;
import org.linrepro.train.Adam;
import org.linrepro.train.Schedules;
import org.linrepro.train.TrainingDivergedException;

/**
 * Trains an {@link IclTransformer} on fresh prompts every step with the loss Garg et al. use: the squared error
 * of the prediction at every position (every context size 0 … n−1), averaged (Adam, warm-up + cosine decay,
 * gradient clipping at norm 1, NaN detection).
 */
final class TransformerTraining {
    record Settings(IclTransformer.Spec spec, double noise, int steps, int batch, double lr, long seed) {}

    private TransformerTraining() {}

    /** Runs with the intra-op thread count the caller set (the claim runner uses {@code CpuThreads}, default 1). */
    static IclTransformer train(NDManager manager, Settings s, Progress progress) {
        Engine.getInstance().setRandomSeed((int) (s.seed() & 0x7fffffff));
        IclTransformer model = IclTransformer.create(manager, s.spec());
        for (NDArray p : model.parameters()) {
            p.setRequiresGradient(true);
        }
        Adam adam = Adam.standard(model.parameters());
        PromptDistribution dist = PromptDistribution.isotropic(s.spec().d(), s.spec().maxExamples(), s.noise());
        int warmup = Math.max(1, s.steps() / 20);
        double smoothed = Double.NaN;
        long t0 = System.nanoTime();
        String phase = "train transformer d=" + s.spec().d() + " σ²=" + s.noise();
        progress.trainingStarts(phase, model.parameters().stream().mapToLong(p -> p.getShape().size()).sum(),
                (long) s.batch() * 2 * s.spec().maxExamples(), s.steps()); // x and y tokens per prompt
        for (int step = 0; step < s.steps(); step++) {
            double lossValue;
            try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                RegressionPrompts b = RegressionPrompts.sample(sm, s.batch(), dist, DataType.FLOAT32);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = model.predictAll(b).sub(b.y()).square().mean();
                    gc.backward(loss);
                    lossValue = loss.getFloat();
                }
                TrainingDivergedException.check("training loss", step, lossValue);
                double norm = adam.clipGradients(1.0);
                TrainingDivergedException.check("gradient norm", step, norm);
                adam.step(Schedules.warmupCosine(step, s.steps(), warmup, s.lr(), 0.01));
            }
            smoothed = Double.isNaN(smoothed) ? lossValue : 0.98 * smoothed + 0.02 * lossValue;
            if (step % progress.every(50) == 0 || step == s.steps() - 1) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                progress.update(phase, step + 1, s.steps(),
                        Map.of("loss/d", smoothed / s.spec().d(), "steps/s", (step + 1) / Math.max(elapsed, 1e-9)));
            }
        }
        for (NDArray p : model.parameters()) {
            p.setRequiresGradient(false);
        }
        return model;
    }
}
