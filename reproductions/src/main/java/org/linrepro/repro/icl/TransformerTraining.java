package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.linrepro.run.Progress;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.IclTransformer;
import org.linrepro.train.AdamSettings;
import org.linrepro.train.Objective;
import org.linrepro.train.Schedules;
import org.linrepro.train.TrainingLoop;
import org.linrepro.train.TrainingSettings;

/**
 * Trains an {@link IclTransformer} on fresh prompts every step with the loss Garg et al. use: the squared error
 * of the prediction at every position (every context size 0 … n−1), averaged (Adam, warm-up + cosine decay,
 * gradient clipping at norm 1, NaN detection: the one {@link TrainingLoop}).
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
        PromptDistribution dist = PromptDistribution.isotropic(s.spec().d(), s.spec().maxExamples(), s.noise());
        int warmup = Math.max(1, s.steps() / 20);
        TrainingSettings t = TrainingSettings.of("train transformer d=" + s.spec().d() + " σ²=" + s.noise(), s.steps(),
                AdamSettings.standard(), step -> Schedules.warmupCosine(step, s.steps(), warmup, s.lr(), 0.01))
                .withClipNorm(1.0).withProgressEvery(50);
        TrainingLoop.run(manager, model.parameters(), new Objective<RegressionPrompts>() {
            @Override
            public RegressionPrompts batch(NDManager m, int step) {
                return RegressionPrompts.sample(m, s.batch(), dist, DataType.FLOAT32);
            }

            @Override
            public long tokens(RegressionPrompts b) {
                return (long) s.batch() * 2 * s.spec().maxExamples(); // x and y tokens per prompt
            }

            @Override
            public NDArray loss(NDManager m, RegressionPrompts b, int index, int count) {
                // one part: these settings never split a batch
                return model.predictAll(b).sub(b.y()).square().mean();
            }
        }, t, progress);
        for (NDArray p : model.parameters()) {
            p.setRequiresGradient(false);
        }
        return model;
    }
}
