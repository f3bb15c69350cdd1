package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import org.linrepro.nn.lm.LanguageModel;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;

/**
 * Trains a {@link LanguageModel} on a token stream, on the one {@link TrainingLoop} with an {@link LmObjective}:
 * random contiguous windows, AdamW (matrices decayed), warm-up then cosine or inverse-sqrt decay, global-norm
 * clipping, NaN/Inf detection, micro-batches, periodic atomic checkpoints with exact resume, and progress.
 *
 * <p>The windows of step s come from {@code Random(seed, s)} alone, so a resumed run sees exactly the batches the
 * uninterrupted run would have seen.
 */
public final class LmTrainer {

    /**
     * COSINE and INVERSE_SQRT as the quick tier was measured (warm-up from step + 1); FAIRSEQ_INVERSE_SQRT is fairseq's
     * inverse_sqrt from --warmup-init-lr 1e-7 (the TransNormer ALM script), see {@link Schedules#fairseqInverseSqrt}.
     */
    public enum Schedule { COSINE, INVERSE_SQRT, FAIRSEQ_INVERSE_SQRT }

    /** fairseq's --warmup-init-lr in the TransNormer ALM recipe. */
    public static final double FAIRSEQ_WARMUP_INIT = 1e-7;

    /**
     * @param batch      windows per optimiser step
     * @param checkpoint file to resume from and save to every {@code checkpointEvery} steps, or null for none
     * @param accumulate micro-batches per step (fairseq's update_freq): the step's {@code batch} windows are run in
     *                   {@code accumulate} equal slices whose gradients add up before the update, so the update is
     *                   that of the whole batch while only batch/accumulate windows are in memory at once
     */
    public record Settings(int steps, int batch, int length, double lr, int warmup, Schedule schedule, double clip,
            double weightDecay, double beta1, double beta2, long seed, Path checkpoint, int checkpointEvery,
            String configHash, int accumulate) {
        public Settings {
            if (steps < 1 || batch < 1 || length < 1) {
                throw new LinreproException("LM training needs steps, batch and length ≥ 1");
            }
            if (!(lr > 0) || warmup < 0) {
                throw new LinreproException("LM training needs lr > 0 and warmup ≥ 0");
            }
            if (accumulate < 1 || batch % accumulate != 0) {
                throw new LinreproException("LM training: accumulate (micro-batches per step) must be ≥ 1 and divide "
                        + "the batch " + batch + ", got " + accumulate);
            }
        }

        /** Without gradient accumulation (one micro-batch per step). */
        public Settings(int steps, int batch, int length, double lr, int warmup, Schedule schedule, double clip,
                double weightDecay, double beta1, double beta2, long seed, Path checkpoint, int checkpointEvery,
                String configHash) {
            this(steps, batch, length, lr, warmup, schedule, clip, weightDecay, beta1, beta2, seed, checkpoint,
                    checkpointEvery, configHash, 1);
        }

        public Settings withAccumulation(int microBatches) {
            return new Settings(steps, batch, length, lr, warmup, schedule, clip, weightDecay, beta1, beta2, seed,
                    checkpoint, checkpointEvery, configHash, microBatches);
        }

        public static Settings quick(int steps, int batch, int length, double lr, long seed) {
            return new Settings(steps, batch, length, lr, Math.max(1, steps / 10), Schedule.COSINE, 1.0, 0.01, 0.9,
                    0.98, seed, null, 0, "");
        }

        public Settings withCheckpoint(Path file, int every, String hash) {
            return new Settings(steps, batch, length, lr, warmup, schedule, clip, weightDecay, beta1, beta2, seed,
                    file, every, hash, accumulate);
        }

        double lrAt(int step) {
            return switch (schedule) {
                case COSINE -> Schedules.warmupCosine(step, steps, Math.max(1, warmup), lr, 0.1);
                case INVERSE_SQRT -> Schedules.inverseSqrt(step, Math.max(1, warmup), lr);
                case FAIRSEQ_INVERSE_SQRT -> Schedules.fairseqInverseSqrt(Math.max(1, warmup), lr, FAIRSEQ_WARMUP_INIT)
                        .at(step);
            };
        }
    }

    /** Training curve: (step, tokens seen, seconds, smoothed loss) at each progress line. */
    public record Log(List<double[]> points, double finalLoss, double tokensPerSecond, int resumedAt) {}

    private LmTrainer() {}

    /** Trains in place; the model must be initialised. */
    public static Log train(LanguageModel model, int[] tokens, Settings s, Progress progress) {
        return train(model, tokens, s, progress, s.steps());
    }

    /**
     * As {@link #train(LanguageModel, int[], Settings, Progress)} but stops after step {@code stopAt} (≤ steps) with
     * the schedule of the full run: an interrupted run, resumable from its checkpoint.
     */
    public static Log train(LanguageModel model, int[] tokens, Settings s, Progress progress, int stopAt) {
        if (tokens.length < s.length() + 2) {
            throw new LinreproException("training stream has " + tokens.length + " tokens; need more than the window "
                    + s.length());
        }
        if (s.length() > model.config().maxLength()) {
            throw new LinreproException("training length " + s.length() + " is longer than the model's maximum "
                    + model.config().maxLength());
        }
        List<NDArray> params = model.parameterArrays();
        TrainingSettings t = TrainingSettings.of("train " + model.config().mixer(), s.steps(),
                AdamSettings.forLanguageModel(s.beta1(), s.beta2(), 1e-8, s.weightDecay()), s::lrAt)
                .withClipNorm(s.clip()).withMicroBatches(s.accumulate())
                .withProgressEvery(Math.max(1, s.steps() / 50));
        if (model.config().dropout() > 0) {
            // masks from (seed, step) alone, so a resumed run is exact; without dropout the engine's stream is
            // untouched, as the quick tier was measured
            t = t.withDropoutSeed(s.seed());
        }
        if (s.checkpoint() != null) {
            t = t.withCheckpoint(s.checkpoint(), s.checkpointEvery(),
                    s.configHash() + " names#" + Integer.toHexString(model.parameterNames().hashCode()));
        }
        TrainingLoop.Result r = TrainingLoop.run(params.get(0).getManager(), params,
                new LmObjective(model, tokens, s.batch(), s.length(), s.seed()), t, progress, stopAt);
        for (NDArray p : params) {
            p.setRequiresGradient(false);
        }
        return new Log(r.log(), r.lastLoss(), r.tokensPerSecond(), r.resumedAt());
    }
}
