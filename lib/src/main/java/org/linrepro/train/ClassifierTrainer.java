package org.linrepro.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.linrepro.nn.Classifier;
import org.linrepro.run.Progress;
import org.linrepro.util.LinreproException;

/**
 * Supervised classification training for sequence classifiers, on the one {@link TrainingLoop} with a
 * {@link ClassifierObjective}: AdamW, linear warm-up then cosine decay (or the {@link Schedule} the settings name),
 * global gradient-norm clipping, NaN detection, evaluation on a validation set every {@code evalEvery} steps with
 * best-weights selection (the model ends with its best weights, or with its last ones if the settings say so).
 * Batches come from seeded epoch permutations, so the same seed gives the same run on the CPU.
 *
 * @param <E> example type
 */
public final class ClassifierTrainer<E> {

    /**
     * @param clipNorm  global gradient-norm clip; 0 = no clipping
     * @param schedule  the learning rate per step; {@code null} = {@link Schedules#warmupCosine} from {@code lr} and
     *                  {@code warmup} (what the quick tier was measured with)
     * @param keepLast  end with the last weights (the LRA code tests its final model) instead of the best-validation ones
     */
    public record Settings(int steps, int batch, double lr, double weightDecay, int warmup, double clipNorm,
            int evalEvery, long seed, Schedule schedule, boolean keepLast) {
        public Settings {
            if (steps < 1 || batch < 1 || !(lr > 0) || weightDecay < 0 || warmup < 0 || !(clipNorm >= 0)
                    || evalEvery < 1) {
                throw new LinreproException("training settings: need steps ≥ 1, batch ≥ 1, lr > 0, weight decay ≥ 0, "
                        + "warm-up ≥ 0, clip norm ≥ 0, evalEvery ≥ 1; got " + this);
            }
        }

        /** Warm-up + cosine to zero, best-validation weights at the end. */
        public Settings(int steps, int batch, double lr, double weightDecay, int warmup, double clipNorm, int evalEvery,
                long seed) {
            this(steps, batch, lr, weightDecay, warmup, clipNorm, evalEvery, seed, null, false);
        }

        public Settings withSchedule(Schedule s) {
            return new Settings(steps, batch, lr, weightDecay, warmup, clipNorm, evalEvery, seed, s, keepLast);
        }

        public Settings withKeepLast(boolean last) {
            return new Settings(steps, batch, lr, weightDecay, warmup, clipNorm, evalEvery, seed, schedule, last);
        }

        double lrAt(int step) {
            return schedule == null ? Schedules.warmupCosine(step, steps, warmup, lr, 0.0) : schedule.at(step);
        }

        /** The text checkpoints are keyed by: the first eight fields alone for the default schedule and selection. */
        @Override
        public String toString() {
            String base = "Settings[steps=" + steps + ", batch=" + batch + ", lr=" + lr + ", weightDecay=" + weightDecay
                    + ", warmup=" + warmup + ", clipNorm=" + clipNorm + ", evalEvery=" + evalEvery + ", seed=" + seed;
            return base + (schedule == null ? "" : ", schedule=" + schedule) + (keepLast ? ", keepLast=true" : "") + "]";
        }
    }

    /** Outcome: best validation accuracy and when, last smoothed loss, throughput, and the curve. */
    public record Result(double bestValidAccuracy, int bestStep, double finalLoss, double tokensPerSecond,
            double seconds, List<double[]> curve) {}

    private final Classifier<E> model;
    private final Settings s;
    private final Progress progress;
    private final String phase;
    private Path checkpoints;

    public ClassifierTrainer(Classifier<E> model, Settings settings, Progress progress, String phase) {
        this.model = model;
        this.s = settings;
        this.progress = progress;
        this.phase = phase;
    }

    /**
     * Saves {@code last.ckpt} in {@code dir} at every evaluation (the {@link TrainingLoop}'s one checkpoint format:
     * weights, Adam moments and step, losses, curve, best-validation weights). A later {@link #train} with the same
     * settings and model resumes from it and ends with exactly the parameters and result of an uninterrupted run
     * (CPU, same thread count): the batch order is replayed and dropout is reseeded per step. A checkpoint of other
     * settings is refused.
     */
    public ClassifierTrainer<E> checkpointTo(Path dir) {
        this.checkpoints = dir;
        return this;
    }

    /** The loop's settings for these: AdamW (0.9, 0.98, 1e-9), evaluation and checkpoint every evalEvery steps. */
    TrainingSettings loopSettings() {
        TrainingSettings t = TrainingSettings.of(phase, s.steps(), AdamSettings.of(0.9, 0.98, 1e-9, s.weightDecay()),
                s::lrAt).withClipNorm(s.clipNorm()).withEvaluation(s.evalEvery(), !s.keepLast())
                .withDropoutSeed(s.seed()).withProgressEvery(10);
        return checkpoints == null ? t : t.withCheckpoint(checkpoints.resolve("last.ckpt"), s.evalEvery(), s.toString());
    }

    public Result train(NDManager manager, List<E> train, List<E> valid) {
        if (train.isEmpty() || valid.isEmpty()) {
            throw new LinreproException(phase + ": training and validation sets must not be empty");
        }
        TrainingLoop.Result r = TrainingLoop.run(manager, model.parameters(),
                new ClassifierObjective<>(model, train, valid, s.batch(), s.seed()), loopSettings(), progress);
        return new Result(r.bestScore(), r.bestStep(), r.smoothed(), r.tokensPerSecond(), r.seconds(),
                r.evaluations());
    }

    /** Accuracy of the model as it is now, in batches of {@code batch}. */
    public double accuracy(NDManager manager, List<E> data, int batch) {
        return ClassifierObjective.accuracy(model, manager, data, batch);
    }
}
